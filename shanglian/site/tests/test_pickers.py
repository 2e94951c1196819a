"""Pickers (core/pickers.py): one scoped search endpoint behind every type-ahead select of people,
enterprises and industries; the forms render the widget with only the chosen options."""

import pytest
from django.urls import reverse

from shanglian.core.testing.world import MARK
from shanglian.registry.factories import EnterpriseFactory, PersonFactory

pytestmark = pytest.mark.django_db
PICK = reverse("core:pick")


def _texts(response):
    assert response.status_code == 200
    return [r["text"] for r in response.json()["results"]]


def test_enterprises_are_searched_within_the_users_scope(world, login):
    client = login(world.admin)
    found = _texts(client.get(PICK, {"kind": "enterprise", "q": "即墨"}))
    assert found == []  # another federation's enterprise is never offered
    found = _texts(client.get(PICK, {"kind": "enterprise", "q": "青岛"}))
    assert world.enterprise.name in found and world.enterprise2.name in found
    assert world.enterprise_b.name not in found


def test_a_secretary_sees_its_chamber_only(world, login):
    found = _texts(login(world.secretary).get(PICK, {"kind": "enterprise", "q": "青岛"}))
    assert world.enterprise.name in found and world.enterprise2.name not in found


def test_people_by_name_or_enterprise_and_at_most_twenty(world, login):
    for n in range(25):
        PersonFactory(federation=world.fed, name=f"王{n:02d}", enterprise=world.enterprise)
    PersonFactory(federation=world.fed_b, name="王他方")
    found = _texts(login(world.admin).get(PICK, {"kind": "person", "q": "王"}))
    assert len(found) == 20 and all(t.endswith(f"（{world.enterprise.name}）") for t in found)
    assert "王他方" not in "".join(found)


def test_chosen_ids_are_labelled_and_another_tenants_id_is_refused(world, login):
    client = login(world.admin)
    response = client.get(PICK, {"kind": "enterprise", "ids": f"{world.enterprise.pk}"})
    assert _texts(response) == [world.enterprise.name]
    response = client.get(
        PICK, {"kind": "enterprise", "ids": f"{world.enterprise.pk},{world.enterprise_b.pk}"}
    )
    assert response.status_code == 404 and MARK not in response.content.decode()


def test_write_scope_and_unknown_kind_and_odd_input(world, login):
    client = login(world.enterprise_user)
    other = EnterpriseFactory(federation=world.fed, name="青岛可见但不可改有限公司")
    mine = _texts(client.get(PICK, {"kind": "enterprise", "q": "青岛", "write": "1"}))
    assert mine == [world.enterprise.name] and other.name not in mine
    assert _texts(client.get(PICK, {"kind": "no-such", "q": "x"})) == []
    assert _texts(client.get(PICK, {"kind": "enterprise", "q": "\u202e"})) == []
    assert _texts(client.get(PICK, {"kind": "industry", "q": "C34"}))[0].startswith("C34")


def test_anonymous_is_sent_to_login(client):
    response = client.get(PICK, {"kind": "enterprise", "q": "青岛"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_form_renders_the_picker_with_only_the_chosen_options(world, login):
    from shanglian.governance.forms import MeetingForm

    for n in range(30):
        PersonFactory(federation=world.fed, name=f"李{n:02d}")
    page = login(world.admin).get(reverse("governance:meeting_create")).content.decode()
    select = (
        page.split('name="attendees"', 1)[0].rsplit("<select", 1)[1]
        + page.split('name="attendees"', 1)[1].split("</select>", 1)[0]
    )
    assert 'data-picker="person"' in select and f'data-picker-url="{PICK}"' in select and "multiple" in select
    assert "<option" not in select  # nothing chosen yet: no list of 30 names sent
    assert "vendor/tom-select/js/tom-select.complete.min.js" in page and "js/pickers.js" in page

    chosen = PersonFactory(federation=world.fed, name="赵已选")
    form = MeetingForm(actor=world.admin, initial={"attendees": [chosen.pk]})
    html = str(form["attendees"])
    assert html.count("<option") == 1 and "赵已选" in html and "selected" in html


def test_a_submitted_id_outside_the_scope_is_refused_by_the_field(world):
    from shanglian.party.forms import ShowcaseForm

    form = ShowcaseForm(
        data={"federation": world.fed.pk, "name": "示范点", "level": "district", "year": 2024,
              "enterprise": world.enterprise_b.pk},
        actor=world.admin,
    )  # fmt: skip
    assert not form.is_valid() and "enterprise" in form.errors
    assert 'data-picker="enterprise"' in str(form["enterprise"])
