from django.urls import reverse

from shanglian.core.roles import has_capability
from shanglian.core.todos import Todo, register
from shanglian.registry.models import ApplicationStatus, MembershipApplication


@register
def pending_applications(user):
    """Secretaries (and federation admins): membership applications waiting for a decision."""
    if not has_capability(user, "membership.decide"):
        return []
    pending = (
        MembershipApplication.objects.visible_to(user)
        .filter(status=ApplicationStatus.SUBMITTED)
        .select_related("enterprise", "chamber")
        .order_by("submitted_at")[:20]
    )
    return [
        Todo(
            section="入会申请待审核",
            title=f"{a.enterprise.name} 申请加入 {a.chamber.name}",
            url=reverse("registry:application_detail", kwargs={"membershipapplication_id": a.pk}),
            due=a.submitted_at.date(),
            level="warning",
        )
        for a in pending
    ]
