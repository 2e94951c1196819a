"""Entrepreneurs: list/detail/edit, masking of phone and ID number, roles in enterprises."""

import pytest
from django.urls import reverse
from stdnum.cn import ric

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.testing.world import MARK
from shanglian.registry.models import Person, PersonRole, RoleTitle
from shanglian.registry.tests.helpers import person

pytestmark = pytest.mark.django_db
ID = "37020219850101001" + ric.calc_check_digit("37020219850101001" + "0")
CREATE = reverse("registry:person_create")


@pytest.fixture
def zhang(world):
    return person(world.enterprise, "张伟", phone="13912345678", id_number=ID)


def _data(world, **over):
    data = {
        "name": "王芳",
        "gender": "female",
        "birth_date": "1988-06-01",
        "political_status": "cpc",
        "education": "master",
        "phone": "13700001111",
        "id_number": ID,
        "enterprise": world.enterprise.pk,
    }
    data.update(over)
    return data


def test_id_number_shown_only_to_federation_admin(world, login, zhang):
    url = reverse("registry:person_detail", args=[zhang.pk])
    assert ID in login(world.admin).get(url).content.decode()
    for user in (world.leader, world.secretary, world.enterprise_user):
        body = login(user).get(url).content.decode()
        assert ID not in body and ID[:4] in body, user
    listing = login(world.secretary).get(reverse("registry:person_list")).content.decode()
    assert ID not in listing and "13912345678" not in listing and "139****5678" in listing


def test_phone_unmasked_for_editors_only(world, login, zhang):
    url = reverse("registry:person_detail", args=[zhang.pk])
    assert "13912345678" in login(world.enterprise_user).get(url).content.decode()
    assert "13912345678" not in login(world.leader).get(url).content.decode()


def test_enterprise_user_registers_own_person_masked_in_audit(world, login):
    response = login(world.enterprise_user).post(CREATE, _data(world))
    assert response.status_code == 302
    p = Person.unscoped_objects.get(name="王芳")
    assert p.enterprise == world.enterprise and p.federation == world.fed and p.id_number == ID
    entry = AuditEntry.unscoped_objects.get(
        object_type="registry.person", object_id=str(p.pk), action=AuditAction.CREATE
    )
    assert ID not in str(entry.changes) and entry.changes["id_number"][1].startswith("3702")


def test_edit_keeps_id_number_when_left_empty(world, login, zhang):
    client = login(world.secretary)
    url = reverse("registry:person_edit", args=[zhang.pk])
    form = client.get(url).content.decode()
    assert ID not in form  # never sent back to the browser
    response = client.post(url, _data(world, name="张伟", id_number="", is_npc_deputy="on"))
    assert response.status_code == 302
    zhang.refresh_from_db()
    assert zhang.id_number == ID and zhang.is_npc_deputy
    entry = AuditEntry.unscoped_objects.get(
        object_type="registry.person", object_id=str(zhang.pk), action=AuditAction.UPDATE
    )
    assert entry.changes["is_npc_deputy"] == [False, True] and "id_number" not in entry.changes


@pytest.mark.parametrize(
    "over,message",
    [
        ({"id_number": "370202198501010010"}, "校验位"),
        ({"id_number": "12345"}, "18 位"),
        ({"birth_date": "2999-01-01"}, "出生日期"),
        ({"name": ""}, "必填"),
    ],
)
def test_bad_input(world, login, over, message):
    response = login(world.admin).post(CREATE, _data(world, **over))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Person.unscoped_objects.filter(name="王芳").exists()


def test_secretary_cannot_attach_person_to_other_chamber_enterprise(world, login):
    response = login(world.secretary).post(CREATE, _data(world, enterprise=world.enterprise2.pk))
    assert response.status_code == 200 and not Person.unscoped_objects.filter(name="王芳").exists()
    response = login(world.secretary).post(CREATE, _data(world, enterprise=""))
    assert response.status_code == 200 and not Person.unscoped_objects.filter(name="王芳").exists()


def test_scope_and_rights(world, login, client, zhang):
    other = person(world.enterprise2, f"{MARK}李四")
    assert login(world.secretary).get(reverse("registry:person_detail", args=[other.pk])).status_code == 404
    assert login(world.leader).get(reverse("registry:person_edit", args=[zhang.pk])).status_code == 403
    assert login(world.liaison).get(reverse("registry:person_list")).status_code == 403
    other_b = person(world.enterprise_b, f"{MARK}王五")
    assert login(world.admin).get(reverse("registry:person_detail", args=[other_b.pk])).status_code == 404
    client.logout()
    assert "/accounts/login/" in client.get(reverse("registry:person_list"))["Location"]


def test_person_list_filters(world, login, zhang):
    person(world.enterprise, "赵敏", gender="female", political_status="cpc")
    client = login(world.admin)
    names = [
        p.name for p in client.get(reverse("registry:person_list"), {"gender": "female"}).context["page"]
    ]
    assert names == ["赵敏"]
    names = [p.name for p in client.get(reverse("registry:person_list"), {"q": "本方"}).context["page"]]
    assert set(names) == {"张伟", "赵敏"}
    assert client.get(reverse("registry:person_list"), {"age_min": "abc"}).status_code == 200


def test_roles_added_and_removed_with_audit(world, login, zhang):
    client = login(world.enterprise_user)
    url = reverse("registry:person_role_add", args=[zhang.pk])
    client.post(url, {"enterprise": world.enterprise.pk, "title": RoleTitle.CHAIRMAN})
    role = PersonRole.unscoped_objects.get(person=zhang)
    assert role.title == RoleTitle.CHAIRMAN
    dup = client.post(url, {"enterprise": world.enterprise.pk, "title": RoleTitle.CHAIRMAN}, follow=True)
    assert "已登记" in dup.content.decode() and PersonRole.unscoped_objects.count() == 1
    client.post(reverse("registry:person_role_delete", args=[zhang.pk, role.pk]))
    assert not PersonRole.unscoped_objects.exists()
    actions = set(
        AuditEntry.unscoped_objects.filter(object_type="registry.personrole").values_list("action", flat=True)
    )
    assert actions == {AuditAction.CREATE, AuditAction.DELETE}
    # another chamber's enterprise is not a choice
    client = login(world.secretary)
    client.post(url, {"enterprise": world.enterprise2.pk, "title": RoleTitle.SHAREHOLDER})
    assert not PersonRole.unscoped_objects.exists()
