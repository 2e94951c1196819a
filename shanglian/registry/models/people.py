"""People (企业家) and their roles in enterprises."""

import datetime

from django.db import models
from django.db.models import Q

from shanglian.core.crypto import BlindIndexField, EncryptedCharField
from shanglian.core.phones import validate_phone
from shanglian.core.scope import TenantModel
from shanglian.registry.codes import id_number_validator
from shanglian.registry.models.choices import Education, Gender, PoliticalStatus, RoleTitle
from shanglian.registry.models.enterprises import Enterprise, _ThroughEnterprise, federation_in
from shanglian.registry.models.memberships import Membership


class Person(TenantModel):
    """An entrepreneur or other person in the registry (企业家)."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="所属工商联", on_delete=models.PROTECT, related_name="people"
    )
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True, db_index=True)
    political_status = models.CharField(
        "政治面貌", max_length=20, choices=PoliticalStatus.choices, blank=True
    )
    education = models.CharField("学历", max_length=20, choices=Education.choices, blank=True)
    # Encrypted at rest; equality (uniqueness, import upsert, lookups) goes through the keyed blind index.
    id_number = EncryptedCharField(
        "身份证号", plain_max_length=18, blank=True, validators=[id_number_validator]
    )
    id_number_hash = BlindIndexField("身份证号索引", source="id_number", db_index=True)
    phone = models.CharField("手机", max_length=20, blank=True, validators=[validate_phone])
    is_npc_deputy = models.BooleanField("人大代表", default=False)
    is_cppcc_member = models.BooleanField("政协委员", default=False)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="所在企业",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_org = "federation"
    scope_enterprise = "enterprise"
    enterprise_can_edit = True

    class Meta:
        verbose_name = "企业家"
        verbose_name_plural = "企业家"
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "id_number_hash"],
                condition=~Q(id_number_hash=""),
                name="person_id_number_once_per_federation",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "id_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "id_number_hash"}
        super().save(*args, **kwargs)

    @classmethod
    def id_number_q(cls, number: str) -> Q:
        """Filter for the person(s) with this 身份证号 (the column itself is encrypted)."""
        from shanglian.core.crypto import blind_index

        return Q(id_number_hash=blind_index(number))

    def age_on(self, on: datetime.date) -> int | None:
        if not self.birth_date:
            return None
        b = self.birth_date
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))

    @property
    def age(self) -> int | None:
        return self.age_on(datetime.date.today())

    @classmethod
    def scope_q(cls, scope, *, write: bool) -> Q:
        q = federation_in(scope.tree_paths(write=write), scope.memo)
        if scope.has_chambers:
            members = Membership.unscoped_objects.filter(scope.chamber_q("chamber")).values("enterprise_id")
            q |= Q(enterprise__in=members)
        return q | scope.enterprise_q("enterprise")


class PersonRole(_ThroughEnterprise):
    """A person's role in an enterprise (法定代表人 / 董事长 / 总经理 / 股东 …)."""

    person = models.ForeignKey(Person, verbose_name="企业家", on_delete=models.CASCADE, related_name="roles")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="person_roles"
    )
    title = models.CharField("职务", max_length=30, choices=RoleTitle.choices)

    class Meta:
        verbose_name = "企业职务"
        verbose_name_plural = "企业职务"
        constraints = [
            models.UniqueConstraint(fields=["person", "enterprise", "title"], name="person_role_unique"),
        ]

    def __str__(self):
        return f"{self.person} {self.enterprise} {self.get_title_display()}"
