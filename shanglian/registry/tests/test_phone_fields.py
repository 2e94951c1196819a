"""Phone fields accept only phone numbers (core.phones), in the form, the API and the roster import."""

from shanglian.registry.forms import EnterpriseForm, PersonForm
from shanglian.registry.models import Enterprise

API = "/api/v1/registry/enterprises"


def test_enterprise_form_refuses_abc_in_chinese(world):
    form = EnterpriseForm(data={"name": "甲", "phone": "abc"}, instance=world.enterprise, actor=world.admin)
    assert not form.is_valid()
    assert "电话号码格式不正确" in form.errors["phone"][0]


def test_person_form_takes_a_landline_with_area_code(world):
    form = PersonForm(data={"name": "张三", "phone": "0532-87654321"}, actor=world.admin)
    form.is_valid()
    assert "phone" not in form.errors


def test_api_refuses_abc_and_writes_nothing(world, login):
    client = login(world.admin)
    before = Enterprise.objects.unscoped().get(pk=world.enterprise.pk).phone
    response = client.patch(f"{API}/{world.enterprise.pk}", {"phone": "abc"}, content_type="application/json")
    assert response.status_code == 422 and "电话号码格式不正确" in str(response.json())
    assert Enterprise.objects.unscoped().get(pk=world.enterprise.pk).phone == before
    ok = client.patch(
        f"{API}/{world.enterprise.pk}", {"phone": "13800138000"}, content_type="application/json"
    )
    assert ok.status_code == 200
