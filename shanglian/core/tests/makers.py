from shanglian.accounts.factories import user_with_role
from shanglian.accounts.models import RoleAssignment
from shanglian.audit.factories import AuditEntryFactory
from shanglian.audit.models import AuditAction
from shanglian.core.roles import Role
from shanglian.core.testing.matrix import register


@register("organization_id")
def make_org(owner):
    return owner.chamber


@register("enterprise_id")
def make_enterprise(owner):
    return owner.enterprise


@register("user_id")
def make_user(owner):
    return user_with_role(
        Role.ENTERPRISE_USER, enterprise=owner.enterprise, home_org=owner.chamber, name="他方用户"
    )


@register("assignment_id")
def make_assignment(owner):
    return RoleAssignment.objects.get(user=owner.get("user_id"))


@register("auditentry_id")
def make_audit(owner):
    return AuditEntryFactory(
        action=AuditAction.UPDATE, organization=owner.chamber, object_repr="他方记录", actor_name="他方"
    )
