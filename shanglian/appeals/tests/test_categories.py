"""分类: the federation admin adds, renames, reorders and retires categories; one in use is never deleted."""

from shanglian.appeals import services
from shanglian.appeals.models import AppealCategory
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.access import SYSTEM


def _cat(world, name):
    return AppealCategory.unscoped_objects.get(federation=world.fed, name=name, parent=None)


def _post(client, url, **overrides):
    data = {
        "name": "新类别",
        "parent": "",
        "default_unit": "",
        "contact_days": 3,
        "finish_days": 5,
        "max_extension_days": 10,
        "order": 20,
    }
    data.update(overrides)
    return client.post(url, {k: v for k, v in data.items() if v is not False})


def test_admin_adds_a_sub_category_renames_reorders_and_retires(world, login, categories):
    client = login(world.admin)
    listing = client.get("/appeals/categories/").content.decode()
    assert "融资" in listing and "基础设施" in listing
    parent = categories["融资"]
    response = _post(
        client,
        "/appeals/categories/new/",
        name="应急转贷",
        parent=parent.pk,
        default_unit=world.department.pk,
    )
    assert response.status_code == 302 and response["Location"] == "/appeals/categories/"
    child = AppealCategory.unscoped_objects.get(federation=world.fed, name="应急转贷")
    assert child.parent == parent and child.default_unit == world.department
    assert AuditEntry.objects.filter(
        object_type="appeals.appealcategory", object_id=str(child.pk), action=AuditAction.CREATE
    ).exists()

    other = categories["其他"]
    _post(client, f"/appeals/categories/{other.pk}/", name="其他事项", order=0, retired="on")
    other.refresh_from_db()
    assert (other.name, other.order, other.retired) == ("其他事项", 0, True)
    assert AuditEntry.objects.filter(
        object_type="appeals.appealcategory", object_id=str(other.pk), action=AuditAction.UPDATE
    ).exists()
    # Retired: still listed (greyed) for the admin, no longer offered to a new appeal.
    assert "已停用" in client.get("/appeals/categories/").content.decode()
    form = login(world.enterprise_user).get("/appeals/new/").content.decode()
    assert "其他事项" not in form and "应急转贷" in form


def test_an_unused_category_is_deleted_one_in_use_is_refused(world, login, categories, submit):
    client = login(world.admin)
    unused = categories["基础设施"]
    response = client.post(f"/appeals/categories/{unused.pk}/delete/")
    assert response.status_code == 302
    assert not AppealCategory.unscoped_objects.filter(pk=unused.pk).exists()
    assert AuditEntry.objects.filter(
        object_type="appeals.appealcategory", object_id=str(unused.pk), action=AuditAction.DELETE
    ).exists()

    used = submit().category
    response = client.post(f"/appeals/categories/{used.pk}/delete/", follow=True)
    assert "不能删除，可将其停用" in response.content.decode()
    assert AppealCategory.unscoped_objects.filter(pk=used.pk).exists()


def test_bad_input_is_refused_in_chinese_and_nothing_written(world, login, categories):
    client = login(world.admin)
    before = AppealCategory.unscoped_objects.count()
    page = _post(client, "/appeals/categories/new/", name="").content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    page = _post(client, "/appeals/categories/new/", name="有时限", finish_days=0).content.decode()
    assert "1" in page and AppealCategory.unscoped_objects.count() == before
    # A sub-category as a parent (three levels), and a duplicate name at one level.
    child = _post(client, "/appeals/categories/new/", name="子类", parent=categories["税费"].pk)
    assert child.status_code == 302
    sub = AppealCategory.unscoped_objects.get(name="子类")
    page = _post(client, "/appeals/categories/new/", name="孙类", parent=sub.pk).content.decode()
    assert "选择一个有效的选项" in page or "一级类别" in page
    page = _post(client, "/appeals/categories/new/", name="融资").content.decode()
    assert "同级已有同名类别" in page
    assert AppealCategory.unscoped_objects.count() == before + 1


def test_anonymous_weak_roles_and_another_tenant(world, login, client, categories):
    cat = categories["用工"]
    assert client.get("/appeals/categories/").status_code == 302
    for user in (world.leader, world.secretary, world.enterprise_user, world.liaison):
        assert login(user).get("/appeals/categories/").status_code == 403
        assert login(user).post(f"/appeals/categories/{cat.pk}/delete/").status_code == 403
    theirs = services.ensure_default_categories(actor=SYSTEM, federation=world.fed_b)[0]
    admin = login(world.admin)
    assert admin.get(f"/appeals/categories/{theirs.pk}/").status_code == 404
    assert admin.post(f"/appeals/categories/{theirs.pk}/delete/").status_code == 404
    assert AppealCategory.unscoped_objects.filter(pk=theirs.pk).exists()
    # The other federation's tree is not listed.
    listing = admin.get("/appeals/categories/").content.decode()
    assert listing.count("融资") == 1
