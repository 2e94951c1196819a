"""Reminders to enterprises that have not answered an open survey closing within three days."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from shanglian.core.access import SYSTEM, enterprise_users
from shanglian.core.schedule import cron
from shanglian.notifications.services import notify
from shanglian.surveys.models import REMIND_DAYS_BEFORE, Invitation, Response, ResponseStatus, SurveyStatus


def remind_unanswered(*, today: date | None = None) -> int:
    """Notify the users of every invited enterprise without a submitted answer; once per invitation."""
    day = today or timezone.localdate()
    due = (
        Invitation.objects.unscoped()
        .filter(
            survey__status=SurveyStatus.OPEN,
            survey__closes_on__gte=day,
            survey__closes_on__lte=day + timedelta(days=REMIND_DAYS_BEFORE),
            reminded_on__isnull=True,
        )
        .exclude(
            Exists(
                Response.objects.unscoped().filter(
                    survey_id=OuterRef("survey_id"),
                    enterprise_id=OuterRef("enterprise_id"),
                    status=ResponseStatus.SUBMITTED,
                )
            )
        )
        .select_related("survey")
    )
    sent = 0
    for invitation in due:
        survey = invitation.survey
        if (
            Response.objects.unscoped()
            .filter(survey=survey, enterprise_id=invitation.enterprise_id, status=ResponseStatus.SUBMITTED)
            .exists()
        ):
            continue
        recipients = enterprise_users([invitation.enterprise_id])
        notify(
            recipients=list(recipients),
            title=f"问卷“{survey.title}”将于 {survey.closes_on:%m月%d日} 截止，请尽快填写",
            link=reverse("surveys:answer", args=[survey.pk]),
            key=f"survey:{survey.pk}:remind:{invitation.enterprise_id}",
            actor=SYSTEM,
        )
        Invitation.objects.unscoped().filter(pk=invitation.pk).update(reminded_on=day)
        sent += 1
    return sent


@cron("0 9 * * *")
@task()
def remind_unanswered_job() -> int:
    return remind_unanswered()
