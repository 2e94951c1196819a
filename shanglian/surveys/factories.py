"""Test factories for the surveys app."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from shanglian.orgs.factories import ChamberFactory
from shanglian.registry.factories import EnterpriseFactory
from shanglian.surveys.models import (
    Answer,
    Invitation,
    Option,
    Question,
    QuestionKind,
    Quota,
    Response,
    Survey,
    SurveyStatus,
)


def _enterprise_of(path: str) -> Any:
    def make(o: Any) -> Any:
        org = o
        for part in path.split("."):
            org = getattr(org, part)
        return EnterpriseFactory(federation=org.federation())

    return factory.LazyAttribute(make)


class SurveyFactory(factory.django.DjangoModelFactory[Survey]):
    class Meta:
        model = "surveys.Survey"

    organization = factory.SubFactory(ChamberFactory)
    title = factory.Sequence(lambda n: f"问卷{n}")
    status = SurveyStatus.OPEN
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    published_at = factory.LazyFunction(timezone.now)


class QuestionFactory(factory.django.DjangoModelFactory[Question]):
    class Meta:
        model = "surveys.Question"

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = QuestionKind.TEXT
    text = factory.Sequence(lambda n: f"题目{n}")


class OptionFactory(factory.django.DjangoModelFactory[Option]):
    class Meta:
        model = "surveys.Option"

    question = factory.SubFactory(QuestionFactory, kind=QuestionKind.SINGLE)
    order = factory.Sequence(lambda n: n + 1)
    label = factory.Sequence(lambda n: f"选项{n}")


class InvitationFactory(factory.django.DjangoModelFactory[Invitation]):
    class Meta:
        model = "surveys.Invitation"

    survey = factory.SubFactory(SurveyFactory)
    enterprise = _enterprise_of("survey.organization")


class ResponseFactory(factory.django.DjangoModelFactory[Response]):
    class Meta:
        model = "surveys.Response"

    survey = factory.SubFactory(SurveyFactory)
    enterprise = _enterprise_of("survey.organization")


class AnswerFactory(factory.django.DjangoModelFactory[Answer]):
    class Meta:
        model = "surveys.Answer"

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory, survey=factory.SelfAttribute("..response.survey"))
    text = "回答"


class QuotaFactory(factory.django.DjangoModelFactory[Quota]):
    class Meta:
        model = "surveys.Quota"

    survey = factory.SubFactory(SurveyFactory)
    limit = 10
