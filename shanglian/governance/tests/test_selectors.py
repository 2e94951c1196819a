from datetime import date, timedelta

import pytest

from shanglian.governance import selectors
from shanglian.governance.models import Meeting, MemberRole, Organ, OrganMember, Term

pytestmark = pytest.mark.django_db


def _term(chamber, organ, start, end, number=1):
    return Term.unscoped_objects.create(
        chamber=chamber, organ=organ, number=number, start_on=start, end_on=end
    )


def test_chamber_leaders_are_current_council_office_and_board_members(world, people):
    council = _term(world.chamber, Organ.COUNCIL, date(2022, 1, 1), date(2026, 12, 31))
    assembly = _term(world.chamber, Organ.ASSEMBLY, date(2022, 1, 1), date(2026, 12, 31))
    old = _term(world.chamber, Organ.SUPERVISORY_BOARD, date(2015, 1, 1), date(2019, 12, 31))
    OrganMember.unscoped_objects.create(term=council, person=people["a"], role=MemberRole.PRESIDENT)
    OrganMember.unscoped_objects.create(term=assembly, person=people["b"], role=MemberRole.DELEGATE)
    OrganMember.unscoped_objects.create(term=old, person=people["b"], role=MemberRole.SUPERVISOR)
    assert selectors.chamber_leader_ids([world.chamber.pk], date(2024, 1, 1)) == {people["a"].pk}
    assert selectors.chamber_leader_ids([world.chamber.pk], date(2018, 1, 1)) == {people["b"].pk}
    assert selectors.chamber_leader_ids([world.chamber2.pk], date(2024, 1, 1)) == set()


def test_term_alerts_due_and_expired(world, login):
    today = date.today()
    due = _term(world.chamber, Organ.COUNCIL, today - timedelta(days=1000), today + timedelta(days=60))
    expired = _term(
        world.chamber, Organ.SUPERVISORY_BOARD, today - timedelta(days=2000), today - timedelta(days=5)
    )
    renewed = _term(world.chamber, Organ.ASSEMBLY, today - timedelta(days=2000), today - timedelta(days=5))
    _term(world.chamber, Organ.ASSEMBLY, today - timedelta(days=4), today + timedelta(days=1800), number=2)
    _term(world.chamber, Organ.PRESIDENT_OFFICE, today - timedelta(days=10), today + timedelta(days=1000))
    alerts = {a.term.pk: a.kind for a in selectors.term_alerts(Term.objects.unscoped(), today)}
    assert alerts == {due.pk: "due", expired.pk: "expired"}
    assert renewed.pk not in alerts
    home = login(world.admin).get("/").content.decode()
    assert "换届提醒" in home and "届满未换届" in home
    overview = login(world.secretary).get("/governance/").content.decode()
    assert "剩 60 天" in overview and "已超期 5 天" in overview


def test_meetings_count_as_chamber_activity(world):
    """A recent meeting keeps a chamber off the 僵尸商会 list (the chambers app's real activity sources)."""
    from shanglian.chambers import activity

    assert activity.sources()["meetings"] is selectors.last_meeting_dates
    Meeting.unscoped_objects.create(
        chamber=world.chamber, organ=Organ.COUNCIL, title="理事会", held_on=date.today()
    )
    last = activity.sources()["meetings"]([world.chamber.pk, world.chamber2.pk])
    assert last == {world.chamber.pk: date.today()}
