"""Home to-dos: 换届提醒, terms expired without election, expiring/expired staff contracts (scoped)."""

from django.urls import reverse
from django.utils import timezone

from shanglian.core.roles import has_capability
from shanglian.core.todos import CHRONIC_DAYS, Todo, register
from shanglian.governance import selectors
from shanglian.governance.models import StaffAppointment, Term


@register
def governance_todos(user):
    if not has_capability(user, "governance.edit"):
        return []
    today = timezone.localdate()
    terms_url = reverse("governance:term_list")
    staff_url = reverse("governance:staff_list")
    todos = []
    for alert in selectors.term_alerts(Term.objects.visible_to(user), today):
        url = reverse("governance:term_detail", args=[alert.term.pk])
        if alert.kind == "due":
            todos.append(
                Todo(
                    "换届提醒",
                    f"{alert.term} 将于 {alert.days} 天后届满",
                    url,
                    alert.term.end_on,
                    "warning",
                    due_label="届满",
                    list_url=f"{terms_url}?status=due",
                )
            )
        else:
            todos.append(
                Todo(
                    "届满未换届",
                    f"{alert.term} 已届满 {alert.days} 天，尚未换届",
                    url,
                    alert.term.end_on,
                    "danger",
                    due_label="届满",
                    list_url=f"{terms_url}?status=expired",
                    chronic=alert.days > CHRONIC_DAYS,
                )
            )
    for a in selectors.contract_alerts(StaffAppointment.objects.visible_to(user), today):
        expired = a.contract_end < today
        todos.append(
            Todo(
                "聘任合同到期",
                f"{a.chamber.name} {a}：聘任合同{'已到期' if expired else '即将到期'}",
                reverse("governance:staff_edit", args=[a.pk]),
                a.contract_end,
                "danger" if expired else "warning",
                due_label="到期",
                list_url=staff_url,
            )
        )
    return todos
