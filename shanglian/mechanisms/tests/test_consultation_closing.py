"""A consultation closes itself after its end date: the scheduled job moves it to 意见汇总 through the
workflow (one audit row as 系统, the managers told), once however often it runs."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from shanglian.audit.models import AuditEntry
from shanglian.core.access import SYSTEM
from shanglian.core.schedule import enqueue_due
from shanglian.mechanisms import services
from shanglian.mechanisms.jobs import close_expired_consultations_job
from shanglian.mechanisms.models import Consultation, Phase
from shanglian.mechanisms.tests.test_consultations import draft
from shanglian.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _opened(world, days_left, **kw):
    c = services.advance_consultation(actor=world.admin, consultation=draft(world, **kw), step="open")
    closes = timezone.localdate() + timedelta(days_left)
    Consultation.unscoped_objects.filter(pk=c.pk).update(opens_on=closes - timedelta(30), closes_on=closes)
    return c


def test_the_job_closes_what_ended_and_only_once(world):
    ended = _opened(world, -1)
    today = _opened(world, 0, title="今天截止")
    later = _opened(world, 5, title="还在征求")
    still_draft = draft(world, title="草案")
    tz = timezone.get_current_timezone()
    now = timezone.localtime()
    results = enqueue_due(
        datetime(now.year, now.month, now.day, 0, 0, tzinfo=tz), now.replace(hour=0, minute=6)
    )
    assert any(r.task.name == close_expired_consultations_job.name for r in results)
    status = dict(Consultation.unscoped_objects.values_list("pk", "status"))
    assert status == {
        ended.pk: Phase.SUMMARISING,
        today.pk: Phase.OPEN,  # the end date is the last day to comment
        later.pk: Phase.OPEN,
        still_draft.pk: Phase.DRAFT,
    }
    rows = AuditEntry.unscoped_objects.filter(object_id=str(ended.pk), message__contains="自动截止")
    assert rows.count() == 1 and rows.get().actor is None
    told = Notification.objects.filter(title__contains="征求意见已截止", recipient=world.admin)
    assert told.count() == 1 and told.get().link == f"/mechanisms/consultations/{ended.pk}/"
    # A second run (or the next night) finds nothing open past its date.
    assert services.close_expired_consultations(actor=SYSTEM) == 0
    assert rows.count() == 1 and told.count() == 1


def test_closed_by_the_job_it_takes_no_opinion(world, login):
    c = _opened(world, -1)
    assert services.close_expired_consultations(actor=SYSTEM) == 1
    r = login(world.enterprise_user).post(
        f"/api/v1/mechanisms/consultations/{c.pk}/opinions", {"text": "晚了"}, content_type="application/json"
    )
    assert r.status_code == 400 and "已截止" in r.json()["message"]


def test_the_service_needs_an_actor(world):
    with pytest.raises(TypeError):
        services.close_expired_consultations(actor=None)
