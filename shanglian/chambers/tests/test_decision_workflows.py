"""状态变更申请 and 评级申报 on the workflow kit: own audit row per decision, notification, refusals."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.chambers import services
from shanglian.chambers.models import (
    ChamberState,
    ChamberTransition,
    Rating,
    RatingScheme,
    RatingStatus,
    RequestStatus,
)
from shanglian.chambers.workflows import REQUEST_WORKING_DAYS
from shanglian.core.access import SYSTEM, AccessDenied
from shanglian.core.errors import ServiceError
from shanglian.notifications.models import Notification
from shanglian.workdays.services import add_working_days
from shanglian.workflow.services import send_due_reminders

pytestmark = pytest.mark.django_db


def _rows(obj):
    return AuditEntry.unscoped_objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), action=AuditAction.TRANSITION
    )


@pytest.fixture
def req(history):
    return services.request_transition(
        actor=history.secretary,
        chamber=history.chamber,
        to_state=ChamberState.RECTIFYING,
        reason="监事会未履职",
        effective_on=date(2020, 5, 1),
    )


@pytest.fixture
def rating(world):
    return services.apply_rating(
        actor=world.secretary,
        chamber=world.chamber,
        scheme=RatingScheme.FOUR_GOOD,
        level="district",
        applied_on=date(2020, 6, 1),
    )


# ---------------------------------------------------------------- 状态变更申请


def test_request_stores_its_due_date(req):
    assert req.due_on == add_working_days(timezone.localdate(), REQUEST_WORKING_DAYS)


def test_approval_writes_the_requests_own_audit_row_and_tells_the_secretary(history, req):
    step = services.approve_request(actor=history.admin, req=req, note="同意")
    assert isinstance(step, ChamberTransition) and step.to_state == ChamberState.RECTIFYING
    req.refresh_from_db()
    assert req.status == RequestStatus.APPROVED and req.transition == step
    assert req.decided_by == history.admin and req.decided_at is not None and req.decision_note == "同意"
    (row,) = _rows(req)
    assert row.changes == {"status": ["pending", "approved"]} and row.message == "批准：同意"
    assert row.actor == history.admin and row.organization == history.chamber
    # The lifecycle step keeps its own row on the chamber.
    assert _rows(history.chamber).filter(changes__state=["normal", "rectifying"]).count() == 1
    (note,) = Notification.objects.all()
    assert note.recipient == history.secretary and note.title == "城阳街道商会 申请整顿中：批准"
    assert note.link == reverse("chambers:chamber_detail", args=[history.chamber.pk])


def test_rejection_needs_a_note_and_tells_the_secretary(history, req):
    with pytest.raises(ServiceError, match="驳回时请填写审批意见"):
        services.reject_request(actor=history.admin, req=req, note="  ")
    assert not _rows(req).exists() and not Notification.objects.exists()
    services.reject_request(actor=history.admin, req=req, note="材料不全")
    assert _rows(req).get().message == "驳回：材料不全"
    assert Notification.objects.get().recipient == history.secretary


@pytest.mark.parametrize("who", ["secretary", "leader", "other_admin"])
def test_only_the_federations_admin_decides_a_request(history, req, who):
    actor = history.users_b["federation_admin"] if who == "other_admin" else getattr(history, who)
    with pytest.raises(AccessDenied):
        services.approve_request(actor=actor, req=req)
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING and req.transition is None
    assert services.current_state(history.chamber) == ChamberState.NORMAL
    assert not _rows(req).exists() and not Notification.objects.exists()


def test_approval_refused_by_the_lifecycle_writes_nothing(history, req):
    services.transition_chamber(
        actor=history.admin,
        chamber=history.chamber,
        to_state=ChamberState.DISSOLVED,
        reason="清理",
        effective_on=date(2020, 6, 1),
    )
    with pytest.raises(ServiceError, match="不允许的状态变更"):
        services.approve_request(actor=history.admin, req=req)
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING and req.decided_at is None and not _rows(req).exists()


def test_overdue_request_reminds_the_federation_admin(history, req):
    req.due_on = timezone.localdate() - timedelta(days=1)
    req.save(update_fields=["due_on"])
    assert send_due_reminders(actor=SYSTEM) == 1
    assert Notification.objects.get().recipient == history.admin
    assert send_due_reminders(actor=SYSTEM) == 0


# ---------------------------------------------------------------- 评级申报


def test_granting_a_rating_records_decision_time_audit_row_and_notification(world, rating):
    services.decide_rating(
        actor=world.admin,
        rating=rating,
        approve=True,
        note="予以认定",
        granted_on=date(2020, 10, 22),
        valid_until=date(2023, 10, 21),
    )
    rating.refresh_from_db()
    assert rating.status == RatingStatus.GRANTED and rating.valid_from == date(2020, 10, 22)
    assert rating.decided_by == world.admin and rating.decided_at is not None
    (row,) = _rows(rating)
    assert row.changes == {"status": ["applied", "granted"]} and row.message == "认定：予以认定"
    (note,) = Notification.objects.all()
    assert note.recipient == world.secretary and note.title == "城阳街道商会 申报区级四好商会：认定"
    assert note.link == reverse("chambers:rating_detail", args=[rating.pk])


def test_rating_refusals_write_nothing(world, rating):
    with pytest.raises(ServiceError, match="不予认定时请填写审批意见"):
        services.decide_rating(actor=world.admin, rating=rating, approve=False)
    with pytest.raises(ServiceError, match="请填写认定日期"):
        services.decide_rating(actor=world.admin, rating=rating, approve=True)
    with pytest.raises(AccessDenied):
        services.decide_rating(actor=world.secretary, rating=rating, approve=False, note="x")
    rating.refresh_from_db()
    assert rating.status == RatingStatus.APPLIED and rating.decided_at is None
    assert not _rows(rating).exists() and not Notification.objects.exists()
    services.decide_rating(actor=world.admin, rating=rating, approve=False, note="材料不足")
    with pytest.raises(ServiceError, match="该评级已审批"):
        services.decide_rating(actor=world.admin, rating=rating, approve=False, note="再驳回")
    assert Rating.unscoped_objects.get(pk=rating.pk).decision_note == "材料不足"


def test_secretary_deciding_on_the_page_is_403(world, login, rating):
    response = login(world.secretary).post(
        reverse("chambers:rating_decide", args=[rating.pk]), {"decision": "reject", "note": "x"}
    )
    assert response.status_code == 403
    assert Rating.unscoped_objects.get(pk=rating.pk).status == RatingStatus.APPLIED


def test_bad_certificate_is_refused_before_the_decision_is_written(world, rating):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shanglian.attachments.models import Attachment

    exe = SimpleUploadedFile("证书.png", b"MZ\x90\x00" + b"\x00" * 60)
    with pytest.raises(ServiceError):
        services.decide_rating(
            actor=world.admin,
            rating=rating,
            approve=True,
            granted_on=date(2020, 10, 22),
            valid_until=date(2023, 10, 21),
            certificate=exe,
        )
    rating.refresh_from_db()
    assert rating.status == RatingStatus.APPLIED and rating.decided_at is None
    assert (
        not _rows(rating).exists() and not Notification.objects.exists() and not Attachment.objects.exists()
    )
    png = SimpleUploadedFile("证书.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    services.decide_rating(
        actor=world.admin,
        rating=rating,
        approve=True,
        granted_on=date(2020, 10, 22),
        valid_until=date(2023, 10, 21),
        certificate=png,
    )
    assert Rating.unscoped_objects.get(pk=rating.pk).status == RatingStatus.GRANTED
    assert Attachment.objects.count() == 1
