"""Cross-tab on the results page: question A × question B over submitted sheets, counts and row %."""

import pytest
from django.test import Client
from django.urls import reverse

from shanglian.accounts.factories import user_with_role
from shanglian.core.roles import Role
from shanglian.registry.factories import EnterpriseFactory, MembershipFactory
from shanglian.surveys import selectors, services
from shanglian.surveys.models import Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(world, survey):
    rating = services.add_question(actor=world.secretary, survey=survey, kind="rating", text="满意度")
    services.publish_survey(actor=world.secretary, survey=survey)
    q1, q2, q3 = (survey.questions.get(order=n) for n in (1, 2, 3))
    opt = {o.label: o.pk for q in (q1, q3) for o in q.options.all()}
    sheets = [  # (缺工, 岗位, 满意度)
        ("是", ["普工", "技工"], 2),
        ("是", ["普工"], 4),
        ("否", ["研发"], 5),
        ("否", [], 4),  # did not answer B: not in the 否 row's base for B = 岗位
    ]
    for n, (need, posts, score) in enumerate(sheets):
        if n == 0:
            user = world.enterprise_user
        else:
            e = EnterpriseFactory(federation=world.fed, name=f"青岛交叉{n}有限公司")
            MembershipFactory(chamber=world.chamber, enterprise=e)
            user = user_with_role(Role.ENTERPRISE_USER, enterprise=e, home_org=world.chamber)
            # Joined after publication: invited as the survey would have reached it.
            Invitation.objects.unscoped().create(survey=survey, enterprise=e, chamber=world.chamber)
        answers = {q1.pk: opt[need], q3.pk: {"options": [opt[p] for p in posts]}, rating.pk: score}
        if need == "是":
            answers[q2.pk] = "3"
        services.save_response(actor=user, survey=survey, answers=answers, submit=True)
    return survey, q1, q3, rating


def test_results_page_with_a_crosstab_within_budget(world, login, answered, django_assert_max_num_queries):
    survey, q1, q3, _ = answered
    client = login(world.leader)
    url = reverse("surveys:crosstab", args=[survey.pk])
    client.get(url)  # the session and the user's roles warmed, as the budget test does
    with django_assert_max_num_queries(10):
        assert client.get(url, {"a": q1.pk, "b": q3.pk}).status_code == 200


def test_crosstab_counts_and_row_percentages(world, login, answered):
    survey, q1, q3, rating = answered
    table = selectors.crosstab(survey, q1, q3)
    assert table.columns == ["普工", "技工", "研发"]
    assert table.rows == [
        ("是", 2, [(2, 100), (1, 50), (0, 0)]),
        ("否", 1, [(0, 0), (0, 0), (1, 100)]),
    ]
    by_rating = selectors.crosstab(survey, q1, rating)
    assert by_rating.rows[0] == ("是", 2, [(0, 0), (1, 50), (0, 0), (1, 50), (0, 0)])
    assert by_rating.rows[1] == ("否", 2, [(0, 0), (0, 0), (0, 0), (1, 50), (1, 50)])
    assert (
        reverse("surveys:crosstab", args=[survey.pk])
        in login(world.leader).get(reverse("surveys:results", args=[survey.pk])).content.decode()
    )
    url = reverse("surveys:crosstab", args=[survey.pk])
    page = login(world.leader).get(url, {"a": q1.pk, "b": q3.pk}).content.decode()
    assert 'id="crosstab-table"' in page and '2 <span class="text-secondary">(100%)</span>' in page


def test_crosstab_bad_input_and_rights(world, login, answered):
    survey, q1, q3, rating = answered
    url = reverse("surveys:crosstab", args=[survey.pk])
    client = login(world.secretary)
    text_q = survey.questions.get(order=4)
    for params in (
        {"a": q1.pk, "b": q1.pk},
        {"a": q1.pk, "b": text_q.pk},
        {"a": "x", "b": "²"},
        {"a": q1.pk},
    ):
        r = client.get(url, params)
        assert r.status_code == 200 and 'id="crosstab-table"' not in r.content.decode()
        assert "交叉分析须选择" in r.content.decode() or "请选择本问卷" in r.content.decode()
    assert login(world.users_b["chamber_secretary"]).get(url, {"a": q1.pk, "b": q3.pk}).status_code == 404
    assert login(world.enterprise_user).get(url, {"a": q1.pk, "b": q3.pk}).status_code == 403
    assert Client().get(url, {"a": q1.pk, "b": q3.pk}).status_code == 302  # anonymous → login
