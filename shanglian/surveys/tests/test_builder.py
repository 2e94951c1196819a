"""Building and publishing a questionnaire."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.core.testing.world import MARK
from shanglian.notifications.models import Notification
from shanglian.surveys import services
from shanglian.surveys.factories import SurveyFactory
from shanglian.surveys.models import Invitation, Question, Survey, SurveyStatus

pytestmark = pytest.mark.django_db


def test_secretary_builds_and_publishes(world, login, survey):
    client = login(world.secretary)
    page = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert "第1题选“是”时显示" in page
    response = client.post(
        reverse("surveys:detail", args=[survey.pk]),
        {"kind": "rating", "text": "总体满意度", "required": "on"},
    )
    assert response.status_code == 302 and survey.questions.count() == 5
    client.post(reverse("surveys:publish", args=[survey.pk]))
    survey = Survey.objects.unscoped().get(pk=survey.pk)
    assert survey.status == SurveyStatus.OPEN and survey.published_at is not None
    invited = set(Invitation.objects.unscoped().filter(survey=survey).values_list("enterprise_id", flat=True))
    assert invited == {world.enterprise.pk}  # the chamber's only member; not A2's, not B's
    assert Notification.objects.filter(
        recipient=world.enterprise_user, title__contains="用工需求调查"
    ).exists()
    assert (
        AuditEntry.unscoped_objects.filter(
            action=AuditAction.TRANSITION, object_type="surveys.survey"
        ).count()
        == 1
    )
    listing = client.get(reverse("surveys:list")).content.decode()
    assert "用工需求调查" in listing and MARK not in listing


def test_template_survey_has_the_sections(world, login):
    client = login(world.admin)
    closes = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = client.post(
        reverse("surveys:from_template"), {"organization": world.fed.pk, "closes_on": closes}
    )
    survey = Survey.objects.unscoped().get()
    assert response.status_code == 302
    sections = list(dict.fromkeys(survey.questions.values_list("section", flat=True)))
    assert sections == ["基本情况", "政务环境", "市场环境", "要素环境", "法治环境", "创新环境"]
    assert Question.objects.unscoped().get(survey=survey, order=5).show_if.label == "是"


def test_bad_questions_are_refused(world, survey):
    with pytest.raises(ServiceError, match="至少需要两个选项"):
        services.add_question(
            actor=world.secretary, survey=survey, kind="single", text="单项", options=["唯一"]
        )
    with pytest.raises(ServiceError, match="只有单选题、多选题和矩阵题"):
        services.add_question(actor=world.secretary, survey=survey, kind="text", text="x", options=["a", "b"])
    other = SurveyFactory.create(organization=world.chamber, status=SurveyStatus.DRAFT, published_at=None)
    foreign = services.add_question(
        actor=world.secretary, survey=other, kind="single", text="q", options=["a", "b"]
    )
    with pytest.raises(ServiceError, match="显示条件"):
        services.add_question(
            actor=world.secretary, survey=survey, kind="text", text="x", show_if=foreign.options.first()
        )
    assert survey.questions.count() == 4


def test_published_survey_is_frozen_and_empty_one_cannot_publish(world, published):
    with pytest.raises(ServiceError, match="已发布"):
        services.add_question(actor=world.secretary, survey=published, kind="text", text="晚了")
    empty = services.create_survey(
        actor=world.secretary, organization=world.chamber, title="空", closes_on=timezone.localdate()
    )
    with pytest.raises(ServiceError, match="还没有题目"):
        services.publish_survey(actor=world.secretary, survey=empty)


def test_rights_and_tenants(world, client, login, survey):
    assert client.get(reverse("surveys:list")).status_code == 302
    assert login(world.enterprise_user).get(reverse("surveys:list")).status_code == 403
    assert login(world.leader).post(reverse("surveys:publish", args=[survey.pk])).status_code == 403
    theirs = SurveyFactory.create(organization=world.chamber_b, title="他方问卷")
    assert login(world.admin).get(reverse("surveys:detail", args=[theirs.pk])).status_code == 404
    assert login(world.secretary).post(reverse("surveys:publish", args=[theirs.pk])).status_code == 404
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = login(world.secretary).post(
        reverse("surveys:create"), {"organization": world.chamber.pk, "title": "过期", "closes_on": past}
    )
    assert response.status_code == 200 and "截止日期不能早于今天" in response.content.decode()
    assert Survey.objects.unscoped().count() == 2
