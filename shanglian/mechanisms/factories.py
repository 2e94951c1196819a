"""Test factories for the mechanisms app (one per model)."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from shanglian.mechanisms.models import GENESIS, Decision, FilingMode, RuleCategory, SignOffRule, chain_hash
from shanglian.orgs.factories import ChamberFactory, FederationFactory
from shanglian.orgs.models import Organization
from shanglian.registry.factories import PersonFactory

DAY = datetime.date(2020, 3, 2)


class RuleDocumentFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.RuleDocument"

    federation = factory.SubFactory(FederationFactory)
    category = RuleCategory.GUIDING
    number = factory.Sequence(lambda n: f"城工商联发〔2020〕{n + 1}号")
    title = factory.Sequence(lambda n: f"制度文件{n + 1}")
    effective_on = DAY


class RuleVersionFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.RuleVersion"

    rule = factory.SubFactory(RuleDocumentFactory)
    version = factory.Sequence(lambda n: n + 1)
    effective_on = DAY


class FilingTypeFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.FilingType"

    federation = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"事项类型{n + 1}")
    mode = FilingMode.PRIOR_APPROVAL
    days = 10


class FilingFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.Filing"

    chamber = factory.SubFactory(ChamberFactory)
    filing_type = factory.SubFactory(
        FilingTypeFactory,
        federation=factory.LazyAttribute(lambda o: Organization.objects.get_parent(o.factory_parent.chamber)),
    )
    mode = FilingMode.PRIOR_APPROVAL
    title = factory.Sequence(lambda n: f"重大事项{n + 1}")
    content = "事项内容"
    event_date = datetime.date(2020, 6, 1)
    submitted_on = DAY


class ViceChairFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.ViceChair"

    federation = factory.SubFactory(FederationFactory)
    person = factory.SubFactory(PersonFactory, federation=factory.SelfAttribute("..federation"))


class SignOffRoundFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.SignOffRound"

    federation = factory.SubFactory(FederationFactory)
    title = factory.Sequence(lambda n: f"签字事项{n + 1}")
    matter = "事项说明"
    rule = SignOffRule.UNANIMOUS
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))


class SignatureFactory(factory.django.DjangoModelFactory[Any]):
    """A chained signature (first of its round unless prev_hash/seq are given)."""

    class Meta:
        model = "mechanisms.Signature"

    round = factory.SubFactory(SignOffRoundFactory)
    signer = factory.SubFactory(ViceChairFactory, federation=factory.SelfAttribute("..round.federation"))
    decision = Decision.AGREE
    signed_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0))
    seq = 1
    prev_hash = GENESIS
    hash = factory.LazyAttribute(
        lambda o: chain_hash(
            round_id=o.round.pk,
            seq=o.seq,
            signer_id=o.signer.pk,
            decision=o.decision,
            opinion="",
            signed_at=o.signed_at.isoformat(),
            prev_hash=o.prev_hash,
        )
    )


class SuggestionFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.Suggestion"

    federation = factory.SubFactory(FederationFactory)
    author_name = "企业家"
    channel = "portal"
    category = "policy"
    title = factory.Sequence(lambda n: f"创新建议{n + 1}")
    content = "建议内容"
    submitted_on = DAY


class SuggestionUpdateFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.SuggestionUpdate"

    suggestion = factory.SubFactory(SuggestionFactory, status="adopted")
    on = DAY
    progress = 50
    text = "推进中"


class ConsultationFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.Consultation"

    federation = factory.SubFactory(FederationFactory)
    title = factory.Sequence(lambda n: f"决策草案{n + 1}")
    introduction = "起草说明"


class ArticleFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.Article"

    consultation = factory.SubFactory(ConsultationFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "条文"


class OpinionFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.Opinion"

    consultation = factory.SubFactory(ConsultationFactory)
    author_name = "企业家"
    text = "意见"


class DistrictMeetingFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.DistrictMeeting"

    federation = factory.SubFactory(FederationFactory)
    title = factory.Sequence(lambda n: f"区内重大会议{n + 1}")
    held_on = DAY
    attendees = "城阳街道商会 张三"
