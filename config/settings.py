"""Settings read from the environment (12-factor). See README 配置 for every variable."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
# A development key only works while DEBUG is on; production must set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "dev-insecure-key-shanglian" if DEBUG else ""  # noqa: S105
)
if not SECRET_KEY:
    raise RuntimeError("生产环境必须设置 SECRET_KEY 环境变量")
# Django's own check (security.W009) only warns, and only under `check --deploy`: a short key signs
# sessions and derives the at-rest encryption key, so production refuses to start with one.
MIN_SECRET_KEY_LENGTH = 50
if not DEBUG and (len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH or len(set(SECRET_KEY)) < 5):
    raise RuntimeError(
        f"生产环境的 SECRET_KEY 太短或太简单（{len(SECRET_KEY)} 个字符）：至少需要 {MIN_SECRET_KEY_LENGTH} 个随机字符，"
        "可用 python -c 'import secrets; print(secrets.token_urlsafe(50))' 生成。"
    )

# Fernet key(s) for fields encrypted at rest (身份证号); comma separated, the first encrypts. Unset: derived
# from SECRET_KEY (see shanglian/core/crypto.py).
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "treebeard",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "shanglian.core",
    "shanglian.orgs",
    "shanglian.accounts",
    "shanglian.audit",
    "shanglian.attachments",
    "shanglian.registry",
    "shanglian.excel",
    "shanglian.chambers",
    "shanglian.governance",
    "shanglian.party",
    "shanglian.promotion",
    "shanglian.surveys",
    "shanglian.appeals",
    "shanglian.guidance",
    "shanglian.events",
    "shanglian.cooperation",
    "shanglian.notifications",
    "shanglian.workdays",
    "shanglian.workflow",
    "shanglian.metrics",
    "shanglian.reports",
    "shanglian.mechanisms",
    "shanglian.ops",
    # Last: the whole-site layer (demo loader, test world) above every app.
    "shanglian.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "shanglian.core.middleware.RejectNulMiddleware",
    "shanglian.core.middleware.IdleTimeoutMiddleware",
    "shanglian.core.middleware.RequestContextMiddleware",
    "shanglian.core.middleware.ApiTextGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Selects rendered in Python, not one template include per option (core/renderers.py).
FORM_RENDERER = "shanglian.core.renderers.FastSelectRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "shanglian" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shanglian.core.context_processors.shell",
                "shanglian.notifications.context_processors.bell",
            ],
            "builtins": ["shanglian.core.templatetags.shanglian"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,  # a persistent connection the database dropped is replaced, not a 500
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL + a busy timeout let the task worker and the web server share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # Pages want latency: a parallel worker costs more to start than a list page's query takes (measured:
    # search p50 22 → 12 ms at a million enterprises on 2 cores). PG_PARALLEL_WORKERS raises it again.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c max_parallel_workers_per_gather={int(os.environ.get('PG_PARALLEL_WORKERS', '0'))}"
    )

# A PostgreSQL streaming replica for read-heavy pages (cockpit, statistics, exports: shanglian/ops/routing.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["shanglian.ops.routing.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "shanglian.accounts.backends.UserBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: 5 failures lock the username+IP pair for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "shanglian.core.views.csrf_failure"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
_NODE = BASE_DIR / "node_modules"
# Only the built files of each npm package are published, never the whole node_modules tree.
STATICFILES_DIRS = [
    ("vendor/tabler", _NODE / "@tabler" / "core" / "dist"),
    ("vendor/tabler-icons", _NODE / "@tabler" / "icons-webfont" / "dist"),
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
    ("vendor/echarts", _NODE / "echarts" / "dist"),
    ("vendor/jsqr", _NODE / "jsqr" / "dist"),
    ("vendor/tom-select", _NODE / "tom-select" / "dist"),  # the type-ahead pickers (core/pickers.py)
    ("vendor/swagger-ui", _NODE / "swagger-ui-dist"),  # the API docs (config/api.py), no CDN
    BASE_DIR / "shanglian" / "static",
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The writer behind core.pages.export_page: formula-safe cells and the EXPORT audit row (excel app).
LIST_EXPORTER = "shanglian.excel.listexport.xlsx_download"
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_MB", "20")) * 1024 * 1024
# Headroom of address space a task worker may take on top of its size while it loads a workbook
# (RLIMIT_AS; core.process.memory_bounded).
IMPORT_READ_MEMORY_MB = int(os.environ.get("IMPORT_READ_MEMORY_MB", "2048"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "shanglian.core.staticstorage.TolerantManifestStorage"
    },
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Without Redis, a cache every process of this machine shares (web, task worker, scheduler): figures and
# to-do lists are invalidated by writes in any of them, which a per-process cache would never hear of.
# Figures (one entry per metric, period and scope, plus a token per table) outgrow the default 300 entries.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }

# E-mail (站内消息的邮件副本): printed to the console in development; SMTP from the environment in
# production. EMAIL_BACKEND overrides both (e.g. a file backend on a staging box).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not EMAIL_HOST
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "商联 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where links in e-mails point (the site as users reach it).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Unscoped queries of tenant data raise inside a request when this is on (see shanglian/core/scope.py).
SCOPE_STRICT = env_bool("SCOPE_STRICT", DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# /healthz: a worker whose last heartbeat is older than this (seconds) is reported "stale".
HEALTHZ_WORKER_MAX_AGE = int(os.environ.get("HEALTHZ_WORKER_MAX_AGE", "180"))
# The balancer probes /healthz over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # `make run` serves the product over plain http on 127.0.0.1 (SECURE_COOKIES=0); behind TLS they stay on.
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_REFERRER_POLICY = "same-origin"
    SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
LOGIN_URL_PATH = "/accounts/login/"
