"""`make bench-web`: production settings (DEBUG=0) served over plain HTTP on 127.0.0.1, plus the bare page."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.web.urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

try:  # the manifest storage that survives Tabler's dead references (absent from code before issue 13)
    import shanglian.core.staticstorage  # noqa: F401
except ImportError:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
