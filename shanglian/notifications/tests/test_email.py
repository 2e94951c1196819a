"""E-mail as well, by the user's choice: set on 消息设置, sent after commit, a failed send loses nothing."""

import socket

import pytest
from django.db import transaction
from django.test import override_settings

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.access import SYSTEM
from shanglian.notifications.mail import send_notification_emails
from shanglian.notifications.models import Notification, NotificationPreference
from shanglian.notifications.services import notify, set_preferences

pytestmark = pytest.mark.django_db
URL = "/notifications/settings/"


def _choose_email(user, address="sec@example.cn"):
    set_preferences(actor=user, email_enabled=True, email=address)


def test_user_turns_email_on_in_settings(world, login):
    client = login(world.secretary)
    page = client.get(URL)
    assert page.status_code == 200 and "站内消息同时发送邮件" in page.content.decode()
    response = client.post(URL, {"email_enabled": "on", "email": " sec@example.cn "}, follow=True)
    assert "消息设置已保存" in response.content.decode()
    world.secretary.refresh_from_db()
    assert world.secretary.email == "sec@example.cn"
    assert NotificationPreference.objects.get(user=world.secretary).email_enabled
    entries = AuditEntry.unscoped_objects.filter(actor=world.secretary)
    assert entries.filter(action=AuditAction.UPDATE, object_type="accounts.user").get().changes == {
        "email": ["", "sec@example.cn"]
    }
    assert entries.filter(
        action=AuditAction.CREATE, object_type="notifications.notificationpreference"
    ).exists()
    # The page shows the saved choice; turning it off is one more audited change.
    assert "checked" in client.get(URL).content.decode()
    client.post(URL, {"email": "sec@example.cn"})
    assert not NotificationPreference.objects.get(user=world.secretary).email_enabled
    assert entries.filter(object_type="notifications.notificationpreference").count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email_enabled": "on", "email": ""}, "开启邮件通知前请先填写邮箱地址"),
        ({"email_enabled": "on", "email": "not-an-address"}, "邮箱地址格式不正确"),
    ],
)
def test_bad_settings_are_refused_and_nothing_written(world, login, data, message):
    client = login(world.secretary)
    before = AuditEntry.unscoped_objects.count()
    response = client.post(URL, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not NotificationPreference.objects.exists()
    world.secretary.refresh_from_db()
    assert world.secretary.email == "" and AuditEntry.unscoped_objects.count() == before


def test_settings_service_refuses_the_same(world):
    from shanglian.core.errors import ServiceError

    with pytest.raises(ServiceError, match="请先填写邮箱"):
        set_preferences(actor=world.secretary, email_enabled=True, email="  ")
    with pytest.raises(ServiceError, match="格式不正确"):
        set_preferences(actor=world.secretary, email_enabled=False, email="a@")
    assert not NotificationPreference.objects.exists()


def test_anonymous_settings_go_to_login(world, client):
    for response in (client.get(URL), client.post(URL, {"email_enabled": "on", "email": "x@example.cn"})):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not NotificationPreference.objects.exists()


@override_settings(SITE_URL="https://shanglian.example.cn")
def test_email_on_sends_a_copy_after_commit(world, mailoutbox, django_capture_on_commit_callbacks):
    _choose_email(world.secretary)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(
            recipients=[world.secretary, world.admin],  # the admin did not choose e-mail
            title="会员年检即将到期",
            body="请在 5 个工作日内完成",
            link="/registry/",
            key="due:1",
            actor=SYSTEM,
        )
        assert mailoutbox == []  # nothing goes out before the transaction commits
    # The metrics cache also refreshes its tokens on commit (metrics/caching.py): count the mailer's only.
    assert len([c for c in callbacks if c.__module__.startswith("shanglian.notifications")]) == 1
    (mail,) = mailoutbox
    n = Notification.objects.get(recipient=world.secretary)
    assert mail.to == ["sec@example.cn"] and mail.subject == "【商联】会员年检即将到期"
    assert "请在 5 个工作日内完成" in mail.body
    assert f"https://shanglian.example.cn/notifications/{n.pk}/" in mail.body
    assert "https://shanglian.example.cn/notifications/settings/" in mail.body
    assert n.emailed_at is not None
    assert Notification.objects.get(recipient=world.admin).emailed_at is None


def test_email_off_sends_nothing(world, mailoutbox, django_capture_on_commit_callbacks):
    set_preferences(actor=world.secretary, email_enabled=False, email="sec@example.cn")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipients=[world.secretary], title="t", key="k", actor=SYSTEM)
    assert callbacks == [] and mailoutbox == []


def test_rolled_back_notification_sends_nothing(world, mailoutbox, django_capture_on_commit_callbacks):
    _choose_email(world.secretary)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(recipients=[world.secretary], title="t", key="k", actor=SYSTEM)
        raise RuntimeError("the caller's transaction fails")
    assert mailoutbox == [] and not Notification.objects.exists()


def test_idempotent_the_job_twice_mails_once(world, mailoutbox, django_capture_on_commit_callbacks):
    _choose_email(world.secretary)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[world.secretary], title="逾期提醒", key="overdue:7", actor=SYSTEM)
    assert len(mailoutbox) == 1
    # Re-running the send task itself sends nothing more either.
    assert send_notification_emails.call(key="overdue:7", recipient_ids=[world.secretary.pk]) == 0
    assert len(mailoutbox) == 1


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_failed_send_keeps_the_notification(world, mailoutbox, django_capture_on_commit_callbacks):
    _choose_email(world.secretary)
    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": _closed_port(),
        "EMAIL_TIMEOUT": 2,
    }
    with override_settings(**smtp), django_capture_on_commit_callbacks(execute=True):
        assert notify(recipients=[world.secretary], title="逾期提醒", key="overdue:8", actor=SYSTEM) == 1
    n = Notification.objects.get(recipient=world.secretary)
    assert n.emailed_at is None and not n.is_read  # still in the bell
    # The mail server is back: the same task sends what did not go out, once.
    assert send_notification_emails.call(key="overdue:8", recipient_ids=[world.secretary.pk]) == 1
    assert len(mailoutbox) == 1
    n.refresh_from_db()
    assert n.emailed_at is not None


def test_an_inactive_user_or_one_without_address_gets_no_mail(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _choose_email(world.secretary)
    _choose_email(world.leader, "leader@example.cn")
    world.leader.is_active = False
    world.leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[world.secretary, world.leader], title="t", key="k", actor=SYSTEM)
    assert [m.to for m in mailoutbox] == [["sec@example.cn"]]


@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_the_worker_sends(world, mailoutbox):
    """The production path: the request only queues the send; `db_worker` (run by `make run`) mails."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    _choose_email(world.secretary)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        notify(recipients=[world.secretary], title="逾期提醒", key="overdue:9", actor=SYSTEM)
        assert mailoutbox == [] and DBTaskResult.objects.count() == 1
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [m.subject for m in mailoutbox] == ["【商联】逾期提醒"]
    assert Notification.objects.get(recipient=world.secretary).emailed_at is not None
