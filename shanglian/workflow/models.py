"""The request → decision (申请/审批) piece: what every application a superior decides has in common."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models


class RequestDecision(models.Model):
    """Abstract base of an application someone submits and someone else decides.

    The outcome is the model's own status field (its workflow is declared with
    `shanglian.workflow.decisions.decision_workflow`). Models that predate the kit keep their column
    names: they say which of their fields hold the requester and the decision note, and may redeclare
    `decided_by`/`decided_at` with their own labels.
    """

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    # The decision's deadline (working days from submission); stored so lists sort and filter by it.
    due_on = models.DateField("办理期限", null=True, blank=True, db_index=True)

    requester_field: ClassVar[str] = "requested_by"
    note_field: ClassVar[str] = "decision_note"
    submitted_at_field: ClassVar[str] = "requested_at"

    class Meta:
        abstract = True

    @property
    def requester(self) -> Any:
        return getattr(self, self.requester_field)

    def history(self) -> list[dict[str, Any]]:
        """Submitted, then decided (or withdrawn): who and when, oldest first — what a detail page shows
        (partials/decision_history.html)."""
        steps: list[dict[str, Any]] = [
            {
                "label": "提交",
                "by": self.requester,
                "at": getattr(self, self.submitted_at_field, None),
                "note": "",
            }
        ]
        if self.decided_at is not None:
            status = getattr(self, "get_status_display", lambda: "")()
            label = f"审核（{status}）" if self.decided_by_id else f"结束（{status}）"
            steps.append(
                {
                    "label": label,
                    "by": self.decided_by,
                    "at": self.decided_at,
                    "note": getattr(self, self.note_field),
                }
            )
        return steps
