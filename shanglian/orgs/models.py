from django.db import models
from django.db.models import Q
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from shanglian.core.scope import scope_for


class OrgKind(models.TextChoices):
    FEDERATION = "federation", "工商联（总商会）"
    CHAMBER = "chamber", "商会"
    DEPARTMENT = "department", "政府部门"


class ChamberKind(models.TextChoices):
    STREET = "street", "街道商会"
    INDUSTRY = "industry", "行业商会"
    HOMETOWN = "hometown", "异地商会"
    OTHER = "other", "其他"


class OrganizationQuerySet(MP_NodeQuerySet):
    def visible_to(self, user):
        scope = scope_for(user)
        if scope.superuser:
            return self
        if scope.empty:
            return self.none()
        return self.filter(_org_q(scope, write=False))

    def editable_by(self, user):
        scope = scope_for(user)
        if scope.superuser:
            return self
        return self.filter(_org_q(scope, write=True)) if not scope.empty else self.none()

    def chambers(self):
        return self.filter(kind=OrgKind.CHAMBER)

    def federations(self):
        return self.filter(kind=OrgKind.FEDERATION)


def _org_q(scope, *, write: bool) -> Q:
    q = Q(pk__in=[])
    for p in scope.admin_paths if write else scope.read_paths:
        q |= Q(path__startswith=p)
    if not write:
        # A secretary sees their own chamber; a liaison their own department.
        q |= Q(pk__in=scope.chamber_ids) | Q(pk__in=scope.department_ids)
    return q


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):
    def get_queryset(self):
        return OrganizationQuerySet(self.model).order_by("path")

    def create_root(self, **fields):
        return self.add_root(create_kwargs=fields)

    def create_child(self, parent, **fields):
        # A stale parent (numchild/path) would make treebeard hand out a path already taken.
        parent.refresh_from_db()
        return self.add_child(parent, create_kwargs=fields)


class Organization(MP_Node):
    """A node of the org tree: city federation → district federation → chambers (and departments)."""

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("类型", max_length=20, choices=OrgKind.choices)
    chamber_kind = models.CharField("商会类型", max_length=20, choices=ChamberKind.choices, blank=True)
    street = models.CharField("所属街道", max_length=50, blank=True)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    unveiled_on = models.DateField("揭牌日期", null=True, blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = OrganizationManager()

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=OrgKind.CHAMBER) & ~Q(chamber_kind=""))
                | (~Q(kind=OrgKind.CHAMBER) & Q(chamber_kind="")),
                name="org_chamber_kind_iff_chamber",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_chamber(self):
        return self.kind == OrgKind.CHAMBER

    @property
    def is_federation(self):
        return self.kind == OrgKind.FEDERATION

    def federation(self):
        """The nearest federation at or above this node (the tenant that owns its data)."""
        if self.is_federation:
            return self
        return (
            Organization.objects.filter(kind=OrgKind.FEDERATION, path__in=self._ancestor_paths())
            .order_by("-depth")
            .first()
        )

    def _ancestor_paths(self):
        return [self.path[: i * self.steplen] for i in range(1, self.depth)]

    @property
    def kind_label(self):
        if self.is_chamber:
            return self.get_chamber_kind_display()
        return self.get_kind_display()
