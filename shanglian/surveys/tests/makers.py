from shanglian.core.testing.matrix import register
from shanglian.surveys.factories import (
    AnswerFactory,
    InvitationFactory,
    QuestionFactory,
    QuotaFactory,
    ResponseFactory,
    SurveyFactory,
)
from shanglian.surveys.models import ResponseStatus


@register("survey_id")
def make_survey(owner):
    survey = SurveyFactory.create(organization=owner.chamber, title="他方问卷")
    InvitationFactory.create(survey=survey, enterprise=owner.enterprise, chamber=owner.chamber)
    return survey


@register("question_id")
def make_question(owner):
    return QuestionFactory.create(survey=owner.get("survey_id"), text="他方题目")


@register("quota_id")
def make_quota(owner):
    return QuotaFactory.create(survey=owner.get("survey_id"), message="他方配额")


@register("response_id")
def make_response(owner):
    return ResponseFactory.create(
        survey=owner.get("survey_id"), enterprise=owner.enterprise, status=ResponseStatus.PENDING
    )


@register("answer_id")
def make_answer(owner):
    return AnswerFactory.create(response=owner.get("response_id"), text="他方回答")
