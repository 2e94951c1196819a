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
            due=a.submitted_at,
            level="warning",
            due_label="提交",
            list_url=reverse("registry:application_list") + "?status=submitted",
        )
        for a in pending
    ]


@register
def missing_year_figures(user):
    """Enterprise users: last year's figures (营业收入 / 纳税额) not yet filled in."""
    from django.utils import timezone

    from shanglian.core.access import own_enterprise_ids
    from shanglian.registry.models import Enterprise

    if not has_capability(user, "portal.view"):
        return []
    last_year = timezone.localdate().year - 1
    missing = (
        Enterprise.objects.visible_to(user)
        .filter(pk__in=own_enterprise_ids(user))
        .exclude(year_figures__year=last_year)
        .order_by("name_pinyin")
    )
    return [
        Todo(
            section="企业信息",
            title=f"请填报 {e.name} {last_year} 年度营业收入、纳税额等数据",
            url=reverse("registry:enterprise_detail", kwargs={"enterprise_id": e.pk}),
            level="info",
        )
        for e in missing
    ]
