"""Home-page to-dos of the appeals app, each scoped to the user (computed live: a step has nothing to refresh)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from shanglian.appeals import selectors
from shanglian.appeals.models import WITH_UNIT, Appeal, AppealState, ExtensionStatus
from shanglian.core.roles import has_capability
from shanglian.core.todos import Todo, register

LIMIT = 20

DESK_STEP: dict[str, str] = {
    AppealState.SUBMITTED: "待受理",
    AppealState.ACCEPTED: "待派单",
    AppealState.REPLIED: "已答复，待办结",
}
HANDLER_STEP: dict[str, str] = {AppealState.DISPATCHED: "待签收", AppealState.CHAMBER: "商会初审：自办或转报"}


def _url(appeal: Appeal) -> str:
    return reverse("appeals:appeal_detail", kwargs={"appeal_id": appeal.pk})


def _level(appeal: Appeal, today: Any) -> str:
    return "danger" if selectors.is_overdue(appeal, today) else "warning"


@register
def appeal_todos(user: Any) -> list[Todo]:
    if not has_capability(user, "appeals.view"):
        return []
    today = timezone.localdate()
    todos: list[Todo] = []
    if has_capability(user, "appeals.desk"):
        for a in selectors.board_order(selectors.desk_queue(user), today)[:LIMIT]:
            step = (
                "延期申请待审批"
                if a.extension_status == ExtensionStatus.PENDING
                else DESK_STEP.get(a.state, "")
            )
            todos.append(
                Todo(
                    "诉求受理派单",
                    f"#{a.pk} {a.title}：{step}",
                    _url(a),
                    a.finish_due,
                    _level(a, today),
                    list_url=reverse("appeals:appeal_board"),
                )
            )
    if has_capability(user, "appeals.handle"):
        for a in selectors.board_order(selectors.handler_queue(user), today)[:LIMIT]:
            step = HANDLER_STEP.get(a.state, "办理中")
            overdue = selectors.is_overdue(a, today)
            todos.append(
                Todo(
                    "诉求办理",
                    f"#{a.pk} {a.title}：{step}" + ("（已逾期，催办）" if overdue else ""),
                    _url(a),
                    a.handler_due,
                    _level(a, today),
                    list_url=reverse("appeals:appeal_list"),
                )
            )
    if has_capability(user, "appeals.rate"):
        for a in Appeal.objects.visible_to(user).filter(state=AppealState.CLOSED)[:LIMIT]:
            todos.append(Todo("诉求评价", f"#{a.pk} {a.title} 已办结，请评价", _url(a), None, "info"))
    if has_capability(user, "appeals.supervise"):
        for a in Appeal.objects.visible_to(user).filter(state=AppealState.ESCALATED)[:LIMIT]:
            todos.append(
                Todo(
                    "领导督办",
                    f"#{a.pk} {a.title}：企业再次不满意",
                    _url(a),
                    a.escalated_on,
                    "danger",
                    due_label="升级",
                    list_url=reverse("appeals:appeal_list"),
                )
            )
        late = Appeal.objects.visible_to(user).filter(state__in=WITH_UNIT, supervised_on__isnull=False)
        for a in late.select_related("lead_unit").order_by("handler_due")[:LIMIT]:
            unit = a.lead_unit.name if a.lead_unit else "承办单位"
            todos.append(
                Todo("领导督办", f"#{a.pk} {a.title}：{unit}逾期未办结", _url(a), a.handler_due, "danger")
            )
    return todos
