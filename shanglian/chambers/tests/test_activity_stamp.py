"""Issue 13: the dormant-chamber check reads a last-activity stamp kept on the chamber, not an aggregate
over every membership on each home page."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shanglian.chambers import activity, selectors
from shanglian.orgs.models import Organization
from shanglian.registry.factories import EnterpriseFactory, MembershipFactory


def _stamp(chamber):
    return Organization.objects.unscoped().values_list("last_active_on", flat=True).get(pk=chamber.pk)


def test_saving_an_activity_stamps_the_chamber_forward_only(world):
    chamber = world.chamber
    today = timezone.localdate()
    MembershipFactory(chamber=chamber, enterprise=EnterpriseFactory(federation=world.fed), joined_on=today)
    assert _stamp(chamber) == today
    older = today - timedelta(days=400)
    MembershipFactory(chamber=chamber, enterprise=EnterpriseFactory(federation=world.fed), joined_on=older)
    assert _stamp(chamber) == today  # an older activity never moves the stamp back


def test_recent_stamps_spare_the_sources(world):
    today = timezone.localdate()
    chambers = list(Organization.objects.unscoped().filter(pk__in=[world.chamber.pk, world.chamber2.pk]))
    for c in chambers:
        activity.touch(c.pk, today)
    chambers = list(Organization.objects.unscoped().filter(pk__in=[c.pk for c in chambers]))
    with CaptureQueriesContext(connection) as ctx:
        found = selectors.dormant_candidates(chambers, months=12, today=today)
    assert found == []
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "registry_membership" not in sql and "governance_meeting" not in sql


def test_an_old_or_missing_stamp_is_checked_against_the_sources_and_refreshed(world):
    """Rows written without signals (a bulk import) still count: unsure chambers ask the sources."""
    today = date(2026, 6, 1)
    chamber = world.chamber
    Organization.objects.unscoped().filter(pk=chamber.pk).update(last_active_on=None)
    # An activity the stamp never heard of (as a bulk_create would leave it).
    MembershipFactory(chamber=chamber, enterprise=EnterpriseFactory(federation=world.fed), joined_on=today)
    Organization.objects.unscoped().filter(pk=chamber.pk).update(last_active_on=date(2019, 1, 1))
    loaded = list(Organization.objects.unscoped().filter(pk=chamber.pk))
    assert selectors.dormant_candidates(loaded, months=12, today=today) == []
    assert _stamp(chamber) == today


def test_a_dormant_chamber_costs_the_sources_once_a_day(world):
    today = timezone.localdate()
    ids = [world.chamber.pk, world.chamber2.pk]
    Organization.objects.unscoped().filter(pk__in=ids).update(last_active_on=date(2001, 1, 1))
    first = selectors.dormant_candidates(
        Organization.objects.unscoped().filter(pk__in=ids), months=12, today=today
    )
    assert {d.chamber.pk for d in first} == set(ids)  # world memberships are 1–3 years old
    with CaptureQueriesContext(connection) as ctx:
        again = selectors.dormant_candidates(
            Organization.objects.unscoped().filter(pk__in=ids), months=12, today=today
        )
    assert [d.chamber.pk for d in again] == [d.chamber.pk for d in first]
    assert [d.last_activity for d in again] == [d.last_activity for d in first]
    assert "registry_membership" not in " ".join(q["sql"] for q in ctx.captured_queries)
