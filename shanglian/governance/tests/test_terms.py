from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.access import AccessDenied
from shanglian.core.errors import ServiceError
from shanglian.governance import services
from shanglian.governance.models import Organ, OrganMember, Term

pytestmark = pytest.mark.django_db


def _data(world, **over):
    data = {
        "chamber": world.chamber.pk,
        "organ": Organ.COUNCIL,
        "number": 2,
        "start_on": "2022-07-01",
        "end_on": "2027-06-30",
        "note": "",
    }
    data.update(over)
    return data


def _term(chamber, number=1, start=date(2017, 7, 1), end=date(2022, 6, 30), organ=Organ.COUNCIL):
    return Term.unscoped_objects.create(
        chamber=chamber, organ=organ, number=number, start_on=start, end_on=end
    )


def test_secretary_creates_term_with_audit(world, login):
    client = login(world.secretary)
    response = client.post(reverse("governance:term_create"), _data(world))
    term = Term.unscoped_objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "governance:term_detail", args=[term.pk]
    )
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.CREATE, object_type="governance.term")
    assert entry.actor == world.secretary and entry.organization == world.chamber
    body = client.get(reverse("governance:term_list")).content.decode()
    assert "理事会" in body and "在任" in body


def test_overlapping_term_of_same_organ_is_refused(world, login):
    _term(world.chamber)
    client = login(world.admin)
    response = client.post(reverse("governance:term_create"), _data(world, start_on="2022-06-01"))
    assert response.status_code == 200
    assert "任期重叠" in response.content.decode()
    assert Term.unscoped_objects.count() == 1
    # Another organ may share the dates.
    ok = client.post(
        reverse("governance:term_create"), _data(world, start_on="2022-06-01", organ=Organ.SUPERVISORY_BOARD)
    )
    assert ok.status_code == 302


def test_end_before_start_is_refused(world, login):
    client = login(world.admin)
    response = client.post(reverse("governance:term_create"), _data(world, end_on="2020-01-01"))
    assert "结束日期必须晚于开始日期" in response.content.decode()
    assert not Term.unscoped_objects.exists()


def test_bad_input_is_refused_in_chinese(world, login):
    client = login(world.admin)
    response = client.post(reverse("governance:term_create"), _data(world, number="abc", start_on="昨天"))
    assert response.status_code == 200 and not Term.unscoped_objects.exists()
    assert "errorlist" in response.content.decode()


def test_duplicate_number_is_refused(world):
    _term(world.chamber)
    with pytest.raises(ServiceError, match="第1届已存在"):
        services.save_term(
            actor=world.admin,
            chamber=world.chamber,
            organ=Organ.COUNCIL,
            number=1,
            start_on=date(2023, 1, 1),
            end_on=date(2027, 1, 1),
        )


def test_secretary_cannot_touch_another_chamber(world, login):
    other = _term(world.chamber2)
    client = login(world.secretary)
    assert client.get(reverse("governance:term_detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("governance:term_edit", args=[other.pk]), _data(world)).status_code == 404
    response = client.post(reverse("governance:term_create"), _data(world, chamber=world.chamber2.pk))
    assert response.status_code == 200 and Term.unscoped_objects.count() == 1
    with pytest.raises(AccessDenied, match="无权维护"):
        services.save_term(
            actor=world.secretary,
            chamber=world.chamber2,
            organ=Organ.COUNCIL,
            number=3,
            start_on=date(2030, 1, 1),
            end_on=date(2031, 1, 1),
        )
    assert client.get(reverse("governance:term_list")).content.decode().count("他方") == 0


def test_weak_roles_get_403(world, login):
    for user in (world.enterprise_user, world.liaison):
        client = login(user)
        assert client.get(reverse("governance:term_list")).status_code == 403
        assert client.get(reverse("governance:overview")).status_code == 403
    client = login(world.leader)
    assert client.get(reverse("governance:term_list")).status_code == 200
    assert client.post(reverse("governance:term_create"), _data(world)).status_code == 403
    assert not Term.unscoped_objects.exists()


def test_edit_and_delete_are_audited(world, login):
    term = _term(world.chamber)
    client = login(world.admin)
    client.post(
        reverse("governance:term_edit", args=[term.pk]),
        _data(world, number=1, start_on="2017-07-01", end_on="2022-07-31"),
    )
    term.refresh_from_db()
    assert term.end_on == date(2022, 7, 31)
    update = AuditEntry.unscoped_objects.get(action=AuditAction.UPDATE, object_type="governance.term")
    assert update.changes["end_on"] == ["2022-06-30", "2022-07-31"]
    client.post(reverse("governance:term_delete", args=[term.pk]))
    assert not Term.unscoped_objects.exists()
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.DELETE, object_type="governance.term"
    ).exists()


def test_members_add_and_remove(world, login, people):
    term = _term(world.chamber, end=date(2099, 1, 1))
    client = login(world.secretary)
    url = reverse("governance:member_add", args=[term.pk])
    client.post(url, {"person": people["a"].pk, "role": "president"})
    member = OrganMember.unscoped_objects.get()
    assert member.person == people["a"]
    # Twice in one term, or a person outside the secretary's scope: refused, nothing written.
    client.post(url, {"person": people["a"].pk, "role": "director"})
    client.post(url, {"person": people["a2"].pk, "role": "director"})
    assert OrganMember.unscoped_objects.count() == 1
    body = client.get(reverse("governance:term_detail", args=[term.pk])).content.decode()
    assert "张会长" in body and "他方" not in body
    client.post(reverse("governance:member_remove", args=[member.pk]))
    assert not OrganMember.unscoped_objects.exists()
    actions = set(
        AuditEntry.unscoped_objects.filter(object_type="governance.organmember").values_list(
            "action", flat=True
        )
    )
    assert actions == {AuditAction.CREATE, AuditAction.DELETE}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints are PostgreSQL-only")
def test_database_refuses_overlapping_terms(world):
    _term(world.chamber)
    with pytest.raises(IntegrityError), transaction.atomic():
        _term(world.chamber, number=2, start=date(2022, 1, 1), end=date(2027, 1, 1))


def test_database_refuses_end_before_start(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        _term(world.chamber, start=date(2022, 1, 1), end=date(2021, 1, 1))


def test_election_link_prefills_next_term(world, login):
    term = _term(world.chamber)
    client = login(world.secretary)
    body = client.get(reverse("governance:term_detail", args=[term.pk])).content.decode()
    assert "换届：登记第2届" in body
    form = client.get(
        reverse("governance:term_create")
        + f"?chamber={world.chamber.pk}&organ=council&number=2&start_on=2022-07-01"
    ).content.decode()
    assert 'value="2022-07-01"' in form and 'value="2"' in form
    _term(world.chamber, number=2, start=date(2022, 7, 1), end=date(2027, 6, 30))
    assert "换届：" not in client.get(reverse("governance:term_detail", args=[term.pk])).content.decode()


def test_election_carries_members_over(world, login, people):
    old = _term(world.chamber)
    OrganMember.unscoped_objects.create(term=old, person=people["a"], role="president")
    OrganMember.unscoped_objects.create(term=old, person=people["a2"], role="director")  # not the secretary's
    client = login(world.secretary)
    url = reverse("governance:term_create") + f"?previous={old.pk}"
    assert "沿用" in client.get(url).content.decode()
    response = client.post(url, _data(world, number=2, copy_members="on"))
    new = Term.unscoped_objects.get(number=2)
    assert response.status_code == 302
    assert list(new.members.values_list("person__name", "role")) == [("张会长", "president")]
    assert (
        AuditEntry.unscoped_objects.filter(
            object_type="governance.organmember", action=AuditAction.CREATE
        ).count()
        == 1
    )
    other = _term(world.chamber2)
    assert client.get(reverse("governance:term_create") + f"?previous={other.pk}").status_code == 404


def test_term_list_filters_by_status(world, login):
    from datetime import timedelta

    today = date.today()
    _term(world.chamber, start=today - timedelta(days=1000), end=today + timedelta(days=30))
    _term(world.chamber, organ=Organ.SUPERVISORY_BOARD, start=date(2010, 1, 1), end=date(2015, 1, 1))
    client = login(world.admin)
    due = client.get(reverse("governance:term_list") + "?status=due").content.decode()
    expired = client.get(reverse("governance:term_list") + "?status=expired").content.decode()
    assert "即将换届" in due and "监事会" not in due.split("<tbody>")[1]
    assert "届满未换届" in expired and "理事会" not in expired.split("<tbody>")[1]
