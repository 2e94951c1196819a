"""/files/<id>/: the one view serving stored files, behind the owner's scope and the use's right."""

from typing import Any
from urllib.parse import quote

import pytest
from django.urls import reverse

from shanglian.attachments.tests.makers import PDF, make_attachment
from shanglian.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _url(attachment):
    return reverse("attachments:download", args=[attachment.pk])


def test_download_sends_the_file_with_safe_headers(world, login, django_assert_max_num_queries):
    attachment = make_attachment(world.chamber, name="城阳商会章程.pdf")
    client = login(world.secretary)
    with django_assert_max_num_queries(10):
        response = client.get(_url(attachment))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert (
        disposition.startswith("attachment;")
        and f"filename*=utf-8''{quote('城阳商会章程.pdf')}" in disposition
    )
    assert "private" in response["Cache-Control"]


def test_another_tenants_file_is_404_for_everyone_of_ours(world, login):
    other = make_attachment(world.chamber_b)
    for role, user in world.users.items():
        assert login(user).get(_url(other)).status_code == 404, role
    assert login(world.users_b[Role.CHAMBER_SECRETARY]).get(_url(other)).status_code == 200


def test_another_chambers_file_is_404_for_a_secretary_but_the_federation_sees_it(world, login):
    other = make_attachment(world.chamber2)
    assert login(world.secretary).get(_url(other)).status_code == 404
    assert login(world.enterprise_user).get(_url(other)).status_code == 404
    assert login(world.admin).get(_url(other)).status_code == 200
    assert login(world.leader).get(_url(other)).status_code == 200


def test_in_scope_without_the_uses_right_is_403(world, login):
    internal = make_attachment(world.chamber, use="tests.profile_admin_only", name="内部.pdf")
    assert login(world.leader).get(_url(internal)).status_code == 403
    assert login(world.admin).get(_url(internal)).status_code == 200


def test_anonymous_is_sent_to_login(world, client):
    attachment = make_attachment(world.chamber)
    response = client.get(_url(attachment))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_id_and_missing_file_are_404(world, login):
    attachment = make_attachment(world.chamber)
    client = login(world.admin)
    assert client.get(reverse("attachments:download", args=[attachment.pk + 1000])).status_code == 404
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(_url(attachment)).status_code == 404


def test_no_stored_file_is_reachable_by_a_media_url(world, login):
    attachment = make_attachment(world.chamber)
    client = login(world.admin)
    assert client.get("/media/" + attachment.file.name).status_code == 404
    assert client.get("/" + attachment.file.name).status_code == 404


def _api(attachment):
    return f"/api/v1/files/{attachment.pk}"


def test_a_token_client_downloads_what_it_may_see(world):
    from django.test import Client

    from shanglian.accounts.services import issue_api_token

    mine = make_attachment(world.chamber, name="城阳商会章程.pdf")
    _, raw = issue_api_token(actor=world.secretary)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response: Any = client.get(_api(mine))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff" and "private" in response["Cache-Control"]
    # Another tenant's file: a JSON 404, as the page's; the use's right: a 403; no token: a 401.
    other = client.get(_api(make_attachment(world.chamber_b)))
    assert other.status_code == 404 and other.json()["code"]
    _, leader_raw = issue_api_token(actor=world.leader)
    internal = make_attachment(world.chamber, use="tests.profile_admin_only", name="内部.pdf")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {leader_raw}").get(_api(internal)).status_code == 403
    assert Client().get(_api(mine)).status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer sl_wrong").get(_api(mine)).status_code == 401
