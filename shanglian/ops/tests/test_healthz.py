"""/healthz: database, cache and the worker's heartbeat, for a balancer (503 = take me out) and a monitor."""

import datetime
from unittest import mock

import pytest
from django.db import DatabaseError
from django.utils import timezone

from shanglian.ops.jobs import WORKER, worker_heartbeat
from shanglian.ops.models import Heartbeat

pytestmark = pytest.mark.django_db


def test_healthy_after_the_heartbeat_job_ran(client, django_assert_max_num_queries):
    worker_heartbeat.enqueue()  # the immediate backend runs the real job, as the worker would
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["cache"] == "ok"
    assert body["worker"]["status"] == "ok" and body["worker"]["age_seconds"] <= 60
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_no_heartbeat_yet_is_degraded_not_down(client):
    body = client.get("/healthz").json()
    assert body["status"] == "degraded" and body["worker"]["status"] == "never"


def test_a_stale_worker_is_degraded(client, settings):
    settings.HEALTHZ_WORKER_MAX_AGE = 60
    Heartbeat.objects.create(name=WORKER, at=timezone.now() - datetime.timedelta(minutes=5))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"]["status"] == "stale"
    assert response.json()["worker"]["age_seconds"] >= 300


def test_database_down_is_503(client):
    with mock.patch("shanglian.ops.views.Heartbeat.objects.filter", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "fail" and response.json()["status"] == "fail"


def test_cache_down_is_503(client, settings):
    # A real Redis client against a port nothing listens on.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["cache"] == "fail"


def test_post_is_refused(client):
    assert client.post("/healthz").status_code == 405


def test_the_heartbeat_is_a_scheduled_job():
    from shanglian.core.schedule import jobs

    assert any(job.task is worker_heartbeat and job.expression == "* * * * *" for job in jobs())
