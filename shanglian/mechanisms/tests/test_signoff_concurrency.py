"""Signers signing at the same moment, on PostgreSQL with real concurrent connections (one per thread)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.mechanisms import services
from shanglian.mechanisms.models import RoundStatus, Signature, SignOffRule
from shanglian.registry.models import Person

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
SIGNERS = 8


def chairs(world):
    made = []
    for i in range(SIGNERS):
        vc = services.appoint_vice_chair(
            actor=world.admin,
            federation=world.fed,
            person=Person.unscoped_objects.create(federation=world.fed, name=f"副主席{i}"),
        )
        services.open_vice_chair_login(
            actor=world.admin, vice_chair=vc, username=f"cc{i}", password="Shanglian@2026x"
        )
        vc.refresh_from_db()
        made.append(vc)
    return made


def sign_all_at_once(rnd, vice_chairs):
    barrier = threading.Barrier(len(vice_chairs))
    results: dict[int, str] = {}

    def run(vc):
        try:
            barrier.wait()
            services.sign(actor=vc.user, round=rnd, decision="agree")
            results[vc.pk] = "ok"
        except ServiceError as exc:
            results[vc.pk] = str(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(vc,)) for vc in vice_chairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def outcome_rows(rnd):
    return AuditEntry.unscoped_objects.filter(
        action=AuditAction.TRANSITION, object_type="mechanisms.signoffround", object_id=str(rnd.pk)
    ).count()


def test_every_concurrent_signature_counts_once_and_the_outcome_is_computed_once(world):
    vice_chairs = chairs(world)
    rnd = services.open_round(
        actor=world.admin,
        federation=world.fed,
        title="并发签字",
        matter="同时签署",
        signers=vice_chairs,
        rule=SignOffRule.UNANIMOUS,
        deadline=timezone.now() + timedelta(days=1),
    )
    results = sign_all_at_once(rnd, vice_chairs)
    assert list(results.values()) == ["ok"] * SIGNERS
    sigs = list(Signature.objects.unscoped().filter(round=rnd).order_by("seq"))
    assert [s.seq for s in sigs] == list(range(1, SIGNERS + 1))
    assert len({s.signer_id for s in sigs}) == SIGNERS
    assert not services.verify_chain([rnd])
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.APPROVED
    assert outcome_rows(rnd) == 1


def test_a_race_past_the_deciding_signature_is_refused_and_decides_once(world):
    vice_chairs = chairs(world)
    rnd = services.open_round(
        actor=world.admin,
        federation=world.fed,
        title="并发签字（3人同意即通过）",
        matter="同时签署",
        signers=vice_chairs,
        rule=SignOffRule.M_OF_N,
        required=3,
        deadline=timezone.now() + timedelta(days=1),
    )
    results = sign_all_at_once(rnd, vice_chairs)
    assert sorted(results.values()).count("ok") == 3
    assert all("签字已结束" in v for v in results.values() if v != "ok")
    assert Signature.objects.unscoped().filter(round=rnd).count() == 3
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.APPROVED and outcome_rows(rnd) == 1
