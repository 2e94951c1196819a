"""Registry API: the same scope and rights as the pages (views read through the same selectors/services)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from shanglian.core.access import can_write, federation_of
from shanglian.core.api_utils import require
from shanglian.core.dates import SaneDate
from shanglian.core.errors import ServiceError
from shanglian.core.masking import mask_id_number, mask_phone
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.core.validation import Id, Limit, Offset, api_decimal, api_int, api_str, choice, text
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry import selectors, services
from shanglian.registry.models import (
    ApplicationStatus,
    ContributionTier,
    Enterprise,
    EnterpriseScale,
    EnterpriseYearFigure,
    Industry,
    MembershipApplication,
    Person,
    Position,
    Tag,
    TalentPool,
)

router = Router(tags=["企业"])


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str
    legal_representative: str
    street: str
    industry: str | None = None
    scale: str
    tags: list[str] = []
    tier: str | None = None

    @staticmethod
    def resolve_tags(obj):
        return [t.code for t in obj.tags.all()]

    @staticmethod
    def resolve_industry(obj):
        return obj.industry.code if obj.industry_id else None

    @staticmethod
    def resolve_tier(obj):
        return getattr(obj, "tier", None)


class YearFigureOut(Schema):
    year: int
    revenue: Decimal | None
    tax: Decimal | None
    rd_spend: Decimal | None


class MembershipOut(Schema):
    chamber_id: int
    chamber: str = Field(..., alias="chamber.name")
    position: str
    joined_on: datetime.date


class EnterpriseDetailOut(EnterpriseOut):
    registered_address: str
    phone: str
    founded_on: datetime.date | None
    employees: int | None
    year_figures: list[YearFigureOut] = []
    memberships: list[MembershipOut] = []

    @staticmethod
    def resolve_year_figures(obj):
        return list(obj.year_figures.order_by("-year"))

    @staticmethod
    def resolve_memberships(obj):
        return list(obj.memberships.filter(left_on__isnull=True).select_related("chamber"))

    @staticmethod
    def resolve_phone(obj, context):
        user = context["request"].user
        editable = can_write(user, obj)
        return obj.phone if editable else mask_phone(obj.phone)


def _str(name):
    return api_str(Enterprise, name)


# Every field carries its column's limits (issue 11, defect 6): the same ones the forms apply.
class EnterpriseIn(Schema):
    name: _str("name") | None = None
    credit_code: _str("credit_code") | None = None
    legal_representative: _str("legal_representative") | None = None
    registered_address: _str("registered_address") | None = None
    street: _str("street") | None = None
    phone: _str("phone") | None = None
    industry: text(8) | None = Field(None, description="GB/T 4754-2017 代码，如 C34")
    scale: choice(EnterpriseScale) | None = None
    founded_on: SaneDate | None = None
    employees: api_int(Enterprise, "employees") | None = None
    tags: list[text(50)] | None = Field(None, description="标签代码，如 high_tech", max_length=50)
    chamber_id: Id | None = Field(None, description="新建时：商会秘书处登记到本商会")


class EnterpriseFilter(Schema):
    q: text(50) = ""
    chamber_id: Id | None = None
    street: _str("street") = ""
    industry: text(8) = Field("", description="门类或大类代码")
    scale: choice(EnterpriseScale) = ""
    tags: list[text(50)] = Field([], description="须同时具有的标签代码", max_length=50)
    tier: choice(ContributionTier) = ""
    position: choice(Position) = ""
    sort: choice(selectors.SORTS, blank=False) = "name"
    limit: Limit = 50
    offset: Offset = 0


def _to_data(payload: EnterpriseIn, *, partial: bool) -> tuple[dict, list | None]:
    raw = payload.dict(exclude_unset=partial)
    raw.pop("chamber_id", None)
    tag_codes = raw.pop("tags", None)
    data = {k: ("" if v is None and k not in ("founded_on", "employees") else v) for k, v in raw.items()}
    if "industry" in data:
        code = data["industry"]
        data["industry"] = Industry.objects.filter(code=code).first() if code else None
        if code and data["industry"] is None:
            raise ServiceError(f"行业代码 {code} 不存在。")
    if data.get("scale") and data["scale"] not in {c for c, _ in Enterprise._meta.get_field("scale").choices}:
        raise ServiceError("企业规模无效。")
    tags = None
    if tag_codes is not None:
        tags = list(Tag.objects.filter(code__in=tag_codes))
        if len(tags) != len(set(tag_codes)):
            raise ServiceError("标签代码无效。")
    return data, tags


@router.get("/enterprises", response=list[EnterpriseOut], summary="可见的企业（搜索与筛选）")
def list_enterprises(request, filters: Query[EnterpriseFilter]):
    require(request, "enterprise.view")
    fed, rule = federation_of(request.user), None
    if fed is not None:
        rule = selectors.rule_for(fed)
    data = filters.dict()
    data["chamber"] = data.pop("chamber_id")
    data["industry"] = Industry.objects.filter(code=data["industry"]).first() if data["industry"] else None
    data["tags"] = list(Tag.objects.filter(code__in=data["tags"])) if data["tags"] else []
    qs = selectors.filter_enterprises(Enterprise.objects.visible_to(request.user), data, rule)
    if rule is not None:
        qs = qs.annotate(tier=selectors.tier_expression(rule))
    limit = max(1, min(filters.limit, 200))
    offset = max(filters.offset, 0)
    qs = selectors.order_enterprises(qs, data["sort"]).select_related("industry").prefetch_related("tags")
    return list(qs[offset : offset + limit])


@router.get("/enterprises/{enterprise_id}", response=EnterpriseDetailOut, summary="企业详情")
def get_enterprise(request, enterprise_id: Id):
    return get_object_for_user(
        Enterprise,
        request.user,
        enterprise_id,
        capability="enterprise.view",
        queryset=Enterprise.objects.select_related("industry").prefetch_related("tags"),
    )


@router.post("/enterprises", response={201: EnterpriseDetailOut}, summary="登记企业")
def create_enterprise(request, payload: EnterpriseIn):
    require(request, "enterprise.create")
    chamber = None
    if payload.chamber_id is not None:
        chamber = get_object_or_404(
            Organization.objects.visible_to(request.user), pk=payload.chamber_id, kind=OrgKind.CHAMBER
        )
        federation = selectors.parent_of(chamber)
    else:
        federation = federation_of(request.user)
    data, tags = _to_data(payload, partial=False)
    enterprise = services.create_enterprise(
        actor=request.user, federation=federation, data=data, tags=tags, chamber=chamber
    )
    return Status(201, enterprise)


@router.patch("/enterprises/{enterprise_id}", response=EnterpriseDetailOut, summary="更新企业")
def update_enterprise(request, enterprise_id: Id, payload: EnterpriseIn):
    enterprise = get_object_for_user(
        Enterprise, request.user, enterprise_id, capability="enterprise.edit", write=True
    )
    data, tags = _to_data(payload, partial=True)
    if tags is not None and not has_capability(request.user, "enterprise.create"):
        raise PermissionDenied  # tags are recorded by the federation or the chamber
    return services.update_enterprise(actor=request.user, enterprise=enterprise, data=data, tags=tags)


class YearFigureIn(Schema):
    revenue: api_decimal(EnterpriseYearFigure, "revenue") | None = None
    tax: api_decimal(EnterpriseYearFigure, "tax") | None = None
    rd_spend: api_decimal(EnterpriseYearFigure, "rd_spend") | None = None


FigureYear = api_int(EnterpriseYearFigure, "year")


@router.put("/enterprises/{enterprise_id}/figures/{year}", response=YearFigureOut, summary="填报年度数据")
def put_year_figure(request, enterprise_id: Id, year: FigureYear, payload: YearFigureIn):
    enterprise = get_object_for_user(
        Enterprise, request.user, enterprise_id, capability="enterprise.edit", write=True
    )
    return services.set_year_figure(actor=request.user, enterprise=enterprise, year=year, **payload.dict())


# ---------------------------------------------------------------- people


class PersonOut(Schema):
    id: int
    name: str
    gender: str
    birth_date: datetime.date | None
    political_status: str
    education: str
    enterprise_id: int | None
    phone: str
    id_number: str
    is_npc_deputy: bool
    is_cppcc_member: bool


def _person_out(person, request, *, editable: bool):
    return PersonOut(
        id=person.pk,
        name=person.name,
        gender=person.gender,
        birth_date=person.birth_date,
        political_status=person.political_status,
        education=person.education,
        enterprise_id=person.enterprise_id,
        phone=person.phone if editable else mask_phone(person.phone),
        id_number=person.id_number
        if has_capability(request.user, "person.view_id_number")
        else mask_id_number(person.id_number),
        is_npc_deputy=person.is_npc_deputy,
        is_cppcc_member=person.is_cppcc_member,
    )


@router.get("/people", response=list[PersonOut], summary="可见的企业家")
def list_people(request, q: text(50) = "", pool: text(20) = "", limit: Limit = 50, offset: Offset = 0):
    require(request, "person.view")
    qs = Person.objects.visible_to(request.user)
    if pool:
        if pool not in TalentPool.values:
            raise ServiceError("人才库无效：应为 excellent / key_industry / youth。")
        require(request, "talent.view")
        fed = federation_of(request.user)
        qs = selectors.talent_pool(fed, pool, queryset=qs) if fed else qs.none()
    qs = selectors.filter_people(qs, {"q": q[:50]}).order_by("name", "id")
    limit, offset = max(1, min(limit, 200)), max(offset, 0)
    return [_person_out(p, request, editable=False) for p in qs[offset : offset + limit]]


@router.get("/people/{person_id}", response=PersonOut, summary="企业家详情")
def get_person(request, person_id: Id):
    person = get_object_for_user(Person, request.user, person_id, capability="person.view")
    editable = can_write(request.user, person)
    return _person_out(person, request, editable=editable)


# ---------------------------------------------------------------- membership applications


class ApplicationIn(Schema):
    enterprise_id: Id
    chamber_id: Id
    note: api_str(MembershipApplication, "note") = ""


class ApplicationOut(Schema):
    id: int
    enterprise_id: int
    chamber_id: int
    status: str
    note: str
    reason: str
    submitted_at: datetime.datetime
    decided_at: datetime.datetime | None
    membership_id: int | None


class DecisionIn(Schema):
    approve: bool
    reason: api_str(MembershipApplication, "reason") = ""
    position: choice(Position, blank=False) = Position.MEMBER


@router.get("/applications", response=list[ApplicationOut], summary="可见的入会申请")
def list_applications(request, status: choice(ApplicationStatus) = "", limit: Limit = 50, offset: Offset = 0):
    require(request, "enterprise.view")
    qs = MembershipApplication.objects.visible_to(request.user).order_by("-submitted_at")
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    limit, offset = max(1, min(limit, 200)), max(offset, 0)
    return list(qs[offset : offset + limit])


@router.post("/applications", response={201: ApplicationOut}, summary="提交入会申请（企业用户）")
def submit_application(request, payload: ApplicationIn):
    require(request, "membership.apply")
    enterprise = get_object_for_user(Enterprise, request.user, payload.enterprise_id, write=True)
    chamber = selectors.chamber_of_federation(enterprise.federation, payload.chamber_id)
    if chamber is None:
        raise ServiceError("只能申请加入本工商联的行业商会、异地商会或本街道的街道商会。")
    application = services.submit_application(
        actor=request.user, enterprise=enterprise, chamber=chamber, note=payload.note
    )
    return Status(201, application)


@router.post(
    "/applications/{membershipapplication_id}/decide", response=ApplicationOut, summary="审核入会申请"
)
def decide_application(request, membershipapplication_id: Id, payload: DecisionIn):
    application = get_object_for_user(
        MembershipApplication, request.user, membershipapplication_id, capability="membership.decide"
    )
    return services.decide_application(
        actor=request.user,
        application=application,
        approve=payload.approve,
        reason=payload.reason,
        position=payload.position,
    )
