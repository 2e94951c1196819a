from shanglian.core.testing.matrix import register
from shanglian.surveys.factories import InvitationFactory, QuestionFactory, SurveyFactory


@register("survey_id")
def make_survey(owner):
    survey = SurveyFactory.create(organization=owner.chamber, title="他方问卷")
    InvitationFactory.create(survey=survey, enterprise=owner.enterprise, chamber=owner.chamber)
    return survey


@register("question_id")
def make_question(owner):
    return QuestionFactory.create(survey=owner.get("survey_id"), text="他方题目")
