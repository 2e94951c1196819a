"""An expired rating shows 已过期 on the chamber page as on the ratings list (one rule: Rating.is_expired);
a score states its unit."""

import datetime

from django.urls import reverse

from shanglian.chambers.factories import RatingFactory
from shanglian.chambers.models import RatingStatus


def test_expired_rating_shows_on_chamber_page_and_list(world, login):
    RatingFactory(
        chamber=world.chamber,
        status=RatingStatus.GRANTED,
        granted_on=datetime.date(2020, 1, 1),
        valid_from=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2022, 12, 31),
        total_score="88.5",
    )
    client = login(world.admin)
    detail = client.get(reverse("chambers:chamber_detail", args=[world.chamber.pk])).content.decode()
    assert "已过期" in detail
    listed = client.get(reverse("chambers:rating_list")).content.decode()
    assert "已过期" in listed and "88.5 分" in listed


def test_a_current_rating_is_not_expired(world):
    rating = RatingFactory.build(
        chamber=world.chamber,
        status=RatingStatus.GRANTED,
        granted_on=datetime.date(2025, 1, 1),
        valid_until=datetime.date.today() + datetime.timedelta(days=30),
    )
    assert not rating.is_expired
