from django.db import models
from django.db.models import Q
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from shanglian.core.scope import ScopedQuerySet, UserScope, relaxed_scope


class OrgKind(models.TextChoices):
    FEDERATION = "federation", "工商联（总商会）"
    CHAMBER = "chamber", "商会"
    DEPARTMENT = "department", "政府部门"


class ChamberKind(models.TextChoices):
    STREET = "street", "街道商会"
    INDUSTRY = "industry", "行业商会"
    HOMETOWN = "hometown", "异地商会"
    OTHER = "other", "其他"


class OrganizationQuerySet(ScopedQuerySet, MP_NodeQuerySet):
    """Organizations go through the data scope like tenant rows: inside a request an unscoped
    `Organization.objects.…` raises (SCOPE_STRICT); services reading across tenants call `.unscoped()`."""

    def chambers(self):
        return self.filter(kind=OrgKind.CHAMBER)

    def federations(self):
        return self.filter(kind=OrgKind.FEDERATION)

    def delete(self, *args, **kwargs):
        self._check_scoped()
        with relaxed_scope():  # treebeard fixes the parents' numchild with its own queries
            return super().delete(*args, **kwargs)


# Walking the tree from a node already in hand (its parent, children, ancestors) is like following a
# related manager: allowed, and the result counts as scoped. Reading the whole tree (get_tree(),
# get_root_nodes()) is not: that goes through visible_to like any other read. Treebeard's writes run their
# bookkeeping queries (numchild, paths) themselves.
_NODE_NAVIGATION = (
    "get_children",
    "get_siblings",
    "get_descendants",
    "get_descendant_count",
    "get_first_child",
    "get_last_child",
    "get_first_sibling",
    "get_last_sibling",
    "get_prev_sibling",
    "get_next_sibling",
    "get_root",
    "get_parent",
    "get_ancestors",
)
_TREE_WRITES = ("add_root", "add_child", "add_sibling", "move", "fix_tree", "load_bulk")


def _tree_method(name):
    def method(self, *args, **kwargs):
        with relaxed_scope():
            result = getattr(super(OrganizationManager, self), name)(*args, **kwargs)
        return result.unscoped() if isinstance(result, ScopedQuerySet) else result

    method.__name__ = name
    return method


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):
    def get_queryset(self):
        return OrganizationQuerySet(self.model).order_by("path")

    def create_root(self, **fields):
        return self.add_root(create_kwargs=fields)

    def create_child(self, parent, **fields):
        # A stale parent (numchild/path) would make treebeard hand out a path already taken.
        parent.refresh_from_db()
        return self.add_child(parent, create_kwargs=fields)


for _name in _NODE_NAVIGATION + _TREE_WRITES:
    setattr(OrganizationManager, _name, _tree_method(_name))


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
    # A chamber's latest activity (meeting, new member, transition, rating, charter), stamped when the
    # activity is saved (chambers.activity) so the dormant-chamber to-do reads one column instead of
    # aggregating every source table on each home page.
    last_active_on = models.DateField("最近活动日期", null=True, blank=True, editable=False)
    # The day the stamp was last checked against every activity source (at most once a day per chamber).
    activity_checked_on = models.DateField("活动核对日期", null=True, blank=True, editable=False)
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

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        # Admins and leaders see their subtree; a secretary their own chamber, a liaison their department.
        q = scope.tree_q("", write=write)
        if not write:
            q |= scope.chamber_q("pk") | scope.department_q("pk")
        return q

    def delete(self, *args, **kwargs):
        return type(self).objects.unscoped().filter(pk=self.pk).delete(*args, **kwargs)

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
            Organization.objects.unscoped()
            .filter(kind=OrgKind.FEDERATION, path__in=self._ancestor_paths())
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
