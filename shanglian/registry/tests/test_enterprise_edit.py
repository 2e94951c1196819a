"""Enterprise create/edit and year figures: federation admin, chamber secretary, the enterprise itself."""

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.registry.models import Enterprise, EnterpriseYearFigure, Membership
from shanglian.registry.tests.helpers import credit_code, figure, industry, tag

pytestmark = pytest.mark.django_db
CREATE = reverse("registry:enterprise_create")


def _data(**over):
    data = {
        "name": "青岛新登记机械有限公司",
        "credit_code": credit_code(),
        "legal_representative": "李强",
        "registered_address": "青岛市城阳区正阳路1号",
        "street": "城阳",
        "phone": "13800001234",
        "industry": industry("C34").pk,
        "scale": "small",
        "founded_on": "2015-03-01",
        "employees": "120",
        "tags": [tag("high_tech").pk],
    }
    data.update(over)
    return data


def _audit(obj, action):
    return AuditEntry.unscoped_objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action
    )


def test_admin_registers_enterprise_with_audit(world, login):
    response = login(world.admin).post(CREATE, _data())
    e = Enterprise.unscoped_objects.get(name="青岛新登记机械有限公司")
    assert response.status_code == 302
    assert e.federation == world.fed and e.industry.code == "C34" and e.employees == 120
    assert e.name_initials == "qdxdjjxyxgs" and list(e.tags.values_list("code", flat=True)) == ["high_tech"]
    assert _audit(e, AuditAction.CREATE).get().actor == world.admin


def test_secretary_registers_member_of_own_chamber(world, login):
    response = login(world.secretary).post(CREATE, _data(chamber=world.chamber.pk))
    assert response.status_code == 302
    e = Enterprise.unscoped_objects.get(name="青岛新登记机械有限公司")
    m = Membership.unscoped_objects.get(enterprise=e)
    assert m.chamber == world.chamber
    assert _audit(m, AuditAction.CREATE).exists()
    # the other chamber is not a choice
    again = login(world.secretary).post(CREATE, _data(chamber=world.chamber2.pk, name="青岛另一家有限公司"))
    assert (
        again.status_code == 200
        and not Enterprise.unscoped_objects.filter(name="青岛另一家有限公司").exists()
    )


@pytest.mark.parametrize(
    "over,message",
    [
        ({"credit_code": "91370214ABC"}, "18 位"),
        ({"name": ""}, "必填"),
        ({"employees": "-5"}, ""),
    ],
)
def test_bad_input_is_refused_and_nothing_written(world, login, over, message):
    before = Enterprise.unscoped_objects.count()
    response = login(world.admin).post(CREATE, _data(**over))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Enterprise.unscoped_objects.count() == before


def test_duplicate_credit_code_is_refused(world, login):
    response = login(world.admin).post(CREATE, _data(credit_code=world.enterprise_b.credit_code))
    assert response.status_code == 200
    assert "已" in response.content.decode()
    assert not Enterprise.unscoped_objects.filter(name="青岛新登记机械有限公司").exists()


def test_enterprise_user_keeps_own_enterprise_up_to_date(world, login):
    client = login(world.enterprise_user)
    url = reverse("registry:enterprise_edit", args=[world.enterprise.pk])
    form = client.get(url)
    assert form.status_code == 200 and "tags" not in form.context["form"].fields
    # its name and credit code are kept by its chamber (test_enterprise_user_limits); the rest is its own
    data = _data(
        name=world.enterprise.name, credit_code=world.enterprise.credit_code, legal_representative="赵六"
    )
    data.pop("tags")
    response = client.post(url, data)
    assert response.status_code == 302
    world.enterprise.refresh_from_db()
    assert world.enterprise.legal_representative == "赵六"
    entry = _audit(world.enterprise, AuditAction.UPDATE).get()
    assert entry.changes["legal_representative"][1] == "赵六"
    assert "updated_at" not in entry.changes and "name" not in entry.changes


def test_tag_changes_are_audited(world, login):
    client = login(world.admin)
    url = reverse("registry:enterprise_edit", args=[world.enterprise.pk])
    data = _data(
        name=world.enterprise.name, credit_code=world.enterprise.credit_code, tags=[tag("red_alliance").pk]
    )
    assert client.post(url, data).status_code == 302
    entry = _audit(world.enterprise, AuditAction.UPDATE).get()
    assert entry.changes["tags"] == [[], ["red_alliance"]]


def test_rights_on_edit(world, login, client):
    url = reverse("registry:enterprise_edit", args=[world.enterprise.pk])
    assert login(world.leader).get(url).status_code == 403  # read-only role
    assert (
        login(world.secretary)
        .get(reverse("registry:enterprise_edit", args=[world.enterprise2.pk]))
        .status_code
        == 404
    )
    assert (
        login(world.admin).get(reverse("registry:enterprise_edit", args=[world.enterprise_b.pk])).status_code
        == 404
    )
    client.logout()
    assert "/accounts/login/" in client.get(url)["Location"]
    assert login(world.enterprise_user).get(CREATE).status_code == 403


def test_year_figures_recorded_corrected_deleted(world, login):
    client = login(world.enterprise_user)
    url = reverse("registry:year_figure_save", args=[world.enterprise.pk])
    client.post(url, {"year": 2024, "revenue": "10000000", "tax": "500000"})
    f = EnterpriseYearFigure.unscoped_objects.get(enterprise=world.enterprise, year=2024)
    assert f.tax == 500000
    client = login(
        world.admin
    )  # a recorded year is corrected by the federation (test_enterprise_user_limits)
    client.post(url, {"year": 2024, "revenue": "10000000", "tax": "600000"})
    f.refresh_from_db()
    assert f.tax == 600000
    assert _audit(f, AuditAction.CREATE).count() == 1
    assert _audit(f, AuditAction.UPDATE).get().changes["tax"] == ["500000.00", "600000.00"]
    detail = client.get(reverse("registry:enterprise_detail", args=[world.enterprise.pk]))
    assert "60.00 万元" in detail.content.decode()
    client.post(reverse("registry:year_figure_delete", args=[world.enterprise.pk, f.pk]))
    assert not EnterpriseYearFigure.unscoped_objects.filter(pk=f.pk).exists()
    assert _audit(f, AuditAction.DELETE).count() == 1


def test_year_figure_bad_input(world, login):
    client = login(world.admin)
    url = reverse("registry:year_figure_save", args=[world.enterprise.pk])
    response = client.post(url, {"year": 2024, "tax": "-1"}, follow=True)
    assert "不能为负数" in response.content.decode()
    response = client.post(url, {"year": 2999, "tax": "1"}, follow=True)
    assert "年度" in response.content.decode()
    assert not EnterpriseYearFigure.unscoped_objects.exists()


def test_year_figure_of_other_enterprise_is_refused(world, login):
    f = figure(world.enterprise2, 2024, 1)
    client = login(world.secretary)
    response = client.post(reverse("registry:year_figure_delete", args=[world.enterprise2.pk, f.pk]))
    assert response.status_code == 404
    leader = login(world.leader).post(
        reverse("registry:year_figure_save", args=[world.enterprise.pk]), {"year": 2024}
    )
    assert leader.status_code == 403
    assert EnterpriseYearFigure.unscoped_objects.filter(pk=f.pk).exists()


def test_secretary_of_one_chamber_gets_it_preselected(world, login):
    body = login(world.secretary).get(CREATE).content.decode()
    assert f'<option value="{world.chamber.pk}" selected>' in body
