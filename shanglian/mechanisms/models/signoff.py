"""顶格协调: collective sign-off (集体签字) by the federation's entrepreneur vice-chairs."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from shanglian.attachments.uses import register_use
from shanglian.core.scope import TenantModel, UserScope
from shanglian.mechanisms import capabilities  # noqa: F401  (the app's rights, registered first)

ROUND_FILE = "mechanisms.round_file"
register_use(
    ROUND_FILE,
    label="签字材料",
    types={"pdf", "doc", "docx", "jpg", "png", "txt"},
    view_capability="mechanisms.round_view",
    single=False,
    organization_of=lambda r: r.federation,
)


class ViceChair(TenantModel):
    """An entrepreneur vice-chair (企业家副主席) of a federation: a registry person, with a login once the
    federation admin opens one (role VICE_CHAIR, bound here)."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="工商联", on_delete=models.PROTECT, related_name="vice_chairs"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="企业家", on_delete=models.PROTECT, related_name="vice_chair_posts"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vice_chair",
    )
    title = models.CharField("职务", max_length=30, default="企业家副主席")
    active = models.BooleanField("在任", default=True)
    appointed_on = models.DateField("任职日期", null=True, blank=True)

    scope_org = "federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "企业家副主席"
        verbose_name_plural = "企业家副主席"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["federation", "person"], name="vice_chair_once_per_federation"),
        ]

    def __str__(self) -> str:
        return self.person.name

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        q = super().scope_q(scope, write=write)
        return q if write else q | scope.participant_q("user_id")


class SignOffRule(models.TextChoices):
    UNANIMOUS = "unanimous", "全体一致同意"
    M_OF_N = "m_of_n", "达到规定人数同意"
    MEETING = "meeting", "会议规则（三分之二以上参加表决，过半数同意）"


class RoundStatus(models.TextChoices):
    OPEN = "open", "签署中"
    APPROVED = "approved", "通过"
    REJECTED = "rejected", "未通过"
    LAPSED = "lapsed", "到期未形成决定"


class SignOffRound(TenantModel):
    """One collective sign-off on a key work item or a filing: the signers, the rule, the deadline, the outcome."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="工商联", on_delete=models.PROTECT, related_name="signoff_rounds"
    )
    title = models.CharField("签字事项", max_length=200)
    matter = models.TextField("事项说明")
    filing = models.ForeignKey(
        "mechanisms.Filing",
        verbose_name="关联报备事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signoff_rounds",
    )
    rule = models.CharField("表决规则", max_length=20, choices=SignOffRule.choices)
    required = models.PositiveSmallIntegerField("规定同意人数", null=True, blank=True)
    veto = models.BooleanField("任一不同意即否决", default=False)
    deadline = models.DateTimeField("签署截止时间", db_index=True)
    signers = models.ManyToManyField(ViceChair, verbose_name="签字人", related_name="rounds")
    status = models.CharField(
        "状态", max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN, db_index=True
    )
    outcome_at = models.DateTimeField("结果形成时间", null=True, blank=True)
    outcome_note = models.CharField("结果说明", max_length=200, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "集体签字"
        verbose_name_plural = "集体签字"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(rule="m_of_n") | Q(required__gte=1), name="round_m_of_n_has_required"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(outcome_at__isnull=False), name="round_outcome_stamped"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        # A vice-chair reads the rounds they are asked to sign (one ViceChair per user: no duplicate rows).
        q = super().scope_q(scope, write=write)
        return q if write else q | scope.participant_q("signers__user_id")

    @property
    def rule_text(self) -> str:
        text = {
            SignOffRule.UNANIMOUS: "全体签字人一致同意",
            SignOffRule.M_OF_N: f"{self.required} 人以上同意",
            SignOffRule.MEETING: "三分之二以上签字人参加表决，且超过参加表决人数的半数同意",
        }[SignOffRule(self.rule)]
        return text + ("；任一不同意即否决" if self.veto else "")


class Decision(models.TextChoices):
    AGREE = "agree", "同意"
    DISAGREE = "disagree", "不同意"
    ABSTAIN = "abstain", "弃权"


class Signature(TenantModel):
    """A vice-chair's signature on a round: final once written, chained to the round's previous one."""

    round = models.ForeignKey(
        SignOffRound, verbose_name="集体签字", on_delete=models.PROTECT, related_name="signatures"
    )
    signer = models.ForeignKey(
        ViceChair, verbose_name="签字人", on_delete=models.PROTECT, related_name="signatures"
    )
    decision = models.CharField("意见", max_length=10, choices=Decision.choices)
    opinion = models.TextField("意见说明", blank=True)
    signed_at = models.DateTimeField("签字时间")
    seq = models.PositiveSmallIntegerField("序号")
    prev_hash = models.CharField("前一签字摘要", max_length=64)
    hash = models.CharField("签字摘要（SHA-256）", max_length=64)

    scope_org = "round__federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "签字"
        verbose_name_plural = "签字"
        ordering = ["round_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["round", "signer"], name="signature_once_per_signer"),
            models.UniqueConstraint(fields=["round", "seq"], name="signature_seq_once"),
        ]

    def __str__(self) -> str:
        return f"{self.signer}：{self.get_decision_display()}"

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        q = super().scope_q(scope, write=write)
        return q if write else q | scope.participant_q("round__signers__user_id")

    def compute_hash(self) -> str:
        return chain_hash(
            round_id=self.round_id,
            seq=self.seq,
            signer_id=self.signer_id,
            decision=self.decision,
            opinion=self.opinion,
            signed_at=self.signed_at.isoformat(),
            prev_hash=self.prev_hash,
        )


GENESIS = "0" * 64


def chain_hash(**parts: Any) -> str:
    """SHA-256 over the signature's fields and the previous signature's hash (a tamper-evident chain)."""
    text = "|".join(f"{k}={parts[k]}" for k in sorted(parts))
    return hashlib.sha256(text.encode()).hexdigest()
