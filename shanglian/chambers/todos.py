"""Home-page to-dos of the chambers app, each scoped to the user."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from shanglian.chambers import selectors
from shanglian.chambers.services import policy_for
from shanglian.core.access import federation_of
from shanglian.core.roles import has_capability
from shanglian.core.todos import Todo, register


@register
def chamber_todos(user):
    if not has_capability(user, "chambers.view"):
        return []
    today = timezone.localdate()
    todos = []
    federation = federation_of(user)
    warn_days = policy_for(federation).deadline_warning_days if federation else 14
    if has_capability(user, "chambers.approve"):
        for req in selectors.pending_requests(user)[:20]:
            todos.append(
                Todo(
                    "商会状态变更审批",
                    f"{req.chamber.name} 申请{req.get_to_state_display()}",
                    reverse("chambers:request_list"),
                    req.effective_on,
                    "warning",
                    due_label="拟生效",
                    list_url=reverse("chambers:request_list"),
                )
            )
    for case in selectors.open_cases(user).filter(deadline__lte=today + timedelta(days=warn_days))[:20]:
        overdue = case.deadline < today
        todos.append(
            Todo(
                "整顿期限",
                f"{case.chamber.name} 整顿{'已逾期' if overdue else '即将到期'}",
                reverse("chambers:case_detail", kwargs={"rectificationcase_id": case.pk}),
                case.deadline,
                "danger" if overdue else "warning",
            )
        )
    if has_capability(user, "chambers.campaign") and federation is not None:
        dormant = selectors.dormant_for_user(user, today)
        if dormant:
            months = policy_for(federation).dormant_months
            todos.append(
                Todo(
                    "僵尸商会排查",
                    f"{len(dormant)} 家商会连续 {months} 个月以上无会议或活动，请核查",
                    reverse("chambers:campaign_cleanup"),
                    None,
                    "info",
                )
            )
    if has_capability(user, "ratings.decide"):
        for rating in selectors.pending_ratings(user)[:20]:
            todos.append(
                Todo(
                    "评级申报",
                    f"{rating.chamber.name} 申报{rating.label}",
                    reverse("chambers:rating_detail", kwargs={"rating_id": rating.pk}),
                    rating.applied_on,
                    "info",
                    due_label="申报",
                    list_url=reverse("chambers:rating_list"),
                )
            )
    return todos
