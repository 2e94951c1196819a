"""Demo 线上调查: the annual 营商环境 survey (open, some enterprises answered, the demo enterprise not yet),
a closed survey on 用工 with results, and a draft."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from shanglian.core.access import own_enterprise_ids
from shanglian.surveys import services
from shanglian.surveys.models import Invitation, QuestionKind, Survey


def _answer_all(ctx: Any, survey: Survey, share: float, skip: frozenset[int] = frozenset()) -> None:
    """A share of the invited enterprises answered (rows written directly, as a loader does)."""
    from shanglian.surveys.models import Answer, Response, ResponseStatus

    questions = list(survey.questions.all().prefetch_related("options"))
    now = timezone.now()
    for inv in Invitation.objects.unscoped().filter(survey=survey).order_by("pk"):
        if ctx.rng.random() > share or inv.enterprise_id in skip:
            continue
        sheet = Response.objects.unscoped().create(
            survey=survey, enterprise_id=inv.enterprise_id, status=ResponseStatus.SUBMITTED, submitted_at=now
        )
        chosen: set[int] = set()
        rows = []
        for q in questions:
            if q.show_if_id and q.show_if_id not in chosen:
                continue
            options = list(q.options.all())
            if q.kind == QuestionKind.SINGLE:
                o = ctx.rng.choice(options)
                chosen.add(o.pk)
                rows.append(Answer(response=sheet, question=q, option=o))
            elif q.kind == QuestionKind.MULTIPLE:
                for o in ctx.rng.sample(options, ctx.rng.randint(1, min(3, len(options)))):
                    rows.append(Answer(response=sheet, question=q, option=o))
            elif q.kind == QuestionKind.RATING:
                rows.append(Answer(response=sheet, question=q, number=ctx.rng.choice([3, 4, 4, 5, 5, 2])))
            elif q.kind == QuestionKind.NUMBER:
                rows.append(Answer(response=sheet, question=q, number=ctx.rng.randint(0, 500) * 10))
            elif q.kind == QuestionKind.TEXT and ctx.rng.random() < 0.4:
                rows.append(Answer(response=sheet, question=q, text=ctx.rng.choice(TEXTS)))
        Answer.objects.unscoped().bulk_create(rows)


TEXTS = ["希望进一步压缩审批时限", "建议增加政策宣讲的频次", "融资担保门槛偏高", "希望搭建更多产销对接平台"]


def load(ctx: Any) -> None:
    admin = ctx.users.get("fed_admin")
    if admin is None:
        return
    today = timezone.localdate()
    env = services.create_from_template(
        actor=admin, organization=ctx.federation, closes_on=today + timedelta(days=2)
    )
    services.publish_survey(actor=admin, survey=env)
    # The demo enterprise has not answered yet (its to-do list asks it to); others have.
    ent = ctx.users.get("ent_demo")
    skip = frozenset(own_enterprise_ids(ent)) if ent is not None else frozenset()
    _answer_all(ctx, env, 0.45, skip)

    hiring = services.create_survey(
        actor=admin,
        organization=ctx.federation,
        title="会员企业用工需求调查",
        closes_on=today + timedelta(days=10),
        target_chambers=list(ctx.chambers.values())[:4],
    )
    q1 = services.add_question(
        actor=admin, survey=hiring, kind="single", text="目前是否存在用工缺口", options=["是", "否"]
    )
    services.add_question(
        actor=admin,
        survey=hiring,
        kind="number",
        text="缺口人数（人）",
        show_if=q1.options.get(label="是"),
    )
    services.add_question(
        actor=admin,
        survey=hiring,
        kind="multiple",
        text="主要缺口岗位",
        options=["普工", "技术工人", "研发人员", "销售人员", "管理人员"],
        allow_other=True,
        show_if=q1.options.get(label="是"),
    )
    services.publish_survey(actor=admin, survey=hiring)
    _answer_all(ctx, hiring, 0.7)
    services.close_survey(actor=admin, survey=hiring)

    draft = services.create_survey(
        actor=admin,
        organization=ctx.federation,
        title="2027年度会员服务需求调查（草稿）",
        closes_on=today + timedelta(days=40),
    )
    services.add_question(actor=admin, survey=draft, kind="rating", text="对商会服务的总体满意度")
