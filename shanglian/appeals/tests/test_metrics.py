"""The figures: received ⊇ accepted ⊇ resolved (办结) ⊇ solved (解决); on-time signing and finishing;
callback and satisfaction; reopened — per period and scope (federation, chamber)."""

from datetime import date
from decimal import Decimal

from shanglian.appeals import services
from shanglian.appeals.models import Outcome, Satisfaction
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope

DAY = date(2026, 9, 29)
PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31))


def value(key, scope, period=PERIOD):
    m = registry.get(key)
    assert m is not None and 600 <= m.order <= 699
    return registry.compute(m, period, scope).value


def walk(world, appeal, *, outcome, sign_on, reply_on, satisfaction=None):
    services.accept_appeal(actor=world.admin, appeal=appeal, today=DAY)
    services.dispatch_appeal(actor=world.admin, appeal=appeal, lead=world.department.pk, today=DAY)
    services.sign_appeal(actor=world.liaison, appeal=appeal, today=sign_on)
    services.reply_appeal(actor=world.liaison, appeal=appeal, text="答复", outcome=outcome, today=reply_on)
    appeal = services.close_appeal(actor=world.admin, appeal=appeal, today=reply_on)
    if satisfaction:
        appeal = services.rate_appeal(actor=world.enterprise_user, appeal=appeal, satisfaction=satisfaction)
    return appeal


def test_solved_is_not_resolved_and_the_rates_follow(world, submit):
    a = walk(
        world,
        submit(),
        outcome=Outcome.SOLVED,
        sign_on=date(2026, 9, 30),
        reply_on=date(2026, 10, 9),
        satisfaction=Satisfaction.SATISFIED,
    )
    b = walk(
        world,
        submit(title="第二件", content="不同的内容二"),
        outcome=Outcome.EXPLAINED,
        sign_on=date(2026, 10, 12),
        reply_on=date(2026, 10, 14),
    )
    submit(title="第三件", content="不同的内容三")  # received only
    assert a.close_working_days == 3 and b.close_working_days == 7
    scope = Scope(world.admin)
    assert value("appeals.collected", scope) == 3
    assert value("appeals.accepted", scope) == 2
    assert value("appeals.resolved", scope) == 2
    assert value("appeals.solved", scope) == 1
    assert value("appeals.solved_rate", scope) == Decimal(50)
    # signed by 10-09 (contact due) once of twice; replied by 10-12 (finish due) once of twice
    assert value("appeals.signed_in_time", scope) == 50
    assert value("appeals.finished_in_time", scope) == 50
    assert value("appeals.callback_rate", scope) == 50
    assert value("appeals.satisfaction", scope) == 100
    assert value("appeals.reopened", scope) == 0
    # The chamber's scope counts its members' appeals; another period nothing.
    assert value("appeals.collected", Scope(world.admin, world.chamber)) == 3
    assert value("appeals.collected", Scope(world.admin, world.chamber2)) == 0
    assert value("appeals.collected", scope, Period(date(2025, 1, 1), date(2025, 12, 31))) == 0
    assert value("appeals.collected", Scope(world.secretary)) == 3
    assert not value("appeals.collected", Scope(world.liaison))
    assert value("appeals.collected", Scope(world.users_b["federation_admin"])) == 0


def test_the_stats_page_shows_the_figures_and_units(world, submit, login):
    walk(world, submit(), outcome=Outcome.SOLVED, sign_on=date(2026, 9, 30), reply_on=date(2026, 10, 9))
    page = login(world.leader).get("/appeals/stats/?year=2026").content.decode()
    assert "协调解决诉求" in page and "城阳区税务局" in page and "3.0" in page
    assert login(world.liaison).get("/appeals/stats/").status_code == 403
    assert (
        login(world.users_b["federation_admin"])
        .get("/appeals/stats/?year=2026")
        .content.decode()
        .count("城阳区税务局")
        == 0
    )
