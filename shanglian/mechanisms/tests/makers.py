from datetime import date, timedelta

from django.utils import timezone

from shanglian.core.testing.matrix import register
from shanglian.mechanisms.models import (
    Channel,
    Consultation,
    Filing,
    FilingMode,
    FilingType,
    Opinion,
    Phase,
    RuleCategory,
    RuleDocument,
    SignOffRound,
    SignOffRule,
    Suggestion,
    SuggestionCategory,
    ViceChair,
)
from shanglian.registry.models import Person


@register("ruledocument_id")
def make_rule(owner):
    return RuleDocument.unscoped_objects.create(
        federation=owner.federation,
        category=RuleCategory.GUIDING,
        number=f"他方〔2020〕{RuleDocument.unscoped_objects.count() + 1}号",
        title="他方制度",
        effective_on=date(2020, 1, 1),
    )


@register("filingtype_id")
def make_filing_type(owner):
    return FilingType.unscoped_objects.create(
        federation=owner.federation,
        name=f"他方事项{FilingType.unscoped_objects.count() + 1}",
        mode=FilingMode.PRIOR_APPROVAL,
    )


@register("filing_id")
def make_filing(owner):
    return Filing.unscoped_objects.create(
        chamber=owner.chamber,
        filing_type=owner.get("filingtype_id"),
        mode=FilingMode.PRIOR_APPROVAL,
        title="他方报备事项",
        content="他方内容",
        event_date=date(2020, 6, 1),
        submitted_on=date(2020, 5, 1),
    )


@register("vicechair_id")
def make_vice_chair(owner):
    person = Person.unscoped_objects.create(federation=owner.federation, name="他方副主席")
    return ViceChair.unscoped_objects.create(federation=owner.federation, person=person)


@register("signoffround_id")
def make_round(owner):
    rnd = SignOffRound.unscoped_objects.create(
        federation=owner.federation,
        title="他方签字事项",
        matter="他方说明",
        rule=SignOffRule.UNANIMOUS,
        deadline=timezone.now() + timedelta(days=3),
    )
    rnd.signers.add(owner.get("vicechair_id"))
    return rnd


@register("suggestion_id")
def make_suggestion(owner):
    return Suggestion.unscoped_objects.create(
        federation=owner.federation,
        enterprise=owner.enterprise,
        author_name="他方企业家",
        channel=Channel.PORTAL,
        category=SuggestionCategory.POLICY,
        title="他方建议",
        content="他方内容",
        submitted_on=date(2020, 5, 1),
    )


@register("consultation_id")
def make_consultation(owner):
    c = Consultation.unscoped_objects.create(
        federation=owner.federation,
        title="他方草案",
        introduction="他方说明",
        invite_vice_chairs=False,
        # Open for comment, so invited members reach its page too (a draft is staff-only).
        status=Phase.OPEN,
        opens_on=date(2020, 5, 1),
        closes_on=date(2020, 5, 31),
    )
    c.invited_chambers.add(owner.chamber)
    return c


@register("opinion_id")
def make_opinion(owner):
    return Opinion.unscoped_objects.create(
        consultation=owner.get("consultation_id"), author_name="他方企业家", text="他方意见"
    )
