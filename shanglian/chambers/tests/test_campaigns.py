from datetime import date

import pytest
from django.urls import reverse

from shanglian.chambers import activity, selectors, services
from shanglian.chambers.models import Cause, ChamberState
from shanglian.core.testing.factories import make_chamber
from shanglian.orgs.models import ChamberKind

pytestmark = pytest.mark.django_db
Y2020 = (date(2020, 1, 1), date(2020, 12, 31))


def _found(w, chamber, start, established):
    services.start_founding(actor=w.admin, chamber=chamber, reason="筹建", effective_on=start)
    services.transition_chamber(
        actor=w.admin, chamber=chamber, to_state=ChamberState.NORMAL, reason="成立", effective_on=established
    )


def test_figures_count_distinct_chambers_in_the_period(world):
    w = world
    _found(w, w.chamber, date(2018, 1, 1), date(2018, 5, 1))  # before the period
    _found(w, w.chamber2, date(2018, 1, 1), date(2018, 5, 1))
    hometown = make_chamber(w.fed, "沂水商会", chamber_kind=ChamberKind.HOMETOWN, street="")
    _found(w, hometown, date(2020, 7, 1), date(2020, 12, 26))
    services.transition_chamber(
        actor=w.admin,
        chamber=w.chamber,
        to_state=ChamberState.RECTIFYING,
        cause=Cause.IRREGULAR,
        reason="x",
        effective_on=date(2020, 3, 1),
    )
    services.transition_chamber(
        actor=w.admin,
        chamber=w.chamber2,
        to_state=ChamberState.DISSOLVED,
        cause=Cause.DORMANT,
        reason="僵尸",
        effective_on=date(2020, 6, 1),
    )
    assert selectors.chambers_reorganised(w.fed, *Y2020) == 3
    assert selectors.dormant_cleaned(w.fed, *Y2020) == 1
    assert selectors.irregular_rectified(w.fed, *Y2020) == 1
    assert selectors.hometown_founded(w.fed, *Y2020) == 1
    assert selectors.chambers_reorganised(w.fed, date(2021, 1, 1), date(2021, 12, 31)) == 0
    assert selectors.chambers_reorganised(w.fed, date(2018, 1, 1), date(2018, 12, 31)) == 2
    # The other tenant never counts.
    assert selectors.chambers_reorganised(w.fed_b, *Y2020) == 0


def test_registered_street_chambers(world):
    from shanglian.registry.codes import make_credit_code

    services.update_registration(
        actor=world.admin,
        chamber=world.chamber,
        registration_status="registered",
        registration_number="1",
        registered_on=date(2020, 5, 1),
        credit_code=make_credit_code(1, kind="51"),
    )
    assert selectors.registered_street_chambers(world.fed) == 1
    assert selectors.registered_street_chambers(world.fed, as_of=date(2020, 1, 1)) == 0


def test_dormant_candidates_use_registered_sources_and_the_configured_months(world):
    w = world
    _found(w, w.chamber, date(2018, 1, 1), date(2018, 5, 1))
    _found(w, w.chamber2, date(2018, 1, 1), date(2018, 5, 1))
    today = date(2020, 12, 1)
    chambers = [w.chamber, w.chamber2]
    # Memberships (world fixture) joined 1–3 years ago: take the registry source out of this check.
    saved = activity.sources()
    try:
        activity._SOURCES.pop("memberships")
        ids = {d.chamber.pk for d in selectors.dormant_candidates(chambers, months=12, today=today)}
        assert ids == {w.chamber.pk, w.chamber2.pk}
        # Another app registers meetings: A1 met 3 months ago.
        activity.register("test_meetings", lambda chamber_ids: {w.chamber.pk: date(2020, 9, 1)})
        found = selectors.dormant_candidates(chambers, months=12, today=today)
        assert [d.chamber.pk for d in found] == [w.chamber2.pk]
        assert found[0].last_activity == date(2018, 5, 1) and found[0].months == 31
        assert [d.chamber.pk for d in selectors.dormant_candidates(chambers, months=40, today=today)] == []
    finally:
        activity._SOURCES.clear()
        activity._SOURCES.update(saved)


def test_policy_is_per_federation_and_admin_only(world, login):
    admin = login(world.admin)
    assert (
        admin.post(
            reverse("chambers:policy_edit"), {"dormant_months": 6, "deadline_warning_days": 7}
        ).status_code
        == 302
    )
    assert services.policy_for(world.fed).dormant_months == 6
    assert services.policy_for(world.fed_b).dormant_months == 12
    response = admin.post(reverse("chambers:policy_edit"), {"dormant_months": 0, "deadline_warning_days": 7})
    assert response.status_code == 200
    assert services.policy_for(world.fed).dormant_months == 6
    assert login(world.leader).get(reverse("chambers:policy_edit")).status_code == 403


def test_campaign_pages(world, login):
    _found(world, world.chamber, date(2020, 1, 1), date(2020, 5, 1))
    admin = login(world.admin)
    for name in ("campaign_upgrade", "campaign_cleanup", "campaign_founding"):
        response = admin.get(reverse(f"chambers:{name}"), {"start": "2020-01-01", "end": "2020-12-31"})
        assert response.status_code == 200
        assert "整顿、清理、新建商会组织" in response.content.decode()
    founding = admin.get(
        reverse("chambers:campaign_founding"), {"start": "2020-01-01", "end": "2020-12-31"}
    ).content.decode()
    assert "城阳街道商会" in founding and "正式成立" in founding
    # End before start: a Chinese message and the current year instead.
    response = admin.get(
        reverse("chambers:campaign_cleanup"), {"start": "2020-12-31", "end": "2020-01-01"}, follow=True
    )
    assert "截止日期不能早于起始日期" in response.content.decode()
    assert login(world.secretary).get(reverse("chambers:campaign_cleanup")).status_code == 403
    assert login(world.leader).get(reverse("chambers:campaign_cleanup")).status_code == 200
