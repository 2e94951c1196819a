"""法人治理体系: organs and their terms (届次), organ members, meetings, rotating presidency, hired staff."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q

from shanglian.attachments.models import attachment_of
from shanglian.attachments.uses import register_use
from shanglian.core.roles import ADMIN, LEADER, SECRETARY, register_capabilities
from shanglian.core.scope import TenantModel

register_capabilities(
    {
        "governance.view": {ADMIN, LEADER, SECRETARY},
        "governance.edit": {ADMIN, SECRETARY},
        "governance.export": {ADMIN, LEADER, SECRETARY},
    }
)

MINUTES = "governance.minutes"
STAFF_CONTRACT = "governance.staff_contract"
register_use(
    MINUTES,
    label="会议纪要",
    types={"pdf", "doc", "docx", "jpg", "png", "txt"},
    view_capability="governance.view",
)
register_use(
    STAFF_CONTRACT,
    label="聘任合同",
    types={"pdf", "doc", "docx", "jpg", "png"},
    view_capability="governance.view",
)

# How far ahead the 换届 reminder and the contract reminder look.
TERM_REMINDER_DAYS = 90
CONTRACT_REMINDER_DAYS = 60


class Organ(models.TextChoices):
    ASSEMBLY = "assembly", "会员（代表）大会"
    COUNCIL = "council", "理事会"
    SUPERVISORY_BOARD = "supervisory_board", "监事会"
    PRESIDENT_OFFICE = "president_office", "会长办公会"


# The organs whose current members are the chamber's 班子成员 (leadership).
LEADERSHIP_ORGANS = (Organ.COUNCIL, Organ.PRESIDENT_OFFICE, Organ.SUPERVISORY_BOARD)


class MemberRole(models.TextChoices):
    PRESIDENT = "president", "会长"
    EXECUTIVE_PRESIDENT = "executive_president", "执行会长"
    VICE_PRESIDENT = "vice_president", "副会长"
    SECRETARY_GENERAL = "secretary_general", "秘书长"
    DIRECTOR = "director", "理事"
    SUPERVISOR_CHAIR = "supervisor_chair", "监事长"
    SUPERVISOR = "supervisor", "监事"
    DELEGATE = "delegate", "会员代表"


class Term(TenantModel):
    """One term (届次) of one organ of a chamber. Terms of the same organ never overlap."""

    chamber = models.ForeignKey(
        "orgs.Organization", verbose_name="商会", on_delete=models.PROTECT, related_name="governance_terms"
    )
    organ = models.CharField("机构", max_length=30, choices=Organ.choices)
    number = models.PositiveSmallIntegerField("届次")
    start_on = models.DateField("任期开始")
    end_on = models.DateField("任期届满")
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_org = "chamber"

    class Meta:
        verbose_name = "届次"
        verbose_name_plural = "届次"
        ordering = ["chamber_id", "organ", "-start_on"]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gt=F("start_on")), name="term_end_after_start"),
            models.CheckConstraint(condition=Q(number__gte=1), name="term_number_positive"),
            models.UniqueConstraint(fields=["chamber", "organ", "number"], name="term_unique_number"),
            # On PostgreSQL migration 0002 adds an exclusion constraint: no overlapping terms per organ.
        ]

    def __str__(self):
        return f"{self.chamber} {self.get_organ_display()} 第{self.number}届"

    def is_current(self, on) -> bool:
        return self.start_on <= on <= self.end_on


class OrganMember(TenantModel):
    """A person serving in an organ during one term (会长、副会长、理事、监事长、监事、秘书长…)."""

    term = models.ForeignKey(Term, verbose_name="届次", on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "registry.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="organ_memberships"
    )
    role = models.CharField("职务", max_length=30, choices=MemberRole.choices)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_org = "term__chamber"

    class Meta:
        verbose_name = "机构成员"
        verbose_name_plural = "机构成员"
        constraints = [
            models.UniqueConstraint(fields=["term", "person"], name="organ_member_once_per_term"),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()}"


def minutes_path(instance, filename):
    # Kept for migration 0001; minutes are attachments now (a random stored name, served by /files/).
    return f"governance/minutes/{instance.chamber_id}/{filename}"


class Meeting(TenantModel):
    """A meeting of an organ, with its attendees, resolutions, minutes and agenda items."""

    chamber = models.ForeignKey(
        "orgs.Organization", verbose_name="商会", on_delete=models.PROTECT, related_name="governance_meetings"
    )
    organ = models.CharField("机构", max_length=30, choices=Organ.choices)
    title = models.CharField("会议名称", max_length=200)
    held_on = models.DateField("召开日期")
    attendees = models.ManyToManyField(
        "registry.Person", verbose_name="出席人员", blank=True, related_name="governance_meetings"
    )
    resolutions = models.TextField("决议事项", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "chamber"

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on} {self.title}"

    @property
    def minutes(self):
        """The minutes (an `Attachment`), or None; prefetch `attachments` for lists."""
        return attachment_of(self, MINUTES)


class AgendaItem(TenantModel):
    """One agenda item; `party_building` marks 党建 items (同部署、同研究、同落实)."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="items")
    title = models.CharField("议题", max_length=200)
    party_building = models.BooleanField("党建议题", default=False)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    scope_org = "meeting__chamber"

    class Meta:
        verbose_name = "议题"
        verbose_name_plural = "议题"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class PresidentRotation(TenantModel):
    """One slot of the rotating presidency (会长轮值制). Slots never overlap, per chamber or per person."""

    chamber = models.ForeignKey(
        "orgs.Organization", verbose_name="商会", on_delete=models.PROTECT, related_name="president_rotations"
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="轮值会长",
        on_delete=models.PROTECT,
        related_name="president_rotations",
    )
    start_on = models.DateField("轮值开始")
    end_on = models.DateField("轮值结束")
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_org = "chamber"

    class Meta:
        verbose_name = "会长轮值"
        verbose_name_plural = "会长轮值"
        ordering = ["chamber_id", "start_on"]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gte=F("start_on")), name="rotation_end_after_start"),
        ]

    def __str__(self):
        return f"{self.person} 轮值 {self.start_on}～{self.end_on}"


class StaffPost(models.TextChoices):
    SECRETARY_GENERAL = "secretary_general", "秘书长"
    DEPUTY_SECRETARY_GENERAL = "deputy_secretary_general", "副秘书长"
    SECRETARIAT_STAFF = "secretariat_staff", "秘书处工作人员"


class HiringMode(models.TextChoices):
    CHAMBER = "chamber", "商会自聘"
    STREET = "street", "街道选聘"
    FEDERATION = "federation", "工商联选派"


class StaffAppointment(TenantModel):
    """秘书长及秘书处人员聘任制: a hired secretary-general or secretariat staff member and the contract."""

    chamber = models.ForeignKey(
        "orgs.Organization", verbose_name="商会", on_delete=models.PROTECT, related_name="staff_appointments"
    )
    name = models.CharField("姓名", max_length=50)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="对应人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_appointments",
    )
    post = models.CharField("岗位", max_length=30, choices=StaffPost.choices)
    hiring_mode = models.CharField("聘任方式", max_length=20, choices=HiringMode.choices)
    hired_by = models.CharField("聘任方", max_length=100, help_text="如：上马街道办事处")
    contract_start = models.DateField("合同开始")
    contract_end = models.DateField("合同到期")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "chamber"

    class Meta:
        verbose_name = "秘书处聘任"
        verbose_name_plural = "秘书处聘任"
        ordering = ["chamber_id", "contract_end"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_end__gt=F("contract_start")), name="staff_contract_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_post_display()}）"

    @property
    def contract_file(self):
        """The signed contract (an `Attachment`), or None; prefetch `attachments` for lists."""
        return attachment_of(self, STAFF_CONTRACT)
