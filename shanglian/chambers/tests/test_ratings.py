from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.chambers import selectors, services
from shanglian.chambers.models import Rating, RatingIndicator, RatingScheme, RatingStatus
from shanglian.core.errors import ServiceError

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def indicators(world):
    return [
        services.save_indicator(
            actor=world.admin, federation=world.fed, scheme=RatingScheme.FOUR_GOOD, name=n, max_score=25
        )
        for n in ("政治引领好", "队伍建设好")
    ]


def test_secretary_applies_admin_scores_and_grants(world, login, indicators):
    sec = login(world.secretary)
    response = sec.post(
        reverse("chambers:rating_apply", args=[world.chamber.pk]),
        {"scheme": RatingScheme.FOUR_GOOD, "level": "municipal", "applied_on": "2020-06-01", "note": "自评"},
    )
    assert response.status_code == 302
    rating = Rating.objects.unscoped().get(chamber=world.chamber)
    assert rating.status == RatingStatus.APPLIED and rating.applied_by == world.secretary
    assert (
        sec.post(
            reverse("chambers:rating_score", args=[rating.pk]), {f"score_{indicators[0].pk}": "20"}
        ).status_code
        == 403
    )

    admin = login(world.admin)
    admin.post(
        reverse("chambers:rating_score", args=[rating.pk]),
        {f"score_{indicators[0].pk}": "22.5", f"score_{indicators[1].pk}": "20"},
    )
    rating.refresh_from_db()
    assert rating.total_score == pytest.approx(42.5)
    too_much = admin.post(
        reverse("chambers:rating_score", args=[rating.pk]), {f"score_{indicators[0].pk}": "30"}, follow=True
    )
    assert "应在 0 到 25" in too_much.content.decode()
    rating.refresh_from_db()
    assert rating.total_score == pytest.approx(42.5)

    response = admin.post(
        reverse("chambers:rating_decide", args=[rating.pk]),
        {
            "decision": "grant",
            "granted_on": "2020-10-22",
            "valid_from": "2020-10-22",
            "valid_until": "2023-10-21",
            "note": "予以认定",
            "certificate": SimpleUploadedFile("证书.png", PNG),
        },
    )
    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.status == RatingStatus.GRANTED and rating.certificate
    assert (
        AuditEntry.unscoped_objects.filter(
            object_type="chambers.rating", action=AuditAction.TRANSITION
        ).count()
        == 1
    )
    link = reverse("attachments:download", args=[rating.certificate.pk])
    assert link in admin.get(reverse("chambers:rating_detail", args=[rating.pk])).content.decode()
    download = admin.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert rating.certificate.original_name == "证书.png" and rating.certificate.uploaded_by == world.admin
    assert selectors.four_good_granted(world.fed, date(2020, 1, 1), date(2020, 12, 31)) == 1
    assert selectors.four_good_granted(world.fed, date(2021, 1, 1), date(2021, 12, 31)) == 0


def test_validity_end_before_start_is_refused(world, indicators):
    rating = services.apply_rating(
        actor=world.admin,
        chamber=world.chamber,
        scheme=RatingScheme.CIVIL_AFFAIRS_GRADE,
        grade="3A",
        applied_on=date(2020, 6, 1),
    )
    before = AuditEntry.unscoped_objects.count()
    with pytest.raises(ServiceError, match="有效期截止日期不能早于开始日期"):
        services.decide_rating(
            actor=world.admin,
            rating=rating,
            approve=True,
            granted_on=date(2020, 12, 1),
            valid_from=date(2020, 12, 1),
            valid_until=date(2020, 1, 1),
        )
    rating.refresh_from_db()
    assert rating.status == RatingStatus.APPLIED and AuditEntry.unscoped_objects.count() == before


def test_rating_kind_rules(world):
    with pytest.raises(ServiceError, match="四好商会须选择级别"):
        services.apply_rating(
            actor=world.admin,
            chamber=world.chamber,
            scheme=RatingScheme.FOUR_GOOD,
            applied_on=date(2020, 6, 1),
        )
    with pytest.raises(ServiceError, match="1A 至 5A"):
        services.apply_rating(
            actor=world.admin,
            chamber=world.chamber,
            scheme=RatingScheme.CIVIL_AFFAIRS_GRADE,
            grade="6A",
            applied_on=date(2020, 6, 1),
        )
    services.apply_rating(
        actor=world.admin,
        chamber=world.chamber,
        scheme=RatingScheme.FOUR_GOOD,
        level="district",
        applied_on=date(2020, 6, 1),
    )
    with pytest.raises(ServiceError, match="请勿重复申报"):
        services.apply_rating(
            actor=world.admin,
            chamber=world.chamber,
            scheme=RatingScheme.FOUR_GOOD,
            level="municipal",
            applied_on=date(2020, 6, 2),
        )


def test_grade_and_level_selectors(world):
    def grant(chamber, scheme, on, **kw):
        actor = world.users_b["federation_admin"] if chamber == world.chamber_b else world.admin
        r = services.apply_rating(
            actor=actor, chamber=chamber, scheme=scheme, applied_on=date(2020, 1, 5), **kw
        )
        services.decide_rating(
            actor=actor, rating=r, approve=True, granted_on=on, valid_until=date(2025, 1, 1)
        )

    grant(world.chamber, RatingScheme.CIVIL_AFFAIRS_GRADE, date(2020, 12, 1), grade="3A")
    grant(world.chamber2, RatingScheme.CIVIL_AFFAIRS_GRADE, date(2020, 12, 1), grade="4A")
    grant(world.chamber2, RatingScheme.FOUR_GOOD, date(2020, 12, 1), level="district")
    grant(world.chamber_b, RatingScheme.CIVIL_AFFAIRS_GRADE, date(2020, 12, 1), grade="3A")  # other tenant
    period = (date(2020, 1, 1), date(2020, 12, 31))
    assert selectors.grade_granted(world.fed, *period) == 1
    assert selectors.grade_granted(world.fed, *period, grade="4A") == 1
    assert selectors.four_good_granted(world.fed, *period) == 0
    assert selectors.four_good_granted(world.fed, *period, levels=("district",)) == 1


def test_indicators_are_admin_only_and_validated(world, login):
    admin = login(world.admin)
    response = admin.post(
        reverse("chambers:indicator_list"),
        {"scheme": RatingScheme.FOUR_GOOD, "name": "服务发展好", "max_score": "0", "order": 1},
    )
    assert "满分应大于 0" in response.content.decode()
    response = admin.post(
        reverse("chambers:indicator_list"),
        {
            "scheme": RatingScheme.FOUR_GOOD,
            "name": "服务发展好",
            "max_score": "25",
            "order": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    indicator = RatingIndicator.objects.unscoped().get(name="服务发展好")
    assert indicator.federation == world.fed
    assert (
        AuditEntry.unscoped_objects.filter(
            object_type="chambers.ratingindicator", action=AuditAction.CREATE
        ).count()
        == 1
    )
    for user in (world.secretary, world.leader):
        c = login(user)
        assert c.get(reverse("chambers:indicator_list")).status_code == 403
        assert (
            c.post(reverse("chambers:indicator_edit", args=[indicator.pk]), {"name": "x"}).status_code == 403
        )
    other_admin = login(world.users_b["federation_admin"])
    assert other_admin.get(reverse("chambers:indicator_edit", args=[indicator.pk])).status_code == 404
