from ninja import Router, Schema

from shanglian.core.api_utils import require
from shanglian.core.scope import get_object_for_user
from shanglian.core.validation import Id
from shanglian.orgs.models import Organization
from shanglian.orgs.selectors import org_tree_for

router = Router(tags=["组织"])


class OrgOut(Schema):
    id: int
    name: str
    kind: str
    chamber_kind: str
    street: str
    depth: int
    is_active: bool


@router.get("/", response=list[OrgOut], summary="可见的组织（树序）")
def list_orgs(request):
    require(request, "org.view")
    return list(org_tree_for(request.user))


@router.get("/{organization_id}", response=OrgOut, summary="组织详情")
def get_org(request, organization_id: Id):
    return get_object_for_user(Organization, request.user, organization_id, capability="org.view")
