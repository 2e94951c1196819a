from datetime import date

from django.core.files.base import ContentFile

from shanglian.attachments.services import attach
from shanglian.chambers.models import (
    CHARTER,
    ChamberState,
    ChamberTransition,
    CharterVersion,
    Rating,
    RatingIndicator,
    RatingScheme,
    RectificationCase,
    TransitionKind,
    TransitionRequest,
)
from shanglian.core.access import SYSTEM
from shanglian.core.testing.matrix import register


@register("chamber_id")
def make_chamber(owner):
    return owner.chamber


@register("charterversion_id")
def make_charter(owner):
    version = CharterVersion.unscoped_objects.create(
        chamber=owner.chamber, title="他方章程", effective_on=date(2020, 1, 1)
    )
    attach(
        owner=version, use=CHARTER, upload=ContentFile(b"%PDF-1.4 test", name="他方章程.pdf"), actor=SYSTEM
    )
    return version


@register("transitionrequest_id")
def make_request(owner):
    return TransitionRequest.unscoped_objects.create(
        chamber=owner.chamber,
        to_state=ChamberState.RECTIFYING,
        reason="他方申请",
        effective_on=date(2020, 5, 1),
    )


@register("rectificationcase_id")
def make_case(owner):
    step = ChamberTransition.unscoped_objects.create(
        chamber=owner.chamber,
        from_state=ChamberState.NORMAL,
        to_state=ChamberState.RECTIFYING,
        kind=TransitionKind.RECTIFY,
        reason="他方整顿",
        effective_on=date(2020, 5, 1),
    )
    return RectificationCase.unscoped_objects.create(
        chamber=owner.chamber,
        opened_by=step,
        defects="他方问题",
        measures="他方措施",
        opened_on=date(2020, 5, 1),
        deadline=date(2020, 8, 1),
    )


@register("rating_id")
def make_rating(owner):
    return Rating.unscoped_objects.create(
        chamber=owner.chamber, scheme=RatingScheme.FOUR_GOOD, level="municipal", applied_on=date(2020, 3, 1)
    )


@register("ratingindicator_id")
def make_indicator(owner):
    return RatingIndicator.unscoped_objects.create(
        federation=owner.federation, scheme=RatingScheme.FOUR_GOOD, name="他方指标", max_score=10
    )
