"""工作机制 API: filings, sign-off rounds (and signing), scoped as the pages; errors in the project's JSON.

Lists page by keyset (`before`: the last id seen), newest first.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status

from shanglian.core.api_utils import require
from shanglian.core.dates import SaneDate
from shanglian.core.scope import ScopedQuerySet, get_object_for_user
from shanglian.core.validation import Id, Limit, api_decimal, api_str, choice, text
from shanglian.mechanisms import services
from shanglian.mechanisms.models import (
    Answer,
    Article,
    Channel,
    Consultation,
    Decision,
    Filing,
    FilingStatus,
    FilingType,
    Opinion,
    Phase,
    RoundStatus,
    SignOffRound,
    Suggestion,
    SuggestionCategory,
)
from shanglian.mechanisms.selectors import rounds_with_people
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.models import Enterprise

router = Router(tags=["工作机制"])


def _keyset(qs: QuerySet[Any], before: int | None, limit: int) -> list[Any]:
    if before:
        qs = qs.filter(pk__lt=before)
    return list(qs.order_by("-pk")[:limit])


class FilingOut(Schema):
    id: int
    chamber_id: int
    chamber: str
    filing_type: str
    mode: str
    title: str
    content: str
    amount: Decimal | None
    event_date: date
    submitted_on: date
    late: bool
    days_late: int
    status: str
    status_label: str
    opinion: str
    due_on: date | None


def _filing_out(f: Filing) -> dict[str, Any]:
    return {
        "id": f.pk,
        "chamber_id": f.chamber_id,
        "chamber": f.chamber.name,
        "filing_type": f.filing_type.name,
        "mode": f.mode,
        "title": f.title,
        "content": f.content,
        "amount": f.amount,
        "event_date": f.event_date,
        "submitted_on": f.submitted_on,
        "late": f.late,
        "days_late": f.days_late,
        "status": f.status,
        "status_label": FilingStatus(f.status).label,
        "opinion": f.opinion,
        "due_on": f.due_on,
    }


class FilingIn(Schema):
    chamber_id: Id
    filing_type_id: Id
    title: api_str(Filing, "title")  # type: ignore[valid-type]
    content: api_str(Filing, "content")  # type: ignore[valid-type]
    amount: api_decimal(Filing, "amount") | None = None  # type: ignore[valid-type]
    event_date: SaneDate


@router.get("/filings", response=list[FilingOut], summary="重大事项报备（可见范围内，按 id 倒序）")
def list_filings(request: HttpRequest, before: Id | None = None, limit: Limit = 50) -> list[dict[str, Any]]:
    require(request, "mechanisms.filing_view")
    qs = Filing.objects.visible_to(request.user).select_related("chamber", "filing_type")
    return [_filing_out(f) for f in _keyset(qs, before, limit)]


@router.get("/filings/{filing_id}", response=FilingOut, summary="报备详情")
def get_filing(request: HttpRequest, filing_id: Id) -> dict[str, Any]:
    f: Filing = get_object_for_user(
        Filing,
        request.user,
        filing_id,
        capability="mechanisms.filing_view",
        queryset=Filing.objects.select_related("chamber", "filing_type"),
    )
    return _filing_out(f)


@router.post("/filings", response={201: FilingOut}, summary="报备重大事项（商会秘书处）")
def create_filing(request: HttpRequest, payload: FilingIn) -> Status[Any]:
    require(request, "mechanisms.filing_submit")
    chamber = get_object_for_user(
        Organization,
        request.user,
        payload.chamber_id,
        queryset=Organization.objects.filter(kind=OrgKind.CHAMBER),
    )
    filing_type = get_object_for_user(FilingType, request.user, payload.filing_type_id)
    filing = services.submit_filing(
        actor=request.user,
        chamber=chamber,
        filing_type=filing_type,
        title=payload.title,
        content=payload.content,
        amount=payload.amount,
        event_date=payload.event_date,
    )
    return Status(201, _filing_out(filing))


class SignatureOut(Schema):
    signer: str
    decision: str
    opinion: str
    signed_at: datetime
    seq: int
    hash: str


class RoundOut(Schema):
    id: int
    title: str
    matter: str
    rule: str
    rule_text: str
    required: int | None
    veto: bool
    deadline: datetime
    status: str
    status_label: str
    outcome_note: str
    filing_id: int | None
    signers: list[str]
    signatures: list[SignatureOut]


def _round_out(r: SignOffRound) -> dict[str, Any]:
    return {
        "id": r.pk,
        "title": r.title,
        "matter": r.matter,
        "rule": r.rule,
        "rule_text": r.rule_text,
        "required": r.required,
        "veto": r.veto,
        "deadline": r.deadline,
        "status": r.status,
        "status_label": RoundStatus(r.status).label,
        "outcome_note": r.outcome_note,
        "filing_id": r.filing_id,
        "signers": [vc.person.name for vc in r.signers.all()],
        "signatures": [
            {
                "signer": s.signer.person.name,
                "decision": s.decision,
                "opinion": s.opinion,
                "signed_at": s.signed_at,
                "seq": s.seq,
                "hash": s.hash,
            }
            for s in r.visible_signatures  # type: ignore[attr-defined]
        ],
    }


@router.get("/rounds", response=list[RoundOut], summary="集体签字（副主席：本人参与的）")
def list_rounds(request: HttpRequest, before: Id | None = None, limit: Limit = 20) -> list[dict[str, Any]]:
    require(request, "mechanisms.round_view")
    qs = rounds_with_people(SignOffRound.objects.visible_to(request.user), request.user)
    return [_round_out(r) for r in _keyset(qs, before, limit)]


def _round(
    request: HttpRequest, round_id: int, capability: str, queryset: ScopedQuerySet | None = None
) -> SignOffRound:
    rnd: SignOffRound = get_object_for_user(
        SignOffRound, request.user, round_id, capability=capability, queryset=queryset
    )
    return rnd


@router.get("/rounds/{round_id}", response=RoundOut, summary="集体签字详情")
def get_round(request: HttpRequest, round_id: Id) -> dict[str, Any]:
    qs = rounds_with_people(SignOffRound.objects.all(), request.user)
    return _round_out(_round(request, round_id, "mechanisms.round_view", qs))


class SignIn(Schema):
    decision: choice(Decision, blank=False)  # type: ignore[valid-type]
    opinion: text(2000) = ""  # type: ignore[valid-type]


@router.post("/rounds/{round_id}/sign", response={201: SignatureOut}, summary="签字（同意 / 不同意 / 弃权）")
def sign_round(request: HttpRequest, round_id: Id, payload: SignIn) -> Status[Any]:
    rnd = _round(request, round_id, "mechanisms.round_sign")
    sig = services.sign(actor=request.user, round=rnd, decision=payload.decision, opinion=payload.opinion)
    return Status(
        201,
        {
            "signer": sig.signer.person.name,
            "decision": sig.decision,
            "opinion": sig.opinion,
            "signed_at": sig.signed_at,
            "seq": sig.seq,
            "hash": sig.hash,
        },
    )


class SuggestionOut(Schema):
    id: int
    title: str
    content: str
    category: str
    channel: str
    author_name: str
    submitted_on: date
    status: str
    status_label: str
    public_answer: str
    responsible_unit: str
    progress: int


def _suggestion_out(s: Any) -> dict[str, Any]:
    from shanglian.mechanisms.models import SuggestionStatus

    return {
        "id": s.pk,
        "title": s.title,
        "content": s.content,
        "category": s.category,
        "channel": s.channel,
        "author_name": s.author_name,
        "submitted_on": s.submitted_on,
        "status": s.status,
        "status_label": SuggestionStatus(s.status).label,
        "public_answer": s.public_answer,
        "responsible_unit": s.responsible_unit,
        "progress": s.progress,
    }


class SuggestionIn(Schema):
    enterprise_id: Id
    title: api_str(Suggestion, "title")  # type: ignore[valid-type]
    content: api_str(Suggestion, "content")  # type: ignore[valid-type]
    category: choice(SuggestionCategory, blank=False)  # type: ignore[valid-type]


@router.get("/suggestions", response=list[SuggestionOut], summary="创新建议（企业：本企业的）")
def list_suggestions(
    request: HttpRequest, before: Id | None = None, limit: Limit = 50
) -> list[dict[str, Any]]:
    require(request, "mechanisms.suggestion_view")
    return [_suggestion_out(s) for s in _keyset(Suggestion.objects.visible_to(request.user), before, limit)]


@router.post("/suggestions", response={201: SuggestionOut}, summary="提交创新建议（企业用户）")
def create_suggestion(request: HttpRequest, payload: SuggestionIn) -> Status[Any]:
    require(request, "mechanisms.suggestion_submit")
    enterprise = get_object_for_user(Enterprise, request.user, payload.enterprise_id)
    s = services.submit_suggestion(
        actor=request.user,
        enterprise=enterprise,
        title=payload.title,
        content=payload.content,
        category=payload.category,
        channel=Channel.API,
    )
    return Status(201, _suggestion_out(s))


# ---------------------------------------------------------------- 决策公开: consultations, opinions, answers


class OpinionOut(Schema):
    id: int
    article_id: int | None
    article_number: int | None
    author_name: str
    text: str
    created_at: datetime
    answer: str
    answer_label: str
    reason: str
    answered_at: datetime | None


class ArticleOut(Schema):
    id: int
    number: int
    text: str


class ConsultationOut(Schema):
    id: int
    title: str
    introduction: str
    status: str
    status_label: str
    comment_days: int
    opens_on: date | None
    closes_on: date | None
    summary: str
    opinion_count: int


class ConsultationDetailOut(ConsultationOut):
    articles: list[ArticleOut]
    opinions: list[OpinionOut]


def _consultation_out(c: Consultation, opinion_count: int) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "introduction": c.introduction,
        "status": c.status,
        "status_label": Phase(c.status).label,
        "comment_days": c.comment_days,
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "summary": c.summary,
        "opinion_count": opinion_count,
    }


def _opinion_out(o: Opinion) -> dict[str, Any]:
    return {
        "id": o.pk,
        "article_id": o.article_id,
        "article_number": o.article.number if o.article is not None else None,
        "author_name": o.author_name,
        "text": o.text,
        "created_at": o.created_at,
        "answer": o.answer,
        "answer_label": Answer(o.answer).label,
        "reason": o.reason,
        "answered_at": o.answered_at,
    }


@router.get(
    "/consultations", response=list[ConsultationOut], summary="决策公开：征求意见（受邀者：已开始征求的）"
)
def list_consultations(
    request: HttpRequest, before: Id | None = None, limit: Limit = 50
) -> list[dict[str, Any]]:
    require(request, "mechanisms.consultation_view")
    qs = Consultation.objects.visible_to(request.user).annotate(n=Count("opinions"))
    return [_consultation_out(c, c.n) for c in _keyset(qs, before, limit)]


def _consultation(request: HttpRequest, consultation_id: int, capability: str) -> Consultation:
    c: Consultation = get_object_for_user(Consultation, request.user, consultation_id, capability=capability)
    return c


@router.get("/consultations/{consultation_id}", response=ConsultationDetailOut, summary="征求意见详情")
def get_consultation(request: HttpRequest, consultation_id: Id) -> dict[str, Any]:
    c = _consultation(request, consultation_id, "mechanisms.consultation_view")
    articles = Article.objects.visible_to(request.user).filter(consultation=c).order_by("number")
    opinions = list(
        Opinion.objects.visible_to(request.user)
        .filter(consultation=c)
        .select_related("article")
        .order_by("pk")
    )
    return _consultation_out(c, len(opinions)) | {
        "articles": [{"id": a.pk, "number": a.number, "text": a.text} for a in articles],
        "opinions": [_opinion_out(o) for o in opinions],
    }


class OpinionIn(Schema):
    text: api_str(Opinion, "text")  # type: ignore[valid-type]
    article_id: Id | None = None


@router.post(
    "/consultations/{consultation_id}/opinions",
    response={201: OpinionOut},
    summary="提出意见（受邀的会员企业、企业家副主席；征求意见期内）",
)
def post_opinion(request: HttpRequest, consultation_id: Id, payload: OpinionIn) -> Status[Any]:
    c = _consultation(request, consultation_id, "mechanisms.consultation_comment")
    article = None
    if payload.article_id is not None:
        article = get_object_for_user(
            Article, request.user, payload.article_id, queryset=Article.objects.filter(consultation=c)
        )
    opinion = services.comment(actor=request.user, consultation=c, text=payload.text, article=article)
    return Status(201, _opinion_out(opinion))


class AnswerIn(Schema):
    answer: choice([Answer.ADOPTED, Answer.PARTLY, Answer.DECLINED], blank=False)  # type: ignore[valid-type]
    reason: api_str(Opinion, "reason") = ""  # type: ignore[valid-type]


@router.post("/opinions/{opinion_id}/answer", response=OpinionOut, summary="答复意见（工商联管理员）")
def answer_opinion(request: HttpRequest, opinion_id: Id, payload: AnswerIn) -> dict[str, Any]:
    opinion: Opinion = get_object_for_user(
        Opinion,
        request.user,
        opinion_id,
        capability="mechanisms.consultation_manage",
        write=True,
        queryset=Opinion.objects.select_related("article", "consultation__federation"),
    )
    done = services.answer_opinion(
        actor=request.user, opinion=opinion, answer=payload.answer, reason=payload.reason
    )
    return _opinion_out(done)
