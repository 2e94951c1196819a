"""Figures are cached per (metric, period, scope); a write to the records behind one shows on the next read."""

from datetime import date

import pytest

from shanglian.metrics import caching, registry
from shanglian.metrics.registry import Period, Scope
from shanglian.party.models import PartyOrganization
from shanglian.registry.models import Tag

pytestmark = pytest.mark.django_db

Y2020 = Period(date(2020, 1, 1), date(2020, 12, 31))


def _value(key, scope, period=Y2020):
    m = registry.get(key)
    assert m is not None
    return registry.compute(m, period, scope).value


def test_second_read_is_served_from_the_cache(world, django_assert_num_queries):
    first = _value("party.orgs_founded", Scope(world.admin))
    with django_assert_num_queries(0):
        assert _value("party.orgs_founded", Scope(world.admin)) == first


def test_a_new_record_moves_the_figure(world, django_assert_num_queries):
    before = _value("party.orgs_founded", Scope(world.admin))
    org = PartyOrganization.objects.unscoped().create(
        chamber=world.chamber2, name="测试党支部", founded_on=date(2020, 5, 1)
    )
    assert _value("party.orgs_founded", Scope(world.admin)) == before + 1
    org.founded_on = date(2019, 5, 1)  # an edit moves it out of the period
    org.save()
    assert _value("party.orgs_founded", Scope(world.admin)) == before
    org.founded_on = date(2020, 6, 1)
    org.save()
    assert _value("party.orgs_founded", Scope(world.admin)) == before + 1
    org.delete()
    assert _value("party.orgs_founded", Scope(world.admin)) == before
    with django_assert_num_queries(0):  # and cached again
        _value("party.orgs_founded", Scope(world.admin))


def test_a_many_to_many_change_moves_the_figure(world):
    """A tag added to an enterprise (m2m through table, read in a subquery) invalidates the figure."""
    scope = Scope(world.admin)
    before = _value("registry.red_alliance", scope)
    tag, _ = Tag.objects.get_or_create(code="red_alliance", defaults={"name": "党建红盟企业"})
    world.enterprise.tags.add(tag)
    assert _value("registry.red_alliance", scope) == before + 1
    world.enterprise.tags.remove(tag)
    assert _value("registry.red_alliance", scope) == before


def test_a_change_through_intermediate_queries_moves_the_figure(world):
    """交叉任职 runs Python-side queries before building its rows: their tables are watched too."""
    m = registry.get("party.cross_appointment")
    assert m is not None
    registry.compute(m, Y2020, Scope(world.admin))
    assert {"party_partyorganization", "orgs_organization"} <= caching._learnt[m.key]


def test_scopes_and_periods_are_cached_apart(world):
    PartyOrganization.objects.unscoped().create(
        chamber=world.chamber2, name="甲支部", founded_on=date(2020, 5, 1)
    )
    admin = _value("party.orgs_founded", Scope(world.admin))
    secretary = _value("party.orgs_founded", Scope(world.secretary))  # chamber A1 only: not chamber2's
    assert admin == secretary + 1
    assert _value("party.orgs_founded", Scope(world.admin, world.chamber2)) == 1
    assert _value("party.orgs_founded", Scope(world.admin), Period(date(2021, 1, 1), date(2021, 12, 31))) == 0
    assert _value("party.orgs_founded", Scope(world.liaison)) == 0


def test_a_write_without_signals_waits_for_clear(world):
    before = _value("party.orgs_founded", Scope(world.admin))
    PartyOrganization.unscoped_objects.bulk_create(  # no signals: the cache cannot know
        [PartyOrganization(chamber=world.chamber, name="批量支部", founded_on=date(2020, 3, 1))]
    )
    assert _value("party.orgs_founded", Scope(world.admin)) == before
    caching.clear()  # what a bulk loader does after writing
    assert _value("party.orgs_founded", Scope(world.admin)) == before + 1


def test_a_save_no_metric_reads_replaces_no_token(world, monkeypatch):
    """An audit row (or a session) is read by no figure: saving one writes nothing to the cache, and the
    figure stays served from it; a save of a record a figure reads still moves it."""
    from shanglian.audit.models import AuditAction, AuditEntry

    assert AuditEntry._meta.db_table not in caching.watched_tables()
    assert PartyOrganization._meta.db_table in caching.watched_tables()
    scope = Scope(world.admin)
    before = _value("party.orgs_founded", scope)
    bumped: list[str] = []
    real_bump = caching.bump

    def bump(table: str) -> None:
        bumped.append(table)
        real_bump(table)

    monkeypatch.setattr(caching, "bump", bump)
    AuditEntry.unscoped_objects.create(
        action=AuditAction.CREATE, object_repr="测试", organization=world.chamber
    )
    assert bumped == []
    assert _value("party.orgs_founded", scope) == before
    PartyOrganization.objects.unscoped().create(
        chamber=world.chamber, name="乙支部", founded_on=date(2020, 5, 1)
    )
    assert PartyOrganization._meta.db_table in bumped
    assert _value("party.orgs_founded", scope) == before + 1


def test_every_metric_reads_only_watched_tables(world):
    """The narrower invalidation is safe only while each figure's tables are watched: a metric reading a
    table outside (say, a kernel table its app does not own) must declare it with `models=`."""
    caching.clear()
    for m in registry.all_metrics():
        registry.compute(m, Y2020, Scope(world.admin))
        registry.compute(m, Y2020, Scope(world.secretary))
        assert caching._learnt[m.key] <= caching.watched_tables(), m.key


def test_a_warm_cockpit_is_a_few_cache_reads_and_a_new_process_uses_them(world, django_assert_num_queries):
    """Every figure of three periods from three get_many calls, no get per figure; a process that never
    computed them (its learnt tables forgotten) reads the same, shared through the cache."""
    from unittest import mock

    from django.core.cache import cache

    periods = [
        Y2020,
        Period(date(2019, 1, 1), date(2019, 12, 31)),
        Period(date(2019, 1, 1), date(2019, 12, 31)),
    ]
    scope = Scope(world.admin)
    cold = registry.compute_periods(periods, scope)
    for forget in (False, True):
        if forget:
            caching._learnt.clear()  # a new worker process
        spy = mock.Mock(wraps=cache)  # the calls caching makes, not those a backend makes inside get_many
        with mock.patch.object(caching, "cache", spy), django_assert_num_queries(0):
            warm = registry.compute_periods(periods, scope)
        assert spy.get_many.call_count <= 3 and spy.get.call_count == 0, spy.mock_calls
        assert [[v.value for v in vs] for vs in warm] == [[v.value for v in vs] for vs in cold]
