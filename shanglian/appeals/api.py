"""诉求 API for the mini-program: submit, list and follow one's appeals (with the timeline), and one POST per
handling step. Errors are the project's {code, message}: outside scope 404, a role without the step 403, a
step the appeal's state does not allow 409, a broken rule 400 — and a refused call writes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from shanglian.appeals import services
from shanglian.appeals.models import ENTRY_FILE, Appeal, AppealState
from shanglian.appeals.selectors import categories_for
from shanglian.attachments.models import Attachment
from shanglian.core.access import AccessDenied, own_enterprise_ids, require_capability
from shanglian.core.api_utils import CleaningParser, require
from shanglian.core.errors import ServiceError
from shanglian.core.scope import get_object_for_user
from shanglian.core.validation import Id, reject_nul
from shanglian.registry.models import Enterprise
from shanglian.workflow.kit import workflow_for

router = Router(tags=["诉求反映"])

ChannelCode = Literal["online", "mini_program", "phone", "visit", "event", "survey", "chamber", "other"]
ContactCode = Literal["phone", "sms", "visit", "online"]
StateCode = Literal[
    "chamber",
    "submitted",
    "declined",
    "accepted",
    "dispatched",
    "handling",
    "replied",
    "closed",
    "rated",
    "escalated",
]
MAX_ID = 2**63 - 1


class AppealIn(Schema):
    enterprise_id: int | None = Field(None, ge=1, le=MAX_ID, description="企业（企业用户可省略：本企业）")
    category_id: int | None = Field(None, ge=1, le=MAX_ID)
    title: str = Field(..., max_length=100)
    content: str = Field(..., max_length=5000)
    channel: ChannelCode = "mini_program"
    disclose: bool = False
    contact_preference: ContactCode = "phone"
    counterparty: str = Field("", max_length=100)
    amount_at_stake: Decimal | None = Field(None, ge=0, le=Decimal("999999999999.99"), decimal_places=2)


class AppealOut(Schema):
    id: int
    state: str
    state_label: str
    title: str
    enterprise_id: int
    enterprise_name: str
    category: str
    channel: str
    submitted_on: date
    finish_due: date | None
    holder: str
    outcome: str
    satisfaction: str
    duplicate_of_id: int | None


class FileOut(Schema):
    id: int
    name: str
    size: int = Field(..., description="字节")
    url: str = Field(..., description="下载地址（附件应用 /files/<id>/，按诉求的可见范围校验）")


class EntryOut(Schema):
    label: str
    kind: str
    body: str
    unit: str
    at: datetime
    files: list[FileOut]


class DispatchOut(Schema):
    unit_id: int
    unit: str
    role: str
    status: str
    dispatched_on: date
    signed_on: date | None


class AppealDetailOut(AppealOut):
    content: str
    contact_due: date | None
    extension_status: str
    reply: str
    dispatches: list[DispatchOut]
    timeline: list[EntryOut]


class AppealPageOut(Schema):
    items: list[AppealOut]
    next_before: int | None


class ListParams(Schema):
    state: StateCode | None = None
    before: int | None = Field(None, ge=1, le=MAX_ID, description="上一页返回的 next_before")
    limit: int = Field(30, ge=1, le=100)


class ActionIn(Schema):
    reason: str = Field("", max_length=2000, description="说明 / 理由 / 答复 / 进展 / 评价意见")
    lead: int | None = Field(None, ge=1, le=MAX_ID, description="派单/转办：主办单位（部门或商会）id")
    assisting: list[Id] = Field(default_factory=list, max_length=10)
    outcome: Literal["solved", "partly", "explained", ""] = ""
    days: int | None = Field(None, ge=1, le=30)
    satisfaction: Literal["satisfied", "basically", "unsatisfied", ""] = ""


def _holder(a: Appeal) -> str:
    if a.lead_unit is not None:
        return str(a.lead_unit.name)
    if a.state == AppealState.CHAMBER and a.chamber is not None:
        return f"{a.chamber.name}秘书处"
    if a.state in (AppealState.SUBMITTED, AppealState.ACCEPTED):
        return f"{a.federation.name}受理窗口"
    return ""


def _out(a: Appeal) -> dict[str, Any]:
    return {
        "id": a.pk,
        "state": a.state,
        "state_label": a.get_state_display(),
        "title": a.title,
        "enterprise_id": a.enterprise_id,
        "enterprise_name": a.enterprise.name,
        "category": a.category.name if a.category else "",
        "channel": a.channel,
        "submitted_on": a.submitted_on,
        "finish_due": a.finish_due,
        "holder": _holder(a),
        "outcome": a.outcome,
        "satisfaction": a.satisfaction,
        "duplicate_of_id": a.duplicate_of_id,
    }


def _detail(a: Appeal) -> dict[str, Any]:
    data = _out(a)
    data.update(
        content=a.content,
        contact_due=a.contact_due,
        extension_status=a.extension_status,
        reply=a.reply,
        dispatches=[
            {
                "unit_id": d.unit_id,
                "unit": d.unit.name,
                "role": d.role,
                "status": d.status,
                "dispatched_on": d.dispatched_on,
                "signed_on": d.signed_on,
            }
            for d in a.dispatches.select_related("unit").order_by("pk")
        ],
        timeline=[
            {
                "label": e.label,
                "kind": e.kind,
                "body": e.body,
                "unit": e.unit.name if e.unit else "",
                "at": e.created_at,
                "files": [_file(f) for f in e.entry_files],
            }
            for e in a.entries.select_related("unit")
            .prefetch_related(Prefetch("attachments", _ENTRY_FILES, to_attr="entry_files"))
            .order_by("pk")
        ],
    )
    return data


# Only the timeline's own files (the reply's documents, 补充材料), oldest first as they were uploaded.
_ENTRY_FILES = Attachment.objects.filter(use=ENTRY_FILE).order_by("pk")


def _file(f: Attachment) -> dict[str, Any]:
    url = reverse("attachments:download", args=[f.pk])
    return {"id": f.pk, "name": f.original_name, "size": f.size, "url": url}


RELATED = ("enterprise", "category", "lead_unit", "chamber", "federation")


def _get(request: HttpRequest, appeal_id: int) -> Appeal:
    appeal: Appeal = get_object_for_user(
        Appeal,
        request.user,
        appeal_id,
        capability="appeals.view",
        queryset=Appeal.objects.select_related(*RELATED),
    )
    return appeal


@router.post("", response={201: AppealOut}, summary="提交诉求（企业用户；商会秘书处、管理员可代为录入）")
def create_appeal(request: HttpRequest, payload: AppealIn) -> Status[dict[str, Any]]:
    require(request, "appeals.submit")
    for value in (payload.title, payload.content, payload.counterparty):
        reject_nul(value)
    enterprise_id = payload.enterprise_id
    if enterprise_id is None:
        own = sorted(own_enterprise_ids(request.user))
        if not own:
            raise ServiceError("请指定企业（enterprise_id）。")
        enterprise_id = own[0]
    enterprise = get_object_for_user(Enterprise, request.user, enterprise_id)
    category = None
    if payload.category_id is not None:
        category = categories_for(request.user).filter(pk=payload.category_id).first()
        if category is None:
            raise ServiceError("诉求类别不存在。")
    appeal = services.submit_appeal(
        actor=request.user,
        enterprise=enterprise,
        title=payload.title,
        content=payload.content,
        channel=payload.channel,
        category=category,
        disclose=payload.disclose,
        contact_preference=payload.contact_preference,
        counterparty=payload.counterparty,
        amount_at_stake=payload.amount_at_stake,
    )
    return Status(201, _out(_get(request, appeal.pk)))


@router.get("", response=AppealPageOut, summary="诉求列表（按数据范围；最新在前，按 next_before 翻页）")
def list_appeals(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    require(request, "appeals.view")
    qs = Appeal.objects.visible_to(request.user).select_related(*RELATED).order_by("-pk")
    if params.state:
        qs = qs.filter(state=params.state)
    if params.before:
        qs = qs.filter(pk__lt=params.before)
    rows = list(qs[: params.limit + 1])
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    return {"items": [_out(a) for a in rows], "next_before": rows[-1].pk if more else None}


@router.get("/{appeal_id}", response=AppealDetailOut, summary="诉求详情（含办理过程）")
def get_appeal(request: HttpRequest, appeal_id: Id) -> dict[str, Any]:
    return _detail(_get(request, appeal_id))


class Conflict(Exception):
    """The step is not allowed in the appeal's current state (409)."""


# URL action → workflow transition(s) it may become (rate: satisfied, or reopen / escalate on 不满意).
ACTIONS: dict[str, tuple[str, ...]] = {
    "accept": ("accept",),
    "decline": ("decline",),
    "dispatch": ("dispatch",),
    "transfer": ("transfer",),
    "sign": ("sign",),
    "send-back": ("send_back",),
    "progress": ("progress",),
    "reply": ("reply",),
    "extend": ("request_extension",),
    "approve-extension": ("approve_extension",),
    "reject-extension": ("reject_extension",),
    "close": ("close",),
    "rate": ("rate", "reopen", "escalate"),
    "forward": ("forward",),
    "take": ("take",),
}


ActionName = Annotated[str, Field(max_length=20, pattern=r"^[a-z-]+$")]


def _check(request: HttpRequest, appeal: Appeal, action: str) -> None:
    """Rights first (403, as the kit orders them), then the state (409)."""
    wf = workflow_for(appeal)
    t = wf.transition(ACTIONS[action][0])
    if t.capability:
        require_capability(request.user, t.capability, t.denied_message)
    if t.allowed is not None and not t.allowed(request.user, appeal):
        raise AccessDenied(t.denied_message)
    if appeal.state not in t.sources:
        raise Conflict(t.wrong_state_message or f"当前状态为“{appeal.get_state_display()}”，不能{t.label}。")


def _run(action: str, request: HttpRequest, appeal: Appeal, p: ActionIn, files: Sequence[Any] = ()) -> Appeal:
    actor, reason = request.user, p.reason
    reject_nul(reason)
    if action in ("dispatch", "transfer"):
        fn = services.dispatch_appeal if action == "dispatch" else services.transfer_appeal
        assisting = list(dict.fromkeys(p.assisting))
        return fn(actor=actor, appeal=appeal, lead=p.lead or 0, assisting=assisting, reason=reason)
    if action == "progress":
        return services.record_progress(actor=actor, appeal=appeal, text=reason)
    if action == "reply":
        return services.reply_appeal(actor=actor, appeal=appeal, text=reason, outcome=p.outcome, files=files)
    if action == "extend":
        return services.request_extension(actor=actor, appeal=appeal, days=p.days or 0, reason=reason)
    if action == "rate":
        return services.rate_appeal(actor=actor, appeal=appeal, satisfaction=p.satisfaction, comment=reason)
    simple: dict[str, Any] = {
        "accept": services.accept_appeal,
        "decline": services.decline_appeal,
        "sign": services.sign_appeal,
        "send-back": services.send_back_appeal,
        "approve-extension": services.approve_extension,
        "reject-extension": services.reject_extension,
        "close": services.close_appeal,
        "forward": services.forward_appeal,
        "take": services.take_appeal,
    }
    done: Appeal = simple[action](actor=actor, appeal=appeal, reason=reason)
    return done


@router.post(
    "/{appeal_id}/supplement",
    response={201: AppealDetailOut},
    summary="补充材料（提交诉求的企业用户；multipart：text 补充说明、files 文件，最多 10 个）",
)
def supplement(
    request: HttpRequest,
    appeal_id: Id,
    text: Form[str] = "",
    files: File[list[UploadedFile]] = [],  # noqa: B006 -- ninja copies defaults per request
) -> Status[dict[str, Any]]:
    appeal = _get(request, appeal_id)
    reject_nul(text)
    # The service decides who may (the appeal's own enterprise, 403) and when (not once closed, 400).
    services.supplement_appeal(actor=request.user, appeal=appeal, text=text, files=files)
    return Status(201, _detail(_get(request, appeal_id)))


_REPLY_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/ActionIn"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "reason": {"type": "string", "maxLength": 2000, "description": "答复内容"},
                    "outcome": {"type": "string", "enum": ["solved", "partly", "explained"]},
                    "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                },
            }
        },
    },
}


def _reply_input(request: HttpRequest) -> tuple[ActionIn, list[Any]]:
    """The reply as JSON (the step's usual body) or as multipart with the handler's documents."""
    files: list[Any] = []
    if request.content_type == "multipart/form-data":
        data: dict[str, Any] = {k: request.POST.get(k, "") for k in ("reason", "outcome")}
        files = request.FILES.getlist("files")
    else:
        try:
            data = CleaningParser().parse_body(request) if request.body else {}
        except ValueError as exc:
            raise ServiceError("请求内容不是合法的 JSON。") from exc
        if not isinstance(data, dict):
            raise ServiceError("请求内容应为 JSON 对象。")
    try:
        payload = ActionIn.model_validate(data)
    except PydanticValidationError as exc:
        raise NinjaValidationError([dict(e) for e in exc.errors(include_url=False)]) from exc
    return payload, files


@router.post(
    "/{appeal_id}/reply",
    response={200: AppealDetailOut, 409: dict[str, str]},
    summary="答复（JSON 同其他环节；或 multipart 附复函等文件：reason、outcome、files）",
    openapi_extra={"requestBody": _REPLY_BODY},
)
def reply(request: HttpRequest, appeal_id: Id) -> Any:
    payload, files = _reply_input(request)
    return _act(request, appeal_id, "reply", payload, files)


@router.post(
    "/{appeal_id}/{action}",
    response={200: AppealDetailOut, 409: dict[str, str]},
    summary="办理环节：accept、decline、dispatch、transfer、sign、send-back、progress、reply、extend、"
    "approve-extension、reject-extension、close、rate、forward、take",
)
def act(request: HttpRequest, appeal_id: Id, action: ActionName, payload: ActionIn) -> Any:
    if action not in ACTIONS:
        raise Http404
    return _act(request, appeal_id, action, payload)


def _act(
    request: HttpRequest, appeal_id: Id, action: str, payload: ActionIn, files: Sequence[Any] = ()
) -> Any:
    appeal = _get(request, appeal_id)
    try:
        _check(request, appeal, action)
    except Conflict as exc:
        return Status(409, {"code": "conflict", "message": str(exc)})
    _run(action, request, appeal, payload, files)
    return Status(200, _detail(_get(request, appeal_id)))
