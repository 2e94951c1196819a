from datetime import timedelta

import pytest
from django.utils import timezone

from shanglian.surveys import services


@pytest.fixture
def survey(world):
    """A draft survey of chamber A1 with a condition: question 2 shows only when question 1 is 是."""
    s = services.create_survey(
        actor=world.secretary,
        organization=world.chamber,
        title="用工需求调查",
        closes_on=timezone.localdate() + timedelta(days=10),
    )
    q1 = services.add_question(
        actor=world.secretary, survey=s, kind="single", text="是否缺工", options=["是", "否"]
    )
    services.add_question(
        actor=world.secretary, survey=s, kind="number", text="缺口人数", show_if=q1.options.get(label="是")
    )
    services.add_question(
        actor=world.secretary,
        survey=s,
        kind="multiple",
        text="缺口岗位",
        options=["普工", "技工", "研发"],
        allow_other=True,
        required=False,
    )
    services.add_question(actor=world.secretary, survey=s, kind="text", text="建议", required=False)
    return s


@pytest.fixture
def published(world, survey):
    return services.publish_survey(actor=world.secretary, survey=survey)


def qs(survey):
    return list(survey.questions.all().order_by("order"))
