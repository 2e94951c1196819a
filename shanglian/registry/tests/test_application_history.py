"""A reviewed application shows who submitted and who reviewed it, with the dates in order; the database
refuses a decision dated before the application."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse

from shanglian.registry.models import ApplicationStatus, MembershipApplication, Position

pytestmark = pytest.mark.django_db


def test_the_detail_shows_submitted_then_reviewed_by_whom(world, login):
    a = MembershipApplication.unscoped_objects.create(
        enterprise=world.enterprise2, chamber=world.chamber, submitted_by=world.enterprise_user
    )
    client = login(world.secretary)
    client.post(
        reverse("registry:application_decide", args=[a.pk]),
        {"decision": "approve", "position": Position.DIRECTOR, "reason": "符合入会条件"},
    )
    a.refresh_from_db()
    assert a.decided_at >= a.submitted_at
    page = client.get(reverse("registry:application_detail", args=[a.pk])).content.decode()
    history = page.split('class="list-unstyled mb-0 decision-history"', 1)[1].split("</ol>", 1)[0]
    submitted, reviewed = history.index("提交"), history.index("审核（已通过）")
    assert submitted < reviewed
    assert (world.secretary.name or world.secretary.username) in history[reviewed:]
    assert "符合入会条件" in history[reviewed:]


def test_an_open_application_shows_only_its_submission(world, login):
    a = MembershipApplication.unscoped_objects.create(enterprise=world.enterprise2, chamber=world.chamber)
    page = login(world.secretary).get(reverse("registry:application_detail", args=[a.pk])).content.decode()
    history = page.split("decision-history", 1)[1].split("</ol>", 1)[0]
    assert "提交" in history and "审核（" not in history


def test_a_decision_before_the_application_is_refused(world):
    a = MembershipApplication.unscoped_objects.create(enterprise=world.enterprise2, chamber=world.chamber)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipApplication.unscoped_objects.filter(pk=a.pk).update(
            status=ApplicationStatus.REJECTED,
            reason="x",
            decided_at=a.submitted_at - datetime.timedelta(days=1),
        )


def test_the_history_is_in_order_for_older_rows(world):
    """The migration dates back a submission recorded after its decision (the demo's old rows)."""
    migration = import_module("shanglian.registry.migrations.0018_application_decided_after_submitted")
    a = MembershipApplication.unscoped_objects.create(enterprise=world.enterprise2, chamber=world.chamber)
    migration.date_back_applications(apps, None)  # nothing to fix: the row stays as it is
    a2 = MembershipApplication.unscoped_objects.get(pk=a.pk)
    assert a2.submitted_at == a.submitted_at
    steps = a2.history()
    assert [s["label"] for s in steps] == ["提交"]
