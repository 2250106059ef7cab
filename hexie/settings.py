"""Hexie settings: every value comes from an environment variable with a safe default.

With no variable set Hexie runs on SQLite with in-process jobs (a developer's or a user's fresh
machine). Production sets at least HEXIE_SECRET_KEY, HEXIE_DATA_KEY, HEXIE_DEBUG=0,
HEXIE_ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL; `hexie check --deploy` then passes.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HEXIE_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("HEXIE_DEBUG", True)
SECRET_KEY = os.environ.get("HEXIE_SECRET_KEY", "hexie-development-only-secret-key-change-me-in-production-0123456789")
# Key for personal data at rest (ID and phone numbers): encryption and keyed look-up hashes are
# both derived from it. Changing it makes stored numbers unreadable, so production keeps it safe.
DATA_KEY = os.environ.get("HEXIE_DATA_KEY", "hexie-development-only-data-key")
ALLOWED_HOSTS = env_list("HEXIE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("HEXIE_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves the API docs' Swagger assets itself (no CDN, CSP-clean)
    "django_htmx",
    "axes",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "hexie.core",
    "hexie.surveys",
    "hexie.campaign",
    "hexie.contracts",
    "hexie.disputes",
    "hexie.wages",
    "hexie.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hexie.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hexie.urls"
WSGI_APPLICATION = "hexie.wsgi.application"
ASGI_APPLICATION = "hexie.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hexie" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hexie.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'hexie.sqlite3'}", conn_max_age=int(os.environ.get("HEXIE_DB_CONN_MAX_AGE", "0"))
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets pages read while a job writes; the timeout rides out a writer's short lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    # A file, not memory, so that a Celery worker started by a test sees the test database.
    # One file per test run (HEXIE_TEST_DB names it), so that parallel runs never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(VAR_DIR / f"test-{os.environ.get('HEXIE_TEST_DB', os.getpid())}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AXES_FAILURE_LIMIT = int(os.environ.get("HEXIE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("HEXIE_LOGIN_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "hexie" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "hexie" / "static"]  # the shell's own and vendored assets
STATIC_ROOT = Path(os.environ.get("HEXIE_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("HEXIE_MEDIA_ROOT", VAR_DIR / "media"))
# Contract signing: the platform CA, the built-in TSA and issued signer certificates (see
# hexie/contracts/pki.py for the file names); an external RFC 3161 TSA when HEXIE_TSA_URL is set.
SIGNING_DIR = Path(os.environ.get("HEXIE_SIGNING_DIR", VAR_DIR / "signing"))
TSA_URL = os.environ.get("HEXIE_TSA_URL", "")
TSA_TIMEOUT = float(os.environ.get("HEXIE_TSA_TIMEOUT", "10"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("HEXIE_S3_BUCKET"):
    # Object storage (S3 or MinIO) through django-storages, installed with the `prod` extra.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["HEXIE_S3_BUCKET"],
            "endpoint_url": os.environ.get("HEXIE_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("HEXIE_S3_REGION") or None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
if not DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}

# Uploads: attachments and imports above this size are refused before they are read.
UPLOAD_MAX_BYTES = int(os.environ.get("HEXIE_UPLOAD_MAX_MB", "20")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Jobs: Celery when a broker is configured, otherwise in-process ("thread" in a server, "sync"
# in tests and the CLI).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("HEXIE_JOB_VISIBILITY_TIMEOUT", "3600")),
}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("HEXIE_JOB_QUEUE", "hexie")
CELERY_TIMEZONE = "Asia/Shanghai"
# The daily jobs (rechecks falling due, surveys past their end…) at 02:00; without a broker run
# `hexie daily` from cron instead.
CELERY_BEAT_SCHEDULE = {
    "hexie-daily": {"task": "hexie.run_daily", "schedule": crontab(hour=2, minute=0)},
}
JOBS_MODE = os.environ.get("HEXIE_JOBS_MODE", "celery" if CELERY_BROKER_URL else "thread")

# Security headers; production tightens cookies and HTTPS through HEXIE_DEBUG=0.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("HEXIE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("HEXIE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HEXIE_LOG_LEVEL", "WARNING")},
}

# SMS and other pluggable senders are chosen by dotted path (console in development).
SMS_SENDER = os.environ.get("HEXIE_SMS_SENDER", "hexie.core.senders.ConsoleSmsSender")

# The public address of the site, printed on documents made outside a request (certificate QR
# codes drawn by a job): the public verification page is reached from it.
PUBLIC_BASE_URL = os.environ.get("HEXIE_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
