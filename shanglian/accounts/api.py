from ninja import Router, Schema

from shanglian.core.roles import Role

router = Router(tags=["用户"])


class RoleOut(Schema):
    role: str
    role_label: str
    organization_id: int | None
    enterprise_id: int | None


class MeOut(Schema):
    id: int
    username: str
    name: str
    home_org_id: int | None
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    user = request.user
    labels = dict(Role.choices)
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.name,
        "home_org_id": user.home_org_id,
        "roles": [
            {
                "role": a.role,
                "role_label": labels[a.role],
                "organization_id": a.organization_id,
                "enterprise_id": a.enterprise_id,
            }
            for a in user.role_assignments.all()
        ],
    }
