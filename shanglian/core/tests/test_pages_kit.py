"""The pages kit (core/pages.py): one form page, one list page, one export path for every domain."""

import io

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from openpyxl import load_workbook

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core import pages
from shanglian.core.errors import ServiceError
from shanglian.orgs.models import Organization

pytestmark = pytest.mark.django_db


class NameForm(forms.Form):
    name = forms.CharField(label="名称")


def _request(user, method="get", data=None):
    request = getattr(RequestFactory(), method)("/x/", data or {})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_valid_post_saves_flashes_and_redirects(world):
    request = _request(world.admin, "post", {"name": "甲"})
    saved = []

    def save(data):
        saved.append(data["name"])
        return "obj"

    response = pages.form_page(
        request,
        NameForm(request.POST),
        save=save,
        next_url=lambda obj: f"/done/{obj}/",
        title="新建",
        success=lambda obj: f"已保存 {obj}",
    )
    assert response.status_code == 302 and response["Location"] == "/done/obj/"
    assert saved == ["甲"]
    assert [str(m) for m in get_messages(request)] == ["已保存 obj"]


def test_service_error_stays_on_the_form_in_chinese(world):
    request = _request(world.admin, "post", {"name": "甲"})

    def refuse(data):
        raise ServiceError("名称已被占用")

    response = pages.form_page(request, NameForm(request.POST), save=refuse, next_url="/list/", title="新建")
    assert response.status_code == 200
    html = response.content.decode()
    assert "名称已被占用" in html and 'href="/list/"' in html  # the cancel link falls back to next_url
    assert not list(get_messages(request))


def test_get_shows_the_form_with_the_cancel_link_of_the_edited_object(world):
    request = _request(world.admin)
    response = pages.form_page(
        request,
        NameForm(),
        save=lambda data: None,
        next_url=lambda obj: f"/item/{obj}/" if obj else "/list/",
        obj=7,
        title="编辑",
        pretitle="法人治理",
    )
    html = response.content.decode()
    assert 'href="/item/7/"' in html and "法人治理" in html


COLUMNS = [
    pages.Column("名称", lambda o: o.name, width=20),
    pages.Column("状态", lambda o: ("正常", "green"), badge=True),
]


def test_list_page_shows_export_only_with_the_right(world):
    qs = Organization.objects.visible_to(world.admin).order_by("path")
    args = {
        "qs": qs,
        "columns": COLUMNS,
        "title": "组织",
        "export_url": "/x/",
        "export_capability": "audit.view",
    }
    html = pages.list_page(_request(world.admin), **args).content.decode()
    assert "export-link" in html and world.chamber.name in html and "他方即墨" not in html
    assert "export-link" not in pages.list_page(_request(world.secretary), **args).content.decode()


def test_export_page_writes_the_columns_and_one_audit_row(world):
    objects = Organization.objects.visible_to(world.admin).order_by("path")
    response = pages.export_page(
        _request(world.admin), title="组织名录", columns=COLUMNS, objects=objects, capability="audit.view"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("名称", "状态") and rows[1][1] == "正常" and len(rows) == 1 + objects.count()
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.EXPORT)
    assert entry.object_repr == "组织名录" and entry.changes["rows"] == objects.count()


def test_export_page_refuses_without_the_right(world):
    with pytest.raises(PermissionDenied):
        pages.export_page(
            _request(world.secretary), title="组织名录", columns=COLUMNS, objects=[], capability="audit.view"
        )
    assert not AuditEntry.unscoped_objects.filter(action=AuditAction.EXPORT).exists()
