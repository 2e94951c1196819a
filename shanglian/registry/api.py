from ninja import Router, Schema

from shanglian.core.api_utils import require
from shanglian.core.scope import get_object_for_user
from shanglian.registry.models import Enterprise

router = Router(tags=["企业"])


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str
    legal_representative: str
    street: str


@router.get("/enterprises", response=list[EnterpriseOut], summary="可见的企业")
def list_enterprises(request, q: str = "", limit: int = 50, offset: int = 0):
    require(request, "enterprise.view")
    qs = Enterprise.objects.visible_to(request.user).order_by("name")
    if q:
        qs = qs.filter(name__icontains=q[:100])
    limit = max(1, min(limit, 200))
    return list(qs[max(offset, 0) : max(offset, 0) + limit])


@router.get("/enterprises/{enterprise_id}", response=EnterpriseOut, summary="企业详情")
def get_enterprise(request, enterprise_id: int):
    return get_object_for_user(Enterprise, request.user, enterprise_id, capability="enterprise.view")
