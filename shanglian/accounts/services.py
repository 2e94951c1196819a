from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from shanglian.accounts.models import ApiToken, RoleAssignment, User, hash_token
from shanglian.audit import services as audit
from shanglian.core.access import AccessDenied, can_write, is_admin_of
from shanglian.core.errors import ServiceError
from shanglian.core.roles import Role
from shanglian.orgs.models import OrgKind

# Which kind of organisation each role binds to.
ROLE_ORG_KIND = {
    Role.FEDERATION_ADMIN: OrgKind.FEDERATION,
    Role.FEDERATION_LEADER: OrgKind.FEDERATION,
    Role.CHAMBER_SECRETARY: OrgKind.CHAMBER,
    Role.DEPARTMENT_LIAISON: OrgKind.DEPARTMENT,
    Role.VICE_CHAIR: OrgKind.FEDERATION,
}


def _check_can_grant(actor, *, role, organization, enterprise):
    if role == Role.ENTERPRISE_USER:
        if enterprise is None or not can_write(actor, enterprise):
            raise AccessDenied("只能为本数据范围内的企业开设企业用户。")
        return
    if organization is None or not is_admin_of(actor, organization):
        raise AccessDenied("只有工商联管理员可以在其管辖范围内授予工作人员角色。")


def _validate_binding(*, role, organization, enterprise):
    if role not in Role.values:
        raise ServiceError("角色无效。")
    if role == Role.ENTERPRISE_USER:
        if enterprise is None:
            raise ServiceError("企业用户必须绑定一家企业。")
        return
    if organization is None:
        raise ServiceError("请选择该角色所属的组织。")
    expected = ROLE_ORG_KIND[role]
    if organization.kind != expected:
        raise ServiceError(f"{Role(role).label}只能绑定到“{OrgKind(expected).label}”类型的组织。")


@transaction.atomic
def assign_role(
    *,
    actor,
    user: User,
    role: str,
    organization=None,
    enterprise=None,
    is_legal_representative: bool = False,
) -> RoleAssignment:
    if is_legal_representative and role != Role.ENTERPRISE_USER:
        raise ServiceError("只有企业用户可以标记为企业法定代表人。")
    if role == Role.ENTERPRISE_USER:
        organization = None
    else:
        enterprise = None
    _validate_binding(role=role, organization=organization, enterprise=enterprise)
    _check_can_grant(actor, role=role, organization=organization, enterprise=enterprise)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, organization=organization, enterprise=enterprise
    )
    if not created:
        raise ServiceError("该用户已拥有此角色。")
    audit.record_create(
        actor=actor, obj=assignment, organization=user.home_org, message=f"授予角色：{assignment}"
    )
    if is_legal_representative:
        set_legal_representative(actor=actor, assignment=assignment, value=True)
    return assignment


@transaction.atomic
def set_legal_representative(*, actor, assignment: RoleAssignment, value: bool) -> None:
    """Mark (or unmark) an enterprise user's login as the enterprise's 法定代表人. An enterprise has one: marking
    a new one unmarks the previous, each change its own audit row."""
    if assignment.role != Role.ENTERPRISE_USER:
        raise ServiceError("只有企业用户可以标记为企业法定代表人。")
    _check_can_grant(actor, role=assignment.role, organization=None, enterprise=assignment.enterprise)
    if assignment.is_legal_representative == value:
        return
    if value:
        previous = RoleAssignment.objects.select_for_update().filter(
            enterprise=assignment.enterprise, is_legal_representative=True
        )
        for old in previous.select_related("user"):
            _flag(actor, old, False)
    _flag(actor, assignment, value)


def _flag(actor, assignment: RoleAssignment, value: bool) -> None:
    assignment.is_legal_representative = value
    assignment.save(update_fields=["is_legal_representative"])
    audit.record_transition(
        actor=actor,
        obj=assignment,
        field="is_legal_representative",
        before=not value,
        after=value,
        organization=assignment.user.home_org,
        message="标记为企业法定代表人" if value else "取消企业法定代表人标记",
    )


def _other_active_admins(organization, *, except_user: User) -> bool:
    """Does someone else, active, still administer `organization` (bound to it or to an ancestor)?
    The rows are locked so two admins removing each other at once cannot both succeed."""
    paths = [organization.path[: i * organization.steplen] for i in range(1, organization.depth + 1)]
    holders = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .filter(role=Role.FEDERATION_ADMIN, organization__path__in=paths, user__is_active=True)
        .exclude(user=except_user)
    )
    return bool(list(holders.values_list("pk", flat=True)[:1]))


def _check_keeps_an_admin(user: User, assignments, *, doing: str) -> None:
    for assignment in assignments:
        if assignment.role != Role.FEDERATION_ADMIN:
            continue
        if not _other_active_admins(assignment.organization, except_user=user):
            raise ServiceError(
                f"不能{doing}：{assignment.user} 是“{assignment.organization}”唯一的管理员，"
                "否则将没有人能管理该工商联。请先为另一位用户授予管理员角色。"
            )


@transaction.atomic
def revoke_role(*, actor, assignment: RoleAssignment) -> None:
    _check_can_grant(
        actor, role=assignment.role, organization=assignment.organization, enterprise=assignment.enterprise
    )
    _check_keeps_an_admin(assignment.user, [assignment], doing="撤销该管理员角色")
    audit.record_delete(
        actor=actor, obj=assignment, organization=assignment.user.home_org, message=f"撤销角色：{assignment}"
    )
    assignment.delete()


@transaction.atomic
def create_user(
    *,
    actor,
    username: str,
    password: str,
    home_org,
    name: str = "",
    phone: str = "",
    role: str,
    organization=None,
    enterprise=None,
    is_legal_representative: bool = False,
) -> User:
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError("用户名已存在。")
    user = User(username=username, name=name.strip(), phone=phone.strip(), home_org=home_org)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    audit.record_create(actor=actor, obj=user, organization=home_org, message="新建用户")
    assign_role(
        actor=actor,
        user=user,
        role=role,
        organization=organization,
        enterprise=enterprise,
        is_legal_representative=is_legal_representative,
    )
    return user


@transaction.atomic
def set_user_active(*, actor, user: User, active: bool) -> None:
    if user == actor and not active:
        raise ServiceError("不能停用自己的账号。")
    if not active and user.is_active:
        _check_keeps_an_admin(user, user.role_assignments.select_related("organization"), doing="停用该账号")
    before = audit.snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record_update(
        actor=actor,
        obj=user,
        before=before,
        organization=user.home_org,
        message="启用账号" if active else "停用账号",
    )


@transaction.atomic
def reset_password(*, actor, user: User, new_password: str) -> None:
    validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        obj=user,
        organization=user.home_org,
        changes={"password": ["***", "***"]},
        message="重置密码",
    )


@transaction.atomic
def update_user(*, actor, user: User, name: str, phone: str) -> None:
    before = audit.snapshot(user)
    user.name, user.phone = name.strip(), phone.strip()
    user.save(update_fields=["name", "phone"])
    audit.record_update(actor=actor, obj=user, before=before, organization=user.home_org)


@transaction.atomic
def issue_api_token(*, actor, name: str = "小程序") -> tuple[ApiToken, str]:
    raw = ApiToken.new_raw()
    token = ApiToken.objects.create(
        user=actor, name=name[:50] or "小程序", token_hash=hash_token(raw), prefix=raw[:8]
    )
    audit.record(
        actor=actor,
        action=audit.AuditAction.CREATE,
        obj=token,
        object_repr=f"API 令牌 {token.prefix}…",
        organization=actor.home_org,
        message="签发 API 令牌",
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise AccessDenied("只能吊销自己的令牌。")
    token.revoked = True
    token.save(update_fields=["revoked"])
    audit.record_transition(
        actor=actor,
        obj=token,
        field="revoked",
        before=False,
        after=True,
        organization=actor.home_org,
        message="吊销 API 令牌",
    )


def authenticate_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked=False, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
