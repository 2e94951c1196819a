"""A survey's text answer becomes an appeal (诉求) in one click, linked back to the answer sheet."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from shanglian.appeals.models import Appeal, Channel
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.surveys import services
from shanglian.surveys.models import Answer, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def text_answer(world, published):
    q1 = published.questions.get(order=1)
    q4 = published.questions.get(order=4)
    services.save_response(
        actor=world.enterprise_user,
        survey=published,
        answers={q1.pk: q1.options.get(label="否").pk, q4.pk: "园区道路破损，货车进出困难"},
        submit=True,
    )
    return Answer.objects.unscoped().get(question=q4)


def test_secretary_turns_a_text_answer_into_an_appeal(world, login, published, text_answer):
    client = login(world.secretary)
    page = client.get(reverse("surveys:results", args=[published.pk])).content.decode()
    url = reverse("surveys:answer_appeal", args=[text_answer.pk])
    assert url in page and "转为诉求" in page
    r = client.post(url)
    appeal = Appeal.objects.unscoped().get()
    assert r.status_code == 302 and r.url == reverse("appeals:appeal_detail", args=[appeal.pk])
    assert appeal.enterprise == world.enterprise and appeal.channel == Channel.SURVEY
    assert appeal.title == "园区道路破损，货车进出困难" and "用工需求调查" in appeal.content
    assert appeal.source_type == ContentType.objects.get_for_model(Response)
    assert appeal.source_id == text_answer.response_id
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.CREATE, object_type="appeals.appeal"
    ).exists()
    # Twice: refused, nothing more written.
    client.post(url)
    assert Appeal.objects.unscoped().count() == 1


def test_rights_and_bad_input(world, login, published, text_answer):
    url = reverse("surveys:answer_appeal", args=[text_answer.pk])
    assert Client().post(url).status_code == 302  # anonymous → login
    assert login(world.leader).post(url).status_code == 403
    assert login(world.users_b["chamber_secretary"]).post(url).status_code == 404
    choice = Answer.objects.unscoped().filter(option__isnull=False).get()
    r = login(world.secretary).post(reverse("surveys:answer_appeal", args=[choice.pk]), follow=True)
    assert "没有文字内容" in r.content.decode()
    assert not Appeal.objects.unscoped().exists()
