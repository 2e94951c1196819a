"""Outside liaisons and friendly chambers: pages, rights, figures (distinct organisations), seed 2020."""

from datetime import date

import pytest
from django.urls import reverse

from shanglian.cooperation import seed2020, services
from shanglian.cooperation.models import Deal, FriendlyChamber, Liaison, Talk
from shanglian.core.access import AccessDenied
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope

pytestmark = pytest.mark.django_db
Y2020 = Period(date(2020, 1, 1), date(2020, 12, 31))


def _value(key, scope):
    m = registry.get(key)
    assert m is not None
    return registry.compute(m, Y2020, scope).value


def test_liaison_counts_organisations_once(world):
    for day in (3, 9):
        services.save_liaison(
            actor=world.admin,
            organizer=world.fed,
            organisation="深圳市山东商会",
            level="city",
            kind="chamber",
            contacted_on=date(2020, 5, day),
            purpose="走访",
        )
    services.save_liaison(
        actor=world.secretary,
        organizer=world.chamber,
        organisation="海尔集团",
        level="national",
        kind="top500",
        contacted_on=date(2020, 6, 1),
        purpose="对接",
    )
    assert _value("cooperation.liaisons", Scope.whole(world.fed)) == 2
    assert _value("cooperation.liaisons", Scope(world.secretary)) == 1
    with pytest.raises(AccessDenied):
        services.save_liaison(
            actor=world.secretary,
            organizer=world.fed,
            organisation="x",
            level="city",
            kind="chamber",
            contacted_on=date(2020, 6, 1),
            purpose="x",
        )


def test_friendly_chamber_once(world, login):
    admin = login(world.admin)
    data = {
        "organizer": world.fed.pk,
        "partner": "深圳市山东商会",
        "signed_on": "2020-06-18",
        "term_years": 3,
    }
    assert admin.post(reverse("cooperation:friendly_create"), data).status_code == 302
    resp = admin.post(reverse("cooperation:friendly_create"), data)
    assert "已与该商会签订友好协议" in resp.content.decode()
    assert FriendlyChamber.unscoped_objects.count() == 1
    f = FriendlyChamber.unscoped_objects.get()
    assert login(world.leader).get(reverse("cooperation:friendly_edit", args=[f.pk])).status_code == 403
    assert (
        login(world.users_b["federation_admin"])
        .get(reverse("cooperation:friendly_edit", args=[f.pk]))
        .status_code
        == 404
    )
    body = login(world.leader).get(reverse("cooperation:friendly_list")).content.decode()
    assert "深圳市山东商会" in body


def test_liaison_pages(world, login, client):
    assert client.get(reverse("cooperation:liaison_list")).status_code == 302
    assert login(world.enterprise_user).get(reverse("cooperation:liaison_list")).status_code == 403
    sec = login(world.secretary)
    data = {
        "organizer": world.chamber.pk,
        "organisation": "青岛市某协会",
        "level": "city",
        "kind": "association",
        "contacted_on": "2099-01-01",
        "purpose": "交流",
    }
    resp = sec.post(reverse("cooperation:liaison_create"), data)
    assert resp.status_code == 200 and not Liaison.unscoped_objects.exists()
    data["contacted_on"] = "2026-01-05"
    assert sec.post(reverse("cooperation:liaison_create"), data).status_code == 302
    assert "青岛市某协会" in sec.get(reverse("cooperation:liaison_list")).content.decode()


def test_seed2020_figures_and_idempotent(world):
    seed2020.build(world.fed)
    counts = [m.unscoped_objects.count() for m in (Deal, Talk, Liaison, FriendlyChamber)]
    seed2020.build(world.fed)
    assert [m.unscoped_objects.count() for m in (Deal, Talk, Liaison, FriendlyChamber)] == counts
    scope = Scope.whole(world.fed)
    assert _value("cooperation.deal_amount", scope) == 19860  # 万元, "近2亿元"
    assert _value("cooperation.talks", scope) == 97  # "近百次"
    assert _value("cooperation.liaisons", scope) == 24
    assert _value("cooperation.friendly_chambers", scope) == 4
    assert _value("cooperation.talks", Scope(world.liaison)) == 0
