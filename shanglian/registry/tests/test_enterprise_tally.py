"""Enterprises counted ahead (EnterpriseTally): kept on every write path — the service, a move to another
federation, tags added and removed from either side, a delete, the roster import — equal to counting the rows
and to a rebuild; and the figures 分类梳理企业 and 党建红盟企业 read from it equal their drill-down rows for
every scope."""

from datetime import date

import pytest
from django.urls import reverse

from shanglian.excel.models import ImportJob, ImportStatus
from shanglian.metrics import caching, registry
from shanglian.metrics.registry import Period, Scope
from shanglian.registry import enterprise_tally
from shanglian.registry.factories import EnterpriseFactory
from shanglian.registry.metrics import RED_ALLIANCE
from shanglian.registry.models import Enterprise, EnterpriseTally, Tag
from shanglian.registry.services.enterprises import create_enterprise
from shanglian.registry.tests.test_roster_import import code, good_rows, industries_and_tags, upload

pytestmark = pytest.mark.django_db
__all__ = ["industries_and_tags"]  # the fixture, used by the import below

Y2020 = Period(date(2020, 1, 1), date(2020, 12, 31))


def _rows():
    return sorted(EnterpriseTally.objects.filter(count__gt=0).values_list("federation_id", "tag", "count"))


def _red():
    tag, _ = Tag.objects.get_or_create(code=RED_ALLIANCE, defaults={"name": "党建红盟企业"})
    return tag


def _check(world):
    """The count kept ahead equals the rows, per federation and for the figure of every scope."""
    for fed in (world.fed, world.fed_b):
        rows = Enterprise.unscoped_objects.filter(federation=fed)
        assert enterprise_tally.count_in([fed.pk]) == rows.count()
        assert (
            enterprise_tally.count_in([fed.pk], RED_ALLIANCE) == rows.filter(tags__code=RED_ALLIANCE).count()
        )
    for key in ("registry.red_alliance",):
        _check_figure(world, key)


def _check_figure(world, key):
    m = registry.get(key)
    assert m is not None
    for scope in (
        Scope.whole(world.fed),
        Scope.whole(world.fed_b),
        Scope(world.admin),
        Scope(world.leader),
        Scope(world.secretary),
        Scope.whole(world.chamber),
        Scope(None, world.fed, world.chamber.chamber_kind),
    ):
        caching.clear()
        value = registry.compute(m, Y2020, scope).value
        assert value == m.rows(Y2020, scope).count(), (key, scope)


def test_kept_by_the_service_a_move_and_a_delete_and_equal_to_a_rebuild(world):
    _check(world)
    e = create_enterprise(
        actor=world.admin,
        federation=world.fed,
        data={"name": "青岛计数科技有限公司", "credit_code": code(90)},
    )
    _check(world)
    e.tags.add(_red())
    _check(world)
    e.federation = world.fed_b  # moved to another federation's registry
    e.save()
    _check(world)
    e.save()  # saved again unchanged: counted once
    _check(world)
    other = EnterpriseFactory(federation=world.fed)
    _red().enterprises.add(other, world.enterprise)  # from the tag's side
    _check(world)
    _red().enterprises.remove(world.enterprise)
    _check(world)
    kept = _rows()
    assert enterprise_tally.rebuild() == 4
    assert _rows() == kept
    e.delete()  # its tag rows go with it, without m2m signals
    _check(world)
    _red().enterprises.clear()
    _check(world)
    other.tags.add(_red())
    Enterprise.unscoped_objects.filter(federation=world.fed_b).delete()  # a queryset delete: one signal each
    _check(world)


def test_the_figure_moves_on_the_next_request(world):
    m = registry.get("registry.red_alliance")
    assert m is not None
    before = registry.compute(m, Y2020, Scope(world.admin)).value
    EnterpriseFactory(federation=world.fed).tags.add(_red())
    assert registry.compute(m, Y2020, Scope(world.admin)).value == before + 1


def test_kept_by_the_roster_import(world, login):
    client = login(world.admin)
    upload(client, world.fed, good_rows(3))
    job = ImportJob.objects.visible_to(world.admin).get()
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    assert Enterprise.unscoped_objects.filter(credit_code=code(0)).exists()
    _check(world)
    # Tags rewritten by the import: one row carries 党建红盟企业, then no more.
    _red()
    rows = good_rows(4)
    rows[1][8] = "党建红盟企业"
    upload(client, world.fed, rows)
    job = ImportJob.objects.visible_to(world.admin).order_by("-pk").first()
    assert job is not None
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    assert Enterprise.unscoped_objects.filter(credit_code=code(1), tags__code=RED_ALLIANCE).exists()
    _check(world)
    # Again with one new row: the known ones are updated, not counted twice.
    upload(client, world.fed, good_rows(5))
    job = ImportJob.objects.visible_to(world.admin).order_by("-pk").first()
    assert job is not None
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    _check(world)


def test_a_federation_without_enterprises_counts_zero(world):
    assert enterprise_tally.count_in([]) == 0
    Enterprise.unscoped_objects.filter(federation=world.fed_b).delete()
    assert enterprise_tally.count_in([world.fed_b.pk]) == 0
