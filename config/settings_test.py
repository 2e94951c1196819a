"""Test settings: the real stack, with a fast hasher. DATABASE_URL picks SQLite or PostgreSQL."""

import os

os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SCOPE_STRICT = True
# django-tasks' immediate backend runs each task in the caller, so tests see the real task code run.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
AXES_ENABLED = True
# Each test worker its own cache (tests empty it before each test; a shared one would empty the others').
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {}  # noqa: F405
