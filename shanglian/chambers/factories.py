"""Test factories for chambers: profiles, charters, state changes, rectification, ratings."""

import datetime
from decimal import Decimal

import factory

from shanglian.chambers.models import ChamberState, RatingLevel, RatingScheme, TransitionKind
from shanglian.orgs.factories import ChamberFactory, FederationFactory

DAY = datetime.date(2026, 1, 5)


class ChamberProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "chambers.ChamberProfile"
        django_get_or_create = ("chamber",)

    chamber = factory.SubFactory(ChamberFactory)


class CharterVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "chambers.CharterVersion"

    chamber = factory.SubFactory(ChamberFactory)
    title = factory.Sequence(lambda n: f"商会章程（第{n}版）")
    effective_on = DAY


class ChamberTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "chambers.ChamberTransition"

    chamber = factory.SubFactory(ChamberFactory)
    from_state = ChamberState.FOUNDING
    to_state = ChamberState.NORMAL
    kind = TransitionKind.ESTABLISH
    reason = "完成登记，正式成立"
    effective_on = DAY


class TransitionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "chambers.TransitionRequest"

    chamber = factory.SubFactory(ChamberFactory)
    to_state = ChamberState.RECTIFYING
    reason = "理事会换届逾期"
    effective_on = DAY


class RectificationCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "chambers.RectificationCase"

    chamber = factory.SubFactory(ChamberFactory)
    defects = "财务未单独建账"
    opened_on = DAY
    deadline = factory.LazyAttribute(lambda o: o.opened_on + datetime.timedelta(days=60))


class DormantPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "chambers.DormantPolicy"
        django_get_or_create = ("federation",)

    federation = factory.SubFactory(FederationFactory)


class RatingIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "chambers.RatingIndicator"

    federation = factory.SubFactory(FederationFactory)
    scheme = RatingScheme.FOUR_GOOD
    name = factory.Sequence(lambda n: f"指标{n}")
    max_score = Decimal("10")


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "chambers.Rating"

    chamber = factory.SubFactory(ChamberFactory)
    scheme = RatingScheme.FOUR_GOOD
    level = RatingLevel.DISTRICT
    applied_on = DAY


class RatingScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "chambers.RatingScore"

    rating = factory.SubFactory(RatingFactory)
    indicator = factory.SubFactory(
        RatingIndicatorFactory,
        federation=factory.LazyAttribute(lambda o: o.factory_parent.rating.chamber.federation()),
    )
    score = Decimal("8")
