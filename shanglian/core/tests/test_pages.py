import pytest
from django.urls import reverse

from shanglian.core.masking import mask_id_number, mask_phone

pytestmark = pytest.mark.django_db


def test_home_shows_menu_by_role(world, login):
    admin_body = login(world.admin).get("/").content.decode()
    assert "用户管理" in admin_body and "审计日志" in admin_body and "组织架构" in admin_body
    ent_body = login(world.enterprise_user).get("/").content.decode()
    assert "审计日志" not in ent_body and "用户管理" not in ent_body and "待办事项" in ent_body


def test_error_pages_are_chinese(world, login, client):
    body = login(world.admin).get("/no-such-page/").content.decode()
    assert "页面不存在" in body
    response = login(world.leader).get(reverse("accounts:user_list"))
    assert response.status_code == 403 and "无权访问" in response.content.decode()


def test_500_page_is_chinese_without_trace(world, client, settings):
    from django.test import RequestFactory

    from shanglian.core.views import server_error

    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500 and "系统繁忙" in body and "Traceback" not in body


def test_masking():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""
    assert mask_id_number("370214199001011234") == "3702**********1234"
