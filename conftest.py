import io

import pytest

from shanglian.site.world import build_world


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """Each worker's test database is a fresh copy of a migrated template (core/testing/templatedb.py)."""
    from shanglian.core.testing import templatedb

    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    created = templatedb.prepare(worker, create_db=request.config.getvalue("create_db"))
    yield
    for path in created:
        path.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def django_db_keepdb():
    """Keep (reuse) the copy django_db_modify_db_settings made: Django then only checks migrations."""
    return True


@pytest.fixture(scope="session")
def django_db_createdb():
    """`--create-db` rebuilds the template instead (once per run); the worker copies are always fresh."""
    return False


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached to-do lists are keyed by user id, which tests reuse, and
    a rolled-back test's writes send no signals, so figures it cached (metrics/caching.py) would outlive it."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session")
def _demo_database(request, django_db_setup):
    """This worker's copy of the demo database (templatedb.prepare_demo): loaded once per run."""
    from pathlib import Path

    from django.db import connection

    from shanglian.core.testing import templatedb

    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    name = templatedb.prepare_demo(worker, connection.settings_dict["NAME"])
    yield name
    if connection.vendor == "sqlite":
        Path(name).unlink(missing_ok=True)


@pytest.fixture
def demo_db(request, django_db_blocker):
    """The full demo (`load_demo`, as `make run` shows it), each test in a transaction rolled back on it.

    On SQLite the demo is loaded once per run into a database of its own (templatedb.prepare_demo) and the
    connection moves to this worker's copy for the test; on PostgreSQL it is loaded inside the test's own
    transaction, as before (the per-worker copy there is not yet reliable under xdist).
    A test using it must not carry the django_db mark: this fixture opens the transaction itself.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction

    assert not request.node.get_closest_marker("django_db"), "demo_db opens the transaction itself"
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        demo_database = request.getfixturevalue("_demo_database")
    else:
        request.getfixturevalue("django_db_setup")
        demo_database = connection.settings_dict["TEST"]["NAME"]  # this worker's test database
    original = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict["NAME"] = demo_database
        ContentType.objects.clear_cache()
        try:
            with transaction.atomic():
                if not sqlite:
                    call_command("load_demo", "--quiet-logins", stdout=io.StringIO())
                yield
                transaction.set_rollback(True)
        finally:
            connection.close()
            connection.settings_dict["NAME"] = original
            ContentType.objects.clear_cache()


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def login(client):
    """login(user) -> the test client, logged in as that user (force_login: axes is tested separately)."""

    def _login(user):
        client.force_login(user, backend="shanglian.accounts.backends.UserBackend")
        return client

    return _login


CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser); every browser test uses it."""
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls in tests are still sync.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory):
    """Where browser tests save screenshots: $SCREENSHOTS_DIR if set, else a temp dir — never the repository."""
    import os
    from pathlib import Path

    wanted = os.environ.get("SCREENSHOTS_DIR")
    if not wanted:
        return tmp_path_factory.mktemp("screenshots")
    path = Path(wanted)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 860})
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _working_day_calendar(request):
    """The holiday table is seeded by a migration; a transactional test's flush empties it for the tests
    after it on the same worker. Refill it (one query when full) so deadlines count the real calendar."""
    uses_db = {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db and request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db" if "transactional_db" not in request.fixturenames else "transactional_db")
    from shanglian.workdays import seeding
    from shanglian.workdays.models import DaySource, WorkingDay

    seeding.seed_model(WorkingDay, source=DaySource.CHINESECALENDAR)
