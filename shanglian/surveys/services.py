"""Writes of the surveys app: build a questionnaire, publish it to a target group, answer it once."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from shanglian.core.access import (
    is_legal_representative_of,
    own_enterprise_ids,
    require_actor,
    require_capability,
    require_write,
)
from shanglian.core.dates import DEFAULT_RANGE, in_range
from shanglian.core.errors import ServiceError
from shanglian.core.saving import delete_audited, save_audited
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.models import Membership
from shanglian.surveys.models import (
    CHOICE_KINDS,
    Answer,
    Invitation,
    Option,
    Question,
    QuestionKind,
    Quota,
    Response,
    ResponseStatus,
    Survey,
    SurveyStatus,
)
from shanglian.workflow import services as workflow

MAX_TEXT = 2000


def _require_keeper(actor: Any, organization: Organization) -> None:
    require_actor(actor)
    require_capability(actor, "surveys.edit")
    require_write(actor, organization, "您无权管理该单位的问卷。")


def _require_draft(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise ServiceError("问卷已发布，不能再修改题目。")


@transaction.atomic
def create_survey(
    *,
    actor: Any,
    organization: Organization,
    title: str,
    closes_on: datetime.date,
    description: str = "",
    target_chambers: Iterable[Organization] = (),
    needs_legal_approval: bool = False,
) -> Survey:
    _require_keeper(actor, organization)
    if closes_on < timezone.localdate():
        raise ServiceError("截止日期不能早于今天。")
    chambers = list(target_chambers)
    for chamber in chambers:
        if chamber.kind != OrgKind.CHAMBER or not chamber.path.startswith(organization.path):
            raise ServiceError(f"“{chamber}”不在发起单位的范围内。")
    survey = Survey(
        organization=organization,
        title=title,
        description=description,
        closes_on=closes_on,
        created_by=actor,
        needs_legal_approval=needs_legal_approval,
    )
    save_audited(
        survey, actor=actor, before=None, organization=organization, integrity_message="问卷保存失败。"
    )
    survey.target_chambers.set(chambers)
    return survey


@transaction.atomic
def add_question(
    *,
    actor: Any,
    survey: Survey,
    kind: str,
    text: str,
    required: bool = True,
    options: Iterable[str] = (),
    allow_other: bool = False,
    section: str = "",
    show_if: Option | None = None,
    scale: str = "",
) -> Question:
    _require_keeper(actor, survey.organization)
    _require_draft(survey)
    labels = [o.strip() for o in options if o.strip()]
    points = [p.strip() for p in scale.replace("／", "/").split("/") if p.strip()]
    if kind not in QuestionKind.values:
        raise ServiceError("未知的题型。")
    if kind in CHOICE_KINDS:
        if len(labels) < 2:
            raise ServiceError("选择题至少需要两个选项（每行一个）。")
    elif kind == QuestionKind.MATRIX:
        if not labels:
            raise ServiceError("矩阵题至少需要一行（在“选项”中每行填写一个评价项目）。")
        if scale.strip() and not 2 <= len(points) <= 10:
            raise ServiceError("量表刻度须有 2–10 级，用“/”分隔，如：不满意/一般/满意。")
        if len(set(points)) != len(points):
            raise ServiceError("量表刻度不能重复。")
    elif labels:
        raise ServiceError("只有单选题、多选题和矩阵题可以设置选项。")
    elif points:
        raise ServiceError("只有矩阵题可以设置量表刻度。")
    if len(set(labels)) != len(labels):
        raise ServiceError("选项不能重复。")
    if allow_other and kind not in CHOICE_KINDS:
        raise ServiceError("只有选择题可以含“其他”填空。")
    if show_if is not None and show_if.question.survey_id != survey.pk:
        raise ServiceError("显示条件须是本问卷前面题目的选项。")
    last = survey.questions.aggregate(m=Max("order"))["m"] or 0
    question = Question(
        survey=survey,
        order=last + 1,
        kind=kind,
        text=text,
        required=required,
        allow_other=allow_other,
        section=section,
        show_if=show_if,
        scale="/".join(points) if kind == QuestionKind.MATRIX else "",
    )
    save_audited(
        question,
        actor=actor,
        before=None,
        organization=survey.organization,
        integrity_message="题目保存失败。",
    )
    Option.objects.unscoped().bulk_create(
        [Option(question=question, order=n, label=label) for n, label in enumerate(labels, start=1)]
    )
    return question


@transaction.atomic
def remove_question(*, actor: Any, question: Question) -> None:
    survey = question.survey
    _require_keeper(actor, survey.organization)
    _require_draft(survey)
    delete_audited(question, actor=actor, organization=survey.organization)


def invited_enterprises(survey: Survey) -> list[tuple[int, int]]:
    """(enterprise id, chamber id) for each enterprise the survey goes to: the active members of its
    target chambers, or of every chamber under its organisation (the first chamber found for each)."""
    chambers = list(survey.target_chambers.all())
    members = Membership.objects.unscoped().filter(left_on__isnull=True)
    if chambers:
        members = members.filter(chamber__in=chambers)
    else:
        members = members.filter(chamber__path__startswith=survey.organization.path)
    seen: dict[int, int] = {}
    for enterprise_id, chamber_id in members.order_by("enterprise_id", "chamber_id").values_list(
        "enterprise_id", "chamber_id"
    ):
        seen.setdefault(enterprise_id, chamber_id)
    return sorted(seen.items())


def publish_survey(*, actor: Any, survey: Survey) -> Survey:
    """Open the survey: every target enterprise is invited and its users hear of it."""
    result: Survey = workflow.apply(survey, "publish", actor=actor).obj
    return result


def close_survey(*, actor: Any, survey: Survey) -> Survey:
    result: Survey = workflow.apply(survey, "close", actor=actor).obj
    return result


# ---------------------------------------------------------------- answering


def _number(q: Question, raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ServiceError(f"第{q.order}题请填写数字。")
    if not value.is_finite() or abs(value) >= Decimal("1e13"):
        raise ServiceError(f"第{q.order}题的数字超出范围。")
    if q.kind == QuestionKind.RATING and value not in {Decimal(n) for n in range(1, 6)}:
        raise ServiceError(f"第{q.order}题请选择 1–5 分。")
    return value


def _date(q: Question, raw: Any) -> datetime.date:
    try:
        value = datetime.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ServiceError(f"第{q.order}题请填写日期（如 2026-05-01）。")
    if not in_range(value, DEFAULT_RANGE):
        raise ServiceError(f"第{q.order}题的日期超出合理范围。")
    return value


def _choice(q: Question, raw: Any, options: dict[int, Option]) -> tuple[list[Option], str]:
    """(chosen options, other text) from an int, a list of ints, or {"option(s)": …, "other": "…"}."""
    other = ""
    picked: Any = raw
    if isinstance(raw, Mapping):
        other = str(raw.get("other") or "").strip()
        picked = raw.get("options", raw.get("option"))
    if picked in (None, "", []):
        ids: list[Any] = []
    elif isinstance(picked, list | tuple):
        ids = list(picked)
    else:
        ids = [picked]
    if q.kind == QuestionKind.SINGLE and len(ids) + (1 if other else 0) > 1:
        raise ServiceError(f"第{q.order}题为单选题，只能选一项。")
    chosen = []
    for raw_id in ids:
        try:
            option = options[int(raw_id)]
        except (KeyError, TypeError, ValueError):
            raise ServiceError(f"第{q.order}题的选项无效。")
        if option.question_id != q.pk:
            raise ServiceError(f"第{q.order}题的选项无效。")
        chosen.append(option)
    if other and not q.allow_other:
        raise ServiceError(f"第{q.order}题没有“其他”选项。")
    if len(other) > MAX_TEXT:
        raise ServiceError(f"第{q.order}题的“其他”内容过长。")
    return chosen, other


def _matrix(q: Question, raw: Any, options: dict[int, Option], *, submit: bool) -> list[Answer]:
    """A matrix's answer: {row option id: scale point 1 … n}; on submit a required matrix rates every row."""
    if not isinstance(raw, Mapping):
        raise ServiceError(f"第{q.order}题为矩阵题，请为每一行选择一个等级。")
    points = len(q.scale_labels)
    rated: dict[int, int] = {}
    for raw_row, raw_point in raw.items():
        try:
            row = options[int(raw_row)]
        except (KeyError, TypeError, ValueError):
            raise ServiceError(f"第{q.order}题的行无效。")
        if row.question_id != q.pk:
            raise ServiceError(f"第{q.order}题的行无效。")
        if _is_blank(raw_point):
            continue
        point = str(raw_point).strip()
        if not point.isdecimal() or not 1 <= int(point) <= points:
            raise ServiceError(f"第{q.order}题“{row.label}”请选择 1–{points} 级之一。")
        rated[row.pk] = int(point)
    if submit and q.required:
        missing = [o.label for o in options.values() if o.question_id == q.pk and o.pk not in rated]
        if missing:
            raise ServiceError(f"第{q.order}题为必答题，请为“{missing[0]}”选择等级。")
    return [Answer(question=q, option_id=row, number=Decimal(point)) for row, point in rated.items()]


def _is_blank(raw: Any) -> bool:
    if isinstance(raw, Mapping):
        return all(_is_blank(v) for v in raw.values())
    return raw is None or raw == "" or raw == [] or (isinstance(raw, str) and not raw.strip())


def _parse(survey: Survey, raw: Mapping[Any, Any], *, submit: bool) -> list[Answer]:
    questions = list(survey.questions.all().order_by("order"))
    by_id = {q.pk: q for q in questions}
    options = {o.pk: o for o in Option.objects.unscoped().filter(question__survey=survey)}
    given: dict[int, Any] = {}
    for key, value in raw.items():
        try:
            qid = int(key)
        except (TypeError, ValueError):
            raise ServiceError("答卷中有不存在的题目。")
        if qid not in by_id:
            raise ServiceError("答卷中有不存在的题目。")
        if not _is_blank(value):
            given[qid] = value
    answers: list[Answer] = []
    chosen_ids: set[int] = set()
    for q in questions:  # in order: a condition refers to an earlier question's choice
        visible = q.show_if_id is None or q.show_if_id in chosen_ids
        value = given.get(q.pk)
        if not visible:
            if value is not None:
                raise ServiceError(f"第{q.order}题未显示（前面的回答不满足条件），不能作答。")
            continue
        if value is None:
            if submit and q.required:
                raise ServiceError(f"第{q.order}题为必答题：{q.text}")
            continue
        if q.kind == QuestionKind.MATRIX:
            answers += _matrix(q, value, options, submit=submit)
        elif q.kind in CHOICE_KINDS:
            chosen, other = _choice(q, value, options)
            if submit and q.required and not chosen and not other:
                raise ServiceError(f"第{q.order}题为必答题：{q.text}")
            chosen_ids.update(o.pk for o in chosen)
            answers += [Answer(question=q, option=o) for o in chosen]
            if other:
                answers.append(Answer(question=q, text=other))
        elif q.kind == QuestionKind.TEXT:
            text = str(value).strip()
            if len(text) > MAX_TEXT:
                raise ServiceError(f"第{q.order}题的回答过长（不超过 {MAX_TEXT} 字）。")
            answers.append(Answer(question=q, text=text))
        elif q.kind == QuestionKind.DATE:
            answers.append(Answer(question=q, date=_date(q, value)))
        else:
            answers.append(Answer(question=q, number=_number(q, value)))
    return answers


def invitation_for(actor: Any, survey: Survey) -> Invitation:
    invitation = (
        Invitation.objects.unscoped()
        .filter(survey=survey, enterprise_id__in=own_enterprise_ids(actor))
        .select_related("enterprise")
        .first()
    )
    if not isinstance(invitation, Invitation):
        raise ServiceError("贵企业不在本次调查的范围内。")
    return invitation


@transaction.atomic
def save_response(
    *, actor: Any, survey: Survey, answers: Mapping[Any, Any], submit: bool = False
) -> Response:
    """Save the enterprise's answers as a draft, or submit them (once; a submitted sheet is final)."""
    require_actor(actor)
    require_capability(actor, "surveys.answer")
    survey = Survey.objects.unscoped().select_for_update().get(pk=survey.pk)
    invitation = invitation_for(actor, survey)
    if survey.status != SurveyStatus.OPEN or survey.closes_on < timezone.localdate():
        raise ServiceError("问卷已结束，不能再作答。")
    response = (
        Response.objects.unscoped()
        .select_for_update()
        .filter(survey=survey, enterprise=invitation.enterprise)
        .first()
    )
    if response is not None and response.status == ResponseStatus.SUBMITTED:
        raise ServiceError("贵企业已提交过本问卷，不能重复提交。")
    if response is not None and response.status == ResponseStatus.PENDING:
        raise ServiceError("答卷正在等待法定代表人审批，审批或退回前不能修改。")
    parsed = _parse(survey, answers, submit=submit)
    if response is None:
        response = Response(survey=survey, enterprise=invitation.enterprise)
        save_audited(
            response,
            actor=actor,
            before=None,
            organization=survey.organization,
            integrity_message="答卷保存失败。",
        )
    Answer.objects.unscoped().filter(response=response).delete()
    for answer in parsed:
        answer.response = response
    Answer.objects.unscoped().bulk_create(parsed)
    response.save(update_fields=["updated_at"])
    if submit:
        # 草稿 → 已提交 through the workflow kit: one audit row, the rights rule in one place. Where the survey
        # asks for it, a user other than the legal representative sends the sheet for approval instead.
        direct = not survey.needs_legal_approval or is_legal_representative_of(actor, invitation.enterprise)
        response.survey = survey
        response = workflow.apply(response, "submit" if direct else "request_approval", actor=actor).obj
    return response


def approve_response(*, actor: Any, response: Response) -> Response:
    """The legal representative approves the answer sheet: it counts as submitted."""
    result: Response = workflow.apply(response, "approve", actor=actor).obj
    return result


def send_back_response(*, actor: Any, response: Response, reason: str) -> Response:
    """The legal representative sends the sheet back to the enterprise's user, with the reason."""
    result: Response = workflow.apply(response, "send_back", actor=actor, reason=reason).obj
    return result


@transaction.atomic
def set_quota(
    *, actor: Any, survey: Survey, limit: int, option: Option | None = None, message: str = ""
) -> Quota:
    """Stop accepting sheets once `limit` submitted ones match (all sheets, or those choosing `option`)."""
    _require_keeper(actor, survey.organization)
    if survey.status == SurveyStatus.CLOSED:
        raise ServiceError("问卷已结束，不能再设置配额。")
    if not 1 <= limit <= 10_000_000:
        raise ServiceError("份数上限须为正整数。")
    if option is not None and (
        option.question.survey_id != survey.pk or option.question.kind not in CHOICE_KINDS
    ):
        raise ServiceError("配额条件须是本问卷选择题的选项。")
    if len(message) > 200:
        raise ServiceError("提示语不能超过 200 字。")
    quota = Quota(survey=survey, option=option, limit=limit, message=message.strip())
    save_audited(
        quota, actor=actor, before=None, organization=survey.organization, integrity_message="配额保存失败。"
    )
    return quota


@transaction.atomic
def remove_quota(*, actor: Any, quota: Quota) -> None:
    _require_keeper(actor, quota.survey.organization)
    delete_audited(quota, actor=actor, organization=quota.survey.organization)


@transaction.atomic
def raise_appeal_from_answer(*, actor: Any, answer: Answer) -> Any:
    """A text answer (or "其他" text) of a submitted sheet becomes an appeal of the answering enterprise,
    linked back to the answer sheet (the appeal's source)."""
    from django.contrib.contenttypes.models import ContentType

    from shanglian.appeals.models import Appeal, Channel
    from shanglian.appeals.services import submit_appeal

    require_capability(actor, "appeals.submit")
    sheet = answer.response
    if sheet.status != ResponseStatus.SUBMITTED:
        raise ServiceError("只有已提交答卷中的回答可以转为诉求。")
    text = answer.text.strip()
    if not text:
        raise ServiceError("该回答没有文字内容，不能转为诉求。")
    question = answer.question
    content = f"问卷“{sheet.survey.title}”第{question.order}题（{question.text}）的回答：{text}"
    linked = Appeal.objects.unscoped().filter(
        source_type=ContentType.objects.get_for_model(Response), source_id=sheet.pk, content=content
    )
    if linked.exists():
        raise ServiceError("该回答已转为诉求，请勿重复提交。")
    return submit_appeal(
        actor=actor,
        enterprise=sheet.enterprise,
        title=text[:40],
        content=content,
        channel=Channel.SURVEY,
        source=sheet,
    )


# ---------------------------------------------------------------- the shipped template

# A short version of ACFIC's 万家民营企业评营商环境 questionnaire: its sections, a handful of questions each.
BUSINESS_ENVIRONMENT: list[dict[str, Any]] = [
    {
        "section": "基本情况",
        "kind": "single",
        "text": "企业规模",
        "options": ["大型", "中型", "小型", "微型"],
    },
    {"section": "政务环境", "kind": "rating", "text": "对本地政务服务的总体满意度（1–5 分）"},
    {
        "section": "政务环境",
        "kind": "multiple",
        "text": "办理政务服务事项时遇到的主要问题",
        "options": ["提交材料多", "跑腿次数多", "办理时限长", "标准不统一", "网上办理不便"],
        "allow_other": True,
        "required": False,
    },
    {
        "section": "市场环境",
        "kind": "single",
        "text": "今年是否遇到市场准入方面的隐性壁垒",
        "options": ["是", "否"],
    },
    {"section": "市场环境", "kind": "text", "text": "请说明遇到的隐性壁垒", "show_if": (4, "是")},
    {"section": "要素环境", "kind": "rating", "text": "获得融资的难易程度（1 很难 – 5 很容易）"},
    {"section": "要素环境", "kind": "number", "text": "今年以来获得的融资金额（万元）", "required": False},
    {"section": "法治环境", "kind": "rating", "text": "对本地法治环境的满意度（1–5 分）"},
    {"section": "创新环境", "kind": "text", "text": "对改善本地营商环境的意见建议", "required": False},
]


@transaction.atomic
def create_from_template(
    *, actor: Any, organization: Organization, closes_on: datetime.date, needs_legal_approval: bool = False
) -> Survey:
    """The annual 营商环境 survey as a draft, to adjust before publishing."""
    survey = create_survey(
        actor=actor,
        organization=organization,
        title=f"{closes_on.year}年度民营企业营商环境调查",
        description="本问卷参照全国工商联“万家民营企业评营商环境”调查设计，约需 5 分钟。",
        closes_on=closes_on,
        needs_legal_approval=needs_legal_approval,
    )
    made: list[Question] = []
    for spec in BUSINESS_ENVIRONMENT:
        show_if = None
        if "show_if" in spec:
            number, label = spec["show_if"]
            show_if = made[number - 1].options.get(label=label)
        made.append(
            add_question(
                actor=actor,
                survey=survey,
                kind=spec["kind"],
                text=spec["text"],
                section=spec["section"],
                options=spec.get("options", ()),
                allow_other=spec.get("allow_other", False),
                required=spec.get("required", True),
                show_if=show_if,
            )
        )
    return survey
