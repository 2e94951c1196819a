"""Appeals figures follow the cockpit's scope (a chamber, a chamber kind), and the per-unit table is the
registered figures grouped by lead unit: its columns add up to the figures, which equal their drill rows."""

from datetime import date
from typing import Any

from shanglian.appeals import services
from shanglian.appeals.metrics import by_unit, collected, dispatched, resolved
from shanglian.appeals.models import Channel
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope

YEAR = Period(date(2000, 1, 1), date(2100, 12, 31))
COLLECTED = registry._REGISTRY["appeals.collected"]


def test_a_chamber_scoped_figure_equals_its_drill_rows(world, submit, categories):
    ours = submit()
    theirs = services.submit_appeal(
        actor=world.admin,
        enterprise=world.enterprise2,
        title="另一商会会员的诉求",
        content="用工招聘难，希望对接职业院校。",
        channel=Channel.PHONE,
        category=categories["用工"],
    )
    assert ours.chamber == world.chamber and theirs.chamber == world.chamber2
    scope = Scope(world.admin, world.chamber)
    value = registry.compute(COLLECTED, YEAR, scope).value
    rows = list(collected(YEAR, scope).values_list("pk", flat=True))
    assert value == len(rows) == 1 and rows == [ours.pk]
    kind = Scope(world.admin, world.fed, chamber_kind=world.chamber.chamber_kind)
    assert registry.compute(COLLECTED, YEAR, kind).value == collected(YEAR, kind).count()
    whole = registry.compute(COLLECTED, YEAR, Scope(world.admin, world.fed)).value
    assert whole == 2


def test_per_unit_columns_add_up_to_the_figures(world, submit, login):
    for _ in range(2):
        appeal = submit()
        services.accept_appeal(actor=world.admin, appeal=appeal)
        services.dispatch_appeal(actor=world.admin, appeal=appeal, lead=world.department.pk)
    scope = Scope(world.admin, world.fed)
    units = by_unit(YEAR, scope)
    assert [u["unit"] for u in units] == [world.department.name]
    assert units[0]["received"] == dispatched(YEAR, scope).count() == 2
    assert units[0]["closed"] == resolved(YEAR, scope).count() == 0
    page = login(world.leader).get("/appeals/stats/").content.decode()
    assert world.department.name in page and "按时办结" in page
    # Cached: a second call reads no appeal rows; a write moves it.
    assert by_unit(YEAR, scope) == units
    submit()
    assert by_unit(YEAR, scope)[0]["received"] == 2


def test_per_unit_columns_equal_each_figures_rows_by_unit(world):
    """by_unit counts every column in one grouped query: each cell must still be its figure's rows for that
    unit — on time, late (replied after the deadline, or never replied), solved, undispatched, declined."""
    from datetime import timedelta

    from shanglian.appeals.factories import AppealFactory
    from shanglian.appeals.metrics import BY_UNIT_COLUMNS
    from shanglian.appeals.models import AppealState, Outcome
    from shanglian.orgs.factories import DepartmentFactory

    day = date(2024, 3, 1)
    other: Any = DepartmentFactory(parent=world.fed)  # the factory's stub types it as the factory

    def make(unit, state, *, replied=None, due=9, outcome="", closed=True, dispatched=True, accepted=True):
        AppealFactory(
            enterprise=world.enterprise, federation=world.fed, lead_unit=unit, state=state, submitted_on=day,
            accepted_on=day if accepted else None, dispatched_on=day if dispatched else None,
            finish_due=day + timedelta(days=due) if due is not None else None,
            replied_on=day + timedelta(days=replied) if replied is not None else None,
            closed_on=day + timedelta(days=12) if closed else None, outcome=outcome, close_working_days=8,
        )  # fmt: skip

    make(world.department, AppealState.RATED, replied=5, outcome=Outcome.SOLVED)  # on time, solved
    make(world.department, AppealState.CLOSED, replied=11, outcome=Outcome.PARTLY)  # late
    make(world.department, AppealState.CLOSED, replied=None, outcome=Outcome.SOLVED)  # late, never replied
    make(world.department, AppealState.RATED, replied=3, due=None, outcome=Outcome.EXPLAINED)  # no deadline
    make(world.department, AppealState.HANDLING, closed=False)  # received only
    make(other, AppealState.CLOSED, replied=2, dispatched=False)  # accepted, closed, never dispatched
    make(other, AppealState.DECLINED, closed=False, dispatched=False, accepted=False)  # nothing
    scope = Scope(world.admin, world.fed)
    units = {u["unit_id"]: u for u in by_unit(YEAR, scope)}
    assert units[world.department.pk] | {"days": None} == {
        "unit_id": world.department.pk, "unit": world.department.name, "days": None,
        "received": 5, "closed": 4, "on_time": 2, "late": 2, "solved": 2,
    }  # fmt: skip
    for unit in (world.department, other):
        for name, _key, rows in BY_UNIT_COLUMNS:
            assert units[unit.pk][name] == rows(YEAR, scope).filter(lead_unit=unit).count(), (unit, name)
    assert units[other.pk]["received"] == 0 and units[other.pk]["closed"] == 1
