"""An enterprise user may not change its own name or credit code, nor change or delete a recorded year's
figures (they drive its contribution grade): the fields are read-only for it, and the services refuse."""

from decimal import Decimal

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditEntry
from shanglian.core.access import AccessDenied
from shanglian.registry import services
from shanglian.registry.models import EnterpriseYearFigure
from shanglian.registry.tests.test_enterprise_edit import _data

pytestmark = pytest.mark.django_db


def _edit(world, **over):
    e = world.enterprise
    data = _data(name=e.name, credit_code=e.credit_code, **over)
    data.pop("tags")
    return data


def test_the_form_shows_name_and_code_read_only_and_ignores_a_posted_change(world, login):
    client = login(world.enterprise_user)
    url = reverse("registry:enterprise_edit", args=[world.enterprise.pk])
    page = client.get(url).content.decode()
    assert page.count("disabled") >= 2 and "由所属商会或工商联维护" in page
    old_name, old_code = world.enterprise.name, world.enterprise.credit_code
    response = client.post(url, _edit(world, legal_representative="赵六") | {"name": "改名有限公司"})
    assert response.status_code == 302
    world.enterprise.refresh_from_db()
    assert (world.enterprise.name, world.enterprise.credit_code) == (old_name, old_code)
    assert world.enterprise.legal_representative == "赵六"  # the rest stays the enterprise's own


def test_the_service_refuses_a_name_change_by_the_enterprise_user(world):
    before = AuditEntry.unscoped_objects.count()
    with pytest.raises(AccessDenied, match="企业名称由所属商会或工商联维护"):
        services.update_enterprise(
            actor=world.enterprise_user, enterprise=world.enterprise, data={"name": "改名有限公司"}
        )
    assert AuditEntry.unscoped_objects.count() == before


def test_the_secretary_and_the_admin_still_change_the_name(world, login):
    for n, user in enumerate((world.admin, world.secretary)):
        form = login(user).get(reverse("registry:enterprise_edit", args=[world.enterprise.pk]))
        assert "由所属商会或工商联维护" not in form.content.decode()
        services.update_enterprise(
            actor=user, enterprise=world.enterprise, data={"name": f"青岛更名{n}有限公司"}
        )
        world.enterprise.refresh_from_db()
        assert world.enterprise.name == f"青岛更名{n}有限公司"


def test_a_recorded_year_cannot_be_deleted_or_changed_by_the_enterprise_user(world, login):
    client = login(world.enterprise_user)
    save = reverse("registry:year_figure_save", args=[world.enterprise.pk])
    client.post(save, {"year": 2024, "tax": "500000"})  # a new year it may add
    figure = EnterpriseYearFigure.unscoped_objects.get(enterprise=world.enterprise, year=2024)
    page = client.get(reverse("registry:enterprise_detail", args=[world.enterprise.pk])).content.decode()
    assert "year_figure_delete" not in page and "/figures/" not in page.split("figure-table", 1)[1].split(
        "</table>", 1
    )[0].replace(save, "")
    assert "由所属商会或工商联维护" in page

    response = client.post(reverse("registry:year_figure_delete", args=[world.enterprise.pk, figure.pk]))
    assert response.status_code == 403
    response = client.post(save, {"year": 2024, "tax": "0"})
    assert response.status_code == 403
    figure.refresh_from_db()
    assert figure.tax == Decimal("500000")

    # the federation corrects or deletes it
    client = login(world.admin)
    client.post(reverse("registry:year_figure_delete", args=[world.enterprise.pk, figure.pk]))
    assert not EnterpriseYearFigure.unscoped_objects.filter(pk=figure.pk).exists()
