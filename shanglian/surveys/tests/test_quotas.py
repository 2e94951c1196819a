"""Quotas: a survey stops taking answer sheets once N submitted ones match a condition."""

import pytest
from django.urls import reverse

from shanglian.accounts.factories import user_with_role
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.core.roles import Role
from shanglian.registry.factories import EnterpriseFactory, MembershipFactory
from shanglian.surveys import services
from shanglian.surveys.models import Quota, Response, ResponseStatus

pytestmark = pytest.mark.django_db


def _second_member(world):
    other = EnterpriseFactory(federation=world.fed, name="青岛第二科技有限公司")
    MembershipFactory(chamber=world.chamber, enterprise=other)
    return user_with_role(Role.ENTERPRISE_USER, enterprise=other, home_org=world.chamber)


def _answers(survey, label):
    q1 = survey.questions.get(order=1)
    answers = {q1.pk: q1.options.get(label=label).pk}
    if label == "是":
        answers[survey.questions.get(order=2).pk] = "3"
    return answers


def test_quota_on_an_option_stops_matching_sheets_only(world, login, survey):
    second_user = _second_member(world)
    yes = survey.questions.get(order=1).options.get(label="是")
    client = login(world.secretary)
    page = reverse("surveys:detail", args=[survey.pk])
    r = client.post(reverse("surveys:quota_add", args=[survey.pk]), {"limit": "1", "option": yes.pk})
    assert r.status_code == 302
    quota = Quota.objects.unscoped().get()
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.CREATE, object_type="surveys.quota").exists()
    assert "第1题选“是”的答卷：最多 1 份" in client.get(page).content.decode()
    services.publish_survey(actor=world.secretary, survey=survey)
    services.save_response(
        actor=world.enterprise_user, survey=survey, answers=_answers(survey, "是"), submit=True
    )
    with pytest.raises(ServiceError, match="选择“是”的答卷已达 1 份上限"):
        services.save_response(actor=second_user, survey=survey, answers=_answers(survey, "是"), submit=True)
    assert Response.objects.unscoped().filter(status=ResponseStatus.SUBMITTED).count() == 1
    # A sheet outside the condition still goes in.
    services.save_response(actor=second_user, survey=survey, answers=_answers(survey, "否"), submit=True)
    assert Response.objects.unscoped().filter(status=ResponseStatus.SUBMITTED).count() == 2
    assert quota.full_message.startswith("本问卷")


def test_quota_on_all_sheets_with_own_message(world, survey):
    second_user = _second_member(world)
    services.set_quota(actor=world.secretary, survey=survey, limit=1, message="名额已满，谢谢！")
    services.publish_survey(actor=world.secretary, survey=survey)
    services.save_response(
        actor=world.enterprise_user, survey=survey, answers=_answers(survey, "否"), submit=True
    )
    # A draft is still kept; only the submission is refused.
    services.save_response(actor=second_user, survey=survey, answers=_answers(survey, "否"))
    with pytest.raises(ServiceError, match="名额已满，谢谢！"):
        services.save_response(actor=second_user, survey=survey, answers=_answers(survey, "否"), submit=True)
    assert Response.objects.unscoped().filter(status=ResponseStatus.DRAFT).count() == 1


def test_quota_rights_and_bad_input(world, login, survey):
    url = reverse("surveys:quota_add", args=[survey.pk])
    assert login(world.leader).post(url, {"limit": "5"}).status_code == 403
    assert login(world.users_b["chamber_secretary"]).post(url, {"limit": "5"}).status_code == 404
    assert login(world.enterprise_user).post(url, {"limit": "5"}).status_code == 403
    client = login(world.secretary)
    for data in ({"limit": "五"}, {"limit": "0"}, {"limit": "5", "option": "999999"}):
        r = client.post(url, data, follow=True)
        assert r.status_code == 200
        assert "配额" in r.content.decode()
    matrix = services.add_question(
        actor=world.secretary, survey=survey, kind="matrix", text="矩阵", options=["甲", "乙"]
    )
    with pytest.raises(ServiceError, match="选择题的选项"):
        services.set_quota(actor=world.secretary, survey=survey, limit=3, option=matrix.options.first())
    assert not Quota.objects.unscoped().exists()
    quota = services.set_quota(actor=world.secretary, survey=survey, limit=3)
    delete = reverse("surveys:quota_delete", args=[quota.pk])
    assert login(world.leader).post(delete).status_code == 403
    assert login(world.users_b["chamber_secretary"]).post(delete).status_code == 404
    assert login(world.secretary).post(delete).status_code == 302
    assert not Quota.objects.unscoped().exists()
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.DELETE, object_type="surveys.quota").exists()
