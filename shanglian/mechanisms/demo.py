"""Demo 五项机制: the seed's 21 rule documents, the default filing types, filings in every state (one late,
one prior-approval matter past its date without approval), five vice-chairs (two with logins: vc_wang,
vc_li), sign-off rounds open / approved (approving a filing) / rejected / lapsed, suggestions in every state."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from shanglian.core.access import SYSTEM
from shanglian.core.demo import DEMO_PASSWORD
from shanglian.events import services as event_services
from shanglian.events.models import EventKind, EventMode
from shanglian.mechanisms import seed2020, services
from shanglian.mechanisms.models import FilingType, SignOffRound, SignOffRule
from shanglian.registry.models import Person

VICE_CHAIR_LOGINS = {0: "vc_wang", 1: "vc_li"}


def load(ctx: Any) -> None:
    fed = ctx.federation
    admin = ctx.users["fed_admin"]
    secretary = ctx.users["sec_chengyang"]
    seed2020.build(fed)  # the 21 rules, the filing types (and the seed year's 42 suggestions)
    types = {t.name: t for t in FilingType.objects.unscoped().filter(federation=fed)}
    filings = _filings(ctx, types, admin, secretary)
    chairs = _vice_chairs(ctx, admin)
    _rounds(ctx, admin, chairs, filings)
    _suggestions(ctx, admin)
    _consultations(ctx, admin, chairs)


def _consultations(ctx: Any, admin: Any, chairs: list[Any]) -> None:
    fed = ctx.federation
    chamber = ctx.chambers["城阳街道商会"]
    text = "设立民营企业发展专项资金。\n建立企业家参与涉企政策制定机制。\n开展年度优秀民营企业评选。"
    done = services.create_consultation(
        actor=admin,
        federation=fed,
        title="区工商联执委会议事规则（修订草案）",
        introduction="根据章程修订议事规则，征求企业家副主席意见。",
        draft=text,
        invited_chambers=[chamber],
    )
    done = services.advance_consultation(actor=admin, consultation=done, step="open")
    if chairs:
        services.comment(actor=chairs[0].user, consultation=done, text="建议增加列席制度。")
    ent = ctx.users["ent_demo"]
    opinion = services.comment(
        actor=ent, consultation=done, text="建议明确专项资金规模。", article=done.articles.first()
    )
    done = services.advance_consultation(actor=admin, consultation=done, step="close")
    services.answer_opinion(actor=admin, opinion=opinion, answer="partly", reason="资金规模由财政另行确定。")
    services.advance_consultation(
        actor=admin, consultation=done, step="publish", summary="共收到意见2条，部分采纳1条，其余已作说明。"
    )
    current = services.create_consultation(
        actor=admin,
        federation=fed,
        title="关于支持民营企业高质量发展的若干措施（征求意见稿）",
        introduction="为进一步优化营商环境，现公开征求意见。",
        draft=text,
        invite_everyone=True,
    )
    current = services.advance_consultation(actor=admin, consultation=current, step="open")
    services.comment(actor=ent, consultation=current, text="建议增加人才公寓相关条款。")
    services.create_consultation(
        actor=admin, federation=fed, title="商会会费指导标准（草案）", introduction="内部讨论稿。", draft=text
    )
    summarising = services.create_consultation(
        actor=admin,
        federation=fed,
        title="商会重大活动安全管理办法（草案）",
        introduction="意见汇总中。",
        draft=text,
    )
    summarising = services.advance_consultation(actor=admin, consultation=summarising, step="open")
    services.advance_consultation(actor=admin, consultation=summarising, step="close")
    held_on = ctx.today - timedelta(days=20)
    # The same meeting among the events (参加（外部）), so the log links to its sign-in and minutes.
    event = event_services.save_event(
        actor=admin,
        organizer=fed,
        title="全区优化营商环境推进大会",
        kind=EventKind.OTHER,
        mode=EventMode.ATTENDED,
        host_outside="区委、区政府",
        starts_at=datetime.combine(held_on, time(9), tzinfo=timezone.get_current_timezone()),
        place="城阳区会议中心",
    )
    services.log_district_meeting(
        actor=admin,
        federation=fed,
        title="全区优化营商环境推进大会",
        held_on=held_on,
        organiser="区委、区政府",
        attendees="城阳街道商会 会长\n夏庄街道商会 会长\n城阳区青年企业家商会 秘书长",
        event=event,
    )


def _filings(ctx: Any, types: dict[str, FilingType], admin: Any, secretary: Any) -> dict[str, Any]:
    chamber = ctx.chambers["城阳街道商会"]
    today = timezone.localdate()

    def submit(
        type_name: str, title: str, days_ahead: int, amount: int | None = None, filed_days_ago: int = 0
    ) -> Any:
        return services.submit_filing(
            actor=secretary,
            chamber=chamber,
            filing_type=types[type_name],
            title=title,
            content=f"{title}。详见附件材料。",
            amount=None if amount is None else Decimal(amount),
            event_date=today + timedelta(days=days_ahead),
            today=today - timedelta(days=filed_days_ago),
        )

    made = {
        "submitted": submit("举办重大活动", "举办2026年度会员企业供需对接会", 45),
        "accepted": submit("换届选举", "第三届理事会换届选举", 60),
        "info": submit("章程修改", "修改商会章程第十二条", 40),
        "approved": submit("大额资金使用", "购置商会办公用房装修", 50, 800_000),
        "rejected": submit("涉外交流", "组织会员赴境外考察", 30),
        "recorded": submit("秘书长/副会长以上人事变动", "增补副会长两名", 40, filed_days_ago=30),
        "late": submit("对外签约", "与即墨区商会签订友好合作协议", -12),
        "unapproved": submit("对外捐赠", "向区慈善总会捐赠助学金", 0, 1_200_000, filed_days_ago=20),
        "for_round": submit("对外捐赠", "向区教育基金会捐赠150万元", 40, 1_500_000),
    }
    step = services.step_filing
    for key in ("accepted", "info", "approved", "rejected", "recorded", "unapproved", "for_round"):
        made[key] = step(actor=admin, filing=made[key], step="accept")
    step(actor=admin, filing=made["info"], step="request_info", reason="请补充会员大会表决记录。")
    step(actor=admin, filing=made["approved"], step="approve", reason="同意，注意专款专用。")
    step(actor=admin, filing=made["rejected"], step="reject", reason="当前不宜组织境外考察。")
    step(actor=admin, filing=made["recorded"], step="approve", reason="同意。")
    step(actor=admin, filing=made["recorded"], step="record")
    return made


def _vice_chairs(ctx: Any, admin: Any) -> list[Any]:
    people = list(
        Person.objects.unscoped()
        .filter(federation=ctx.federation, enterprise__isnull=False)
        .order_by("pk")[:5]
    )
    chairs = []
    for i, person in enumerate(people):
        vc = services.appoint_vice_chair(actor=admin, federation=ctx.federation, person=person)
        username = VICE_CHAIR_LOGINS.get(i, f"vice_chair_{i + 1}")
        user = services.open_vice_chair_login(
            actor=admin, vice_chair=vc, username=username, password=DEMO_PASSWORD
        )
        ctx.users[username] = user
        vc.refresh_from_db()
        chairs.append(vc)
    return chairs


def _rounds(ctx: Any, admin: Any, chairs: list[Any], filings: dict[str, Any]) -> None:
    if len(chairs) < 5:
        return
    fed = ctx.federation
    deadline = timezone.now() + timedelta(days=5)

    def open_(title: str, rule: str, signers: list[Any], **kw: Any) -> SignOffRound:
        return services.open_round(
            actor=admin,
            federation=fed,
            title=title,
            matter=f"{title}，请各位企业家副主席审阅签署。",
            signers=signers,
            rule=rule,
            deadline=kw.pop("deadline", deadline),
            **kw,
        )

    def sign(rnd: SignOffRound, vc: Any, decision: str, opinion: str = "") -> None:
        services.sign(actor=vc.user, round=rnd, decision=decision, opinion=opinion)

    # Open: two of five have signed.
    pending = open_("2027年度区工商联（总商会）重点工作安排", SignOffRule.MEETING, chairs)
    sign(pending, chairs[2], "agree", "同意")
    sign(pending, chairs[3], "abstain")
    # Approved on a filing: the filing is approved with it.
    on_filing = open_(
        "城阳街道商会对外捐赠150万元", SignOffRule.UNANIMOUS, chairs[:3], filing=filings["for_round"]
    )
    for vc in chairs[:3]:
        sign(on_filing, vc, "agree", "同意")
    # Rejected by a veto.
    vetoed = open_("设立商会互助基金", SignOffRule.M_OF_N, chairs, required=3, veto=True)
    sign(vetoed, chairs[4], "disagree", "风险防控措施不足")
    # Lapsed: the deadline passed with too few votes.
    lapsed = open_(
        "调整执委会议事规则", SignOffRule.MEETING, chairs, deadline=timezone.now() + timedelta(minutes=5)
    )
    sign(lapsed, chairs[0], "agree")
    SignOffRound.objects.unscoped().filter(pk=lapsed.pk).update(deadline=timezone.now() - timedelta(hours=1))
    services.close_expired_rounds(actor=SYSTEM)


def _suggestions(ctx: Any, admin: Any) -> None:
    ent_user = ctx.users["ent_demo"]
    enterprise = ent_user.role_assignments.get().enterprise
    today = timezone.localdate()
    own = [
        services.submit_suggestion(
            actor=ent_user,
            enterprise=enterprise,
            title=title,
            content=f"{title}：具体做法见正文。",
            category="business_env",
            submitted_on=today - timedelta(days=days),
        )
        for title, days in (
            ("关于园区增设公交线路的建议", 2),
            ("关于开展企业用工余缺调剂的建议", 10),
            ("关于设立中小企业数字化补贴的建议", 25),
        )
    ]
    services.answer_suggestion(actor=admin, suggestion=own[1], step="accept")
    s = services.answer_suggestion(actor=admin, suggestion=own[2], step="accept")
    s = services.answer_suggestion(
        actor=admin, suggestion=s, step="evaluate", staff_notes="已征求区工信局意见"
    )
    s = services.answer_suggestion(
        actor=admin,
        suggestion=s,
        step="adopt",
        answer="采纳，纳入明年数字化转型扶持政策。",
        responsible_unit="区工业和信息化局",
    )
    services.record_progress(actor=admin, suggestion=s, progress=40, text="政策草案已起草", on=today)
