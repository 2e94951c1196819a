"""顶格协调: vice-chairs, sign-off rounds, signatures (final, hash-chained) and the outcome, computed once."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from shanglian.accounts import services as accounts
from shanglian.attachments import services as attachments
from shanglian.attachments.uses import get_use
from shanglian.audit import services as audit
from shanglian.core.access import SYSTEM, require_actor, require_admin_of, require_capability
from shanglian.core.errors import ServiceError
from shanglian.core.roles import Role
from shanglian.core.saving import save_audited
from shanglian.mechanisms.models import (
    GENESIS,
    ROUND_FILE,
    Decision,
    Filing,
    FilingStatus,
    RoundStatus,
    Signature,
    SignOffRound,
    SignOffRule,
    ViceChair,
)
from shanglian.notifications.services import notify
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.models import Person
from shanglian.workflow import services as workflow

# ---------------------------------------------------------------- the rule


@dataclass(frozen=True)
class Tally:
    signers: int
    agree: int = 0
    disagree: int = 0
    abstain: int = 0

    @property
    def signed(self) -> int:
        return self.agree + self.disagree + self.abstain

    @property
    def remaining(self) -> int:
        return self.signers - self.signed


def quorum(signers: int) -> int:
    """Meeting rule: at least two thirds of the signers take part in the vote."""
    return math.ceil(signers * 2 / 3)


def outcome(
    rule: str, tally: Tally, *, required: int | None, veto: bool, final: bool
) -> tuple[str, str] | None:
    """(status, why) once the rule is decided either way; at the deadline (`final`) always decided."""
    t = tally
    if veto and t.disagree:
        return RoundStatus.REJECTED, "有签字人不同意（一票否决）"
    if rule == SignOffRule.UNANIMOUS:
        if t.agree == t.signers:
            return RoundStatus.APPROVED, "全体签字人一致同意"
        if t.disagree or t.abstain:
            return RoundStatus.REJECTED, "未能全体一致同意"
        return (RoundStatus.LAPSED, "截止时尚有签字人未签署") if final else None
    if rule == SignOffRule.M_OF_N:
        need = required or 0
        if t.agree >= need:
            return RoundStatus.APPROVED, f"{t.agree} 人同意，达到规定的 {need} 人"
        if t.agree + t.remaining < need:
            return RoundStatus.REJECTED, f"同意人数已不可能达到规定的 {need} 人"
        return (RoundStatus.LAPSED, f"截止时同意人数未达到 {need} 人") if final else None
    # Meeting rule: 2/3 take part, more than half of those voting agree.
    q = quorum(t.signers)
    if t.signed >= q and t.agree * 2 > t.signers:
        return RoundStatus.APPROVED, f"{t.signed} 人参加表决，{t.agree} 人同意，超过半数"
    if (t.agree + t.remaining) * 2 <= t.signed + t.remaining and t.signed >= q:
        return RoundStatus.REJECTED, f"{t.signed} 人参加表决，同意人数未过半数"
    if t.remaining == 0 or final:
        if t.signed < q:
            return RoundStatus.LAPSED, f"参加表决 {t.signed} 人，不足三分之二（{q} 人）"
        if t.agree * 2 > t.signed:
            return RoundStatus.APPROVED, f"{t.signed} 人参加表决，{t.agree} 人同意，超过半数"
        return RoundStatus.REJECTED, f"{t.signed} 人参加表决，{t.agree} 人同意，未过半数"
    return None


def check_satisfiable(rule: str, *, signers: int, able: int, required: int | None) -> None:
    """Refuse a rule the chosen signers can never satisfy (`able`: signers who have a login)."""
    if signers == 0:
        raise ServiceError("请选择签字人。")
    if rule not in SignOffRule.values:
        raise ServiceError("请选择表决规则。")
    if rule == SignOffRule.UNANIMOUS and able < signers:
        raise ServiceError("全体一致同意须每位签字人都能签字：有签字人尚未开通账号。")
    if rule == SignOffRule.M_OF_N:
        if required is None or required < 1:
            raise ServiceError("请填写规定同意人数（至少 1 人）。")
        if required > signers:
            raise ServiceError(f"规定同意人数 {required} 超过签字人数 {signers}，该规则无法满足。")
        if required > able:
            raise ServiceError(f"能签字的签字人只有 {able} 人，达不到规定同意人数 {required}。")
    if rule == SignOffRule.MEETING and able < quorum(signers):
        raise ServiceError(f"能签字的签字人只有 {able} 人，达不到三分之二（{quorum(signers)} 人）参加表决。")


# ---------------------------------------------------------------- vice-chairs


@transaction.atomic
def appoint_vice_chair(
    *, actor: Any, federation: Organization, person: Person, title: str = "企业家副主席"
) -> ViceChair:
    require_actor(actor)
    require_capability(actor, "mechanisms.vice_chair_manage")
    require_admin_of(actor, federation)
    if person.federation_id != federation.pk:
        raise ServiceError("只能从本工商联的企业家中选任副主席。")
    vc = ViceChair(federation=federation, person=person, title=title.strip() or "企业家副主席")
    return save_audited(
        vc, actor=actor, before=None, organization=federation, integrity_message="该企业家已是副主席。"
    )


@transaction.atomic
def open_vice_chair_login(*, actor: Any, vice_chair: ViceChair, username: str, password: str) -> Any:
    """The federation admin opens the vice-chair's login (role 企业家副主席, bound to the person)."""
    require_actor(actor)
    require_capability(actor, "mechanisms.vice_chair_manage")
    require_admin_of(actor, vice_chair.federation)
    if vice_chair.user_id is not None:
        raise ServiceError("该副主席已开通账号。")
    user = accounts.create_user(
        actor=actor,
        username=username,
        password=password,
        home_org=vice_chair.federation,
        name=vice_chair.person.name,
        phone=vice_chair.person.phone,
        role=Role.VICE_CHAIR,
        organization=vice_chair.federation,
    )
    before = audit.snapshot(vice_chair)
    vice_chair.user = user
    vice_chair.save(update_fields=["user"])
    audit.record_update(
        actor=actor,
        obj=vice_chair,
        before=before,
        organization=vice_chair.federation,
        message="开通副主席账号",
    )
    return user


# ---------------------------------------------------------------- rounds


@transaction.atomic
def open_round(
    *,
    actor: Any,
    federation: Organization,
    title: str,
    matter: str,
    signers: Sequence[ViceChair],
    rule: str,
    deadline: datetime | None,
    required: int | None = None,
    veto: bool = False,
    filing: Filing | None = None,
    uploads: Iterable[Any] = (),
) -> SignOffRound:
    require_actor(actor)
    require_capability(actor, "mechanisms.round_open")
    if federation.kind != OrgKind.FEDERATION:
        raise ServiceError("集体签字由工商联发起。")
    require_admin_of(actor, federation)
    if not title.strip():
        raise ServiceError("请填写签字事项。")
    if not matter.strip():
        raise ServiceError("请填写事项说明。")
    if deadline is None or deadline <= timezone.now():
        raise ServiceError("签署截止时间须晚于现在。")
    chosen = list({vc.pk: vc for vc in signers}.values())
    if any(vc.federation_id != federation.pk or not vc.active for vc in chosen):
        raise ServiceError("签字人须为本工商联在任的企业家副主席。")
    check_satisfiable(
        rule, signers=len(chosen), able=sum(1 for vc in chosen if vc.user_id), required=required
    )
    if filing is not None:
        if Organization.objects.get_parent(filing.chamber).pk != federation.pk:
            raise ServiceError("只能就本工商联所属商会的报备事项发起签字。")
        if filing.status != FilingStatus.ACCEPTED:
            raise ServiceError("报备事项须处于“已受理”状态才能发起集体签字。")
    files = list(uploads)
    checked = [attachments.check_upload(f, get_use(ROUND_FILE)) for f in files]
    rnd = SignOffRound(
        federation=federation,
        title=title.strip(),
        matter=matter.strip(),
        filing=filing,
        rule=rule,
        required=required if rule == SignOffRule.M_OF_N else None,
        veto=veto,
        deadline=deadline,
        opened_by=None if getattr(actor, "pk", None) is None else actor,
    )
    save_audited(
        rnd, actor=actor, before=None, organization=federation, integrity_message="签字事项保存失败。"
    )
    rnd.signers.set(chosen)
    for upload, check in zip(files, checked, strict=True):
        attachments.attach(owner=rnd, use=ROUND_FILE, upload=upload, actor=actor, checked=check)
    notify(
        recipients=[vc.user for vc in chosen if vc.user is not None],
        title=f"请签署：{rnd.title}",
        body=f"签署截止 {timezone.localtime(deadline):%Y-%m-%d %H:%M}；规则：{rnd.rule_text}",
        link=f"/mechanisms/rounds/{rnd.pk}/",
        key=f"round:{rnd.pk}:opened",
        actor=actor,
    )
    return rnd


def tally(rnd: SignOffRound, *, signers: int | None = None) -> Tally:
    """The round's count; `signers` when the caller already holds them (a page listing every signer)."""
    counts = {d: 0 for d in Decision.values}
    for decision in Signature.objects.unscoped().filter(round=rnd).values_list("decision", flat=True):
        counts[decision] += 1
    return Tally(
        signers=rnd.signers.count() if signers is None else signers,
        agree=counts[Decision.AGREE],
        disagree=counts[Decision.DISAGREE],
        abstain=counts[Decision.ABSTAIN],
    )


def _decide(rnd: SignOffRound, *, final: bool) -> SignOffRound:
    """Apply the outcome if the rule is decided (the caller holds the round's row lock)."""
    result = outcome(rnd.rule, tally(rnd), required=rnd.required, veto=rnd.veto, final=final)
    if result is None:
        return rnd
    status, why = result
    names: dict[str, str] = {
        RoundStatus.APPROVED: "approve",
        RoundStatus.REJECTED: "reject",
        RoundStatus.LAPSED: "lapse",
    }
    name = names[status]
    step = workflow.apply(rnd, name, actor=SYSTEM, reason=why)
    done: SignOffRound = step.obj
    return done


@transaction.atomic
def sign(*, actor: Any, round: SignOffRound, decision: str, opinion: str = "") -> Signature:
    """A vice-chair's signature: once, while the round is open; the outcome follows when decided."""
    require_actor(actor)
    require_capability(actor, "mechanisms.round_sign")
    if decision not in Decision.values:
        raise ServiceError("请选择同意、不同意或弃权。")
    opinion = opinion.strip()
    if decision == Decision.DISAGREE and not opinion:
        raise ServiceError("不同意时请填写意见。")
    # The round's row lock serialises every signature of a round: counted once, outcome once.
    rnd = SignOffRound.unscoped_objects.select_for_update().get(pk=round.pk)
    signer = rnd.signers.filter(user_id=getattr(actor, "pk", 0) or 0).first()
    if signer is None:
        raise ServiceError("您不是该事项的签字人。")
    if rnd.status != RoundStatus.OPEN:
        raise ServiceError(f"该事项已{rnd.get_status_display()}，签字已结束。")
    if rnd.deadline <= timezone.now():
        raise ServiceError("已过签署截止时间，不能再签字。")
    if Signature.objects.unscoped().filter(round=rnd, signer=signer).exists():
        raise ServiceError("您已签署该事项，签字不可更改。")
    last = Signature.objects.unscoped().filter(round=rnd).order_by("-seq").first()
    sig = Signature(
        round=rnd,
        signer=signer,
        decision=decision,
        opinion=opinion,
        signed_at=timezone.now().replace(microsecond=0),
        seq=(last.seq if last else 0) + 1,
        prev_hash=last.hash if last else GENESIS,
    )
    sig.hash = sig.compute_hash()
    save_audited(
        sig,
        actor=actor,
        before=None,
        organization=rnd.federation,
        integrity_message="您已签署该事项，签字不可更改。",
    )
    _decide(rnd, final=False)
    return sig


@transaction.atomic
def close_round_if_due(*, actor: Any, round: SignOffRound, now: datetime | None = None) -> SignOffRound:
    require_actor(actor)
    rnd = SignOffRound.unscoped_objects.select_for_update().get(pk=round.pk)
    if rnd.status != RoundStatus.OPEN or rnd.deadline > (now or timezone.now()):
        return rnd
    return _decide(rnd, final=True)


def close_expired_rounds(*, actor: Any, now: datetime | None = None) -> int:
    """Every open round past its deadline gets its outcome (each in its own transaction, idempotent)."""
    require_actor(actor)
    now = now or timezone.now()
    due = SignOffRound.objects.unscoped().filter(status=RoundStatus.OPEN, deadline__lte=now).order_by("pk")
    closed = 0
    for rnd in due:
        if close_round_if_due(actor=actor, round=rnd, now=now).status != RoundStatus.OPEN:
            closed += 1
    return closed


def send_round_reminders(
    *, actor: Any, now: datetime | None = None, within: timedelta = timedelta(hours=24)
) -> int:
    """Remind the signers who have not signed a round whose deadline is within `within` (once per round)."""
    require_actor(actor)
    now = now or timezone.now()
    written = 0
    rounds = SignOffRound.objects.unscoped().filter(
        status=RoundStatus.OPEN, deadline__gt=now, deadline__lte=now + within
    )
    for rnd in rounds.prefetch_related("signers__user"):
        signed = set(Signature.objects.unscoped().filter(round=rnd).values_list("signer_id", flat=True))
        users = [vc.user for vc in rnd.signers.all() if vc.pk not in signed and vc.user is not None]
        written += notify(
            recipients=users,
            title=f"签署即将截止：{rnd.title}",
            body=f"截止时间 {timezone.localtime(rnd.deadline):%Y-%m-%d %H:%M}，请尽快签署。",
            link=f"/mechanisms/rounds/{rnd.pk}/",
            key=f"round:{rnd.pk}:reminder",
            actor=actor,
        )
    return written


@dataclass(frozen=True)
class Broken:
    round_id: int
    seq: int
    signature_id: int
    why: str


def verify_chain(rounds: Iterable[SignOffRound] | None = None) -> list[Broken]:
    """Recompute every round's chain: a row edited outside the app no longer matches its hash."""
    qs = Signature.objects.unscoped().order_by("round_id", "seq")
    if rounds is not None:
        qs = qs.filter(round__in=list(rounds))
    broken: list[Broken] = []
    prev: dict[int, str] = {}
    for sig in qs.iterator():
        expected_prev = prev.get(sig.round_id, GENESIS)
        if sig.prev_hash != expected_prev:
            broken.append(
                Broken(sig.round_id, sig.seq, sig.pk, "与前一签字的摘要不衔接（有签字被删除或改动）")
            )
        elif sig.hash != sig.compute_hash():
            broken.append(Broken(sig.round_id, sig.seq, sig.pk, "签字内容与摘要不符（被改动）"))
        prev[sig.round_id] = sig.hash
    return broken
