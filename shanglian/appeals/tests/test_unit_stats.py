"""Appeals figures follow the cockpit's scope (a chamber, a chamber kind), and the per-unit table is the
registered figures grouped by lead unit: its columns add up to the figures, which equal their drill rows."""

from datetime import date

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
