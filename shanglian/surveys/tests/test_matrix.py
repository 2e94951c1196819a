"""Matrix questions: rows rated on a scale, answered in the portal and the API, counted and exported."""

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.surveys import selectors, services
from shanglian.surveys.models import Answer, Question, Response, ResponseStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix(world, survey):
    return services.add_question(
        actor=world.secretary,
        survey=survey,
        kind="matrix",
        text="对以下服务的满意度",
        options=["政务服务", "融资服务", "法律服务"],
        scale="不满意/一般/满意",
    )


def _base(survey):
    q1 = survey.questions.get(order=1)
    return {q1.pk: q1.options.get(label="否").pk}


def test_matrix_is_built_answered_counted_and_exported(world, login, survey, matrix):
    assert matrix.scale_labels == ["不满意", "一般", "满意"]
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.CREATE, object_type="surveys.question", object_id=str(matrix.pk)
    ).exists()
    services.publish_survey(actor=world.secretary, survey=survey)
    rows = list(matrix.options.all())
    client = login(world.enterprise_user)
    url = reverse("surveys:answer", args=[survey.pk])
    page = client.get(url).content.decode()
    assert f'name="q{matrix.pk}_r{rows[0].pk}"' in page and "不满意" in page
    q1 = survey.questions.get(order=1)
    data = {f"q{q1.pk}": q1.options.get(label="否").pk, "submit": "1"}
    data |= {f"q{matrix.pk}_r{rows[0].pk}": "3", f"q{matrix.pk}_r{rows[1].pk}": "1"}
    data[f"q{matrix.pk}_r{rows[2].pk}"] = "2"
    assert client.post(url, data).status_code == 302
    sheet = Response.objects.unscoped().get()
    assert sheet.status == ResponseStatus.SUBMITTED
    assert sorted(Answer.objects.unscoped().filter(question=matrix).values_list("number", flat=True)) == [
        1,
        2,
        3,
    ]

    result = next(r for r in selectors.results(survey) if r.question.pk == matrix.pk)
    assert [(m.label, m.counts, m.average) for m in result.matrix] == [
        ("政务服务", [0, 0, 1], Decimal(3)),
        ("融资服务", [1, 0, 0], Decimal(1)),
        ("法律服务", [0, 1, 0], Decimal(2)),
    ]
    assert (
        "matrix-result"
        in login(world.leader).get(reverse("surveys:results", args=[survey.pk])).content.decode()
    )

    export = login(world.secretary).get(reverse("surveys:export", args=[survey.pk]))
    sheet_xlsx = openpyxl.load_workbook(io.BytesIO(export.content)).active
    header, row = [c.value for c in sheet_xlsx[1]], [c.value for c in sheet_xlsx[2]]
    start = header.index("5. 对以下服务的满意度：政务服务")
    assert header[start : start + 3] == [
        "5. 对以下服务的满意度：政务服务",
        "5. 对以下服务的满意度：融资服务",
        "5. 对以下服务的满意度：法律服务",
    ]
    assert row[start : start + 3] == ["满意", "不满意", "一般"]


def test_matrix_by_api(world, login, survey, matrix):
    services.publish_survey(actor=world.secretary, survey=survey)
    rows = list(matrix.options.all())
    client = login(world.enterprise_user)
    detail = client.get(f"/api/v1/surveys/{survey.pk}").json()
    asked = next(q for q in detail["questions"] if q["id"] == matrix.pk)
    assert asked["kind"] == "matrix" and asked["scale"] == ["不满意", "一般", "满意"]
    body = {"answers": {str(k): v for k, v in _base(survey).items()}}
    body["answers"][str(matrix.pk)] = {str(r.pk): 2 for r in rows}
    done = client.post(f"/api/v1/surveys/{survey.pk}/response/submit", body, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    bad = dict(body["answers"])
    bad[str(matrix.pk)] = {str(rows[0].pk): 9}
    again = client.put(
        f"/api/v1/surveys/{survey.pk}/response", {"answers": bad}, content_type="application/json"
    )
    assert again.status_code == 400


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("很好", "矩阵题"),
        ({"999999": 1}, "行无效"),
        ({"ROW0": 4}, "1–3 级"),
        ({"ROW0": "二"}, "1–3 级"),
        ({"ROW0": 1}, "请为“融资服务”选择等级"),
    ],
)
def test_bad_matrix_answers_write_nothing(world, survey, matrix, value, message):
    services.publish_survey(actor=world.secretary, survey=survey)
    first = matrix.options.first()
    if isinstance(value, dict):
        value = {(str(first.pk) if k == "ROW0" else k): v for k, v in value.items()}
    answers = _base(survey) | {matrix.pk: value}
    with pytest.raises(ServiceError, match=message):
        services.save_response(actor=world.enterprise_user, survey=survey, answers=answers, submit=True)
    assert not Response.objects.unscoped().exists()


def test_bad_matrix_definitions(world, survey):
    cases: list[tuple[dict[str, Any], str]] = [
        ({"options": []}, "至少需要一行"),
        ({"options": ["甲"], "scale": "只有一级"}, "2–10 级"),
        ({"options": ["甲"], "scale": "好/好"}, "不能重复"),
    ]
    for extra, message in cases:
        with pytest.raises(ServiceError, match=message):
            services.add_question(actor=world.secretary, survey=survey, kind="matrix", text="矩阵", **extra)
    with pytest.raises(ServiceError, match="只有矩阵题可以设置量表"):
        services.add_question(actor=world.secretary, survey=survey, kind="text", text="文字", scale="a/b")
    assert not Question.objects.unscoped().filter(kind="matrix").exists()


def test_matrix_builder_page_rights(world, login, survey):
    url = reverse("surveys:detail", args=[survey.pk])
    data = {"kind": "matrix", "text": "矩阵", "options": "甲\n乙", "scale": "", "required": "on"}
    assert login(world.leader).post(url, data).status_code == 403
    assert login(world.users_b["chamber_secretary"]).post(url, data).status_code == 404
    assert login(world.secretary).post(url, data).status_code == 302
    made = Question.objects.unscoped().get(kind="matrix")
    assert made.scale == "" and made.scale_labels == ["很不满意", "不满意", "一般", "满意", "很满意"]
