"""Settings shared by every environment. Everything that differs between a town's single machine
and a prefecture's cluster is read from the environment, so the same code runs on both."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("KENCHO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """Use DJANGO_SECRET_KEY when given; otherwise keep a generated key under var/ so that sessions
    survive restarts on a single machine without anyone having to invent a key."""
    if key := os.environ.get("DJANGO_SECRET_KEY"):
        return key
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
KENCHO_BASE_URL = os.environ.get("KENCHO_BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # serves the API docs page from local static files, not a CDN
    "kencho.core",
    "kencho.forms",
    "kencho.procedures",
    "kencho.opendata",
    "kencho.assist.faq",
    "kencho.assist.proofread",
    "kencho.assist.minutes",
    "kencho.notices",
    "kencho.payments",
    "kencho.approvals",
    "kencho.subsidies",
    "kencho.inquiries",
    "kencho.ocr",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kencho.assist.faq.cors.PublicSearchCors",  # the FAQ widget's search, readable from any site
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kencho.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kencho.urls"
WSGI_APPLICATION = "kencho.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kencho" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kencho.core.context_processors.site",
            ],
        },
    }
]

# --- Database: SQLite file by default, PostgreSQL (or anything dj-database-url knows) via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kencho.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers continue while one request writes; IMMEDIATE takes the write lock at BEGIN so
    # two concurrent submissions queue instead of failing with "database is locked"; FULL syncs the
    # WAL at every commit, so an acknowledged submission survives a power cut.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when configured (shared by all app processes), otherwise local memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks: Celery with a broker when configured; otherwise tasks run in-process after commit.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Tokyo"
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
# Periodic work, for `celery -A kencho beat` (one beat process per installation). Without a broker,
# run the same commands from cron instead (docs/operations.md).
CELERY_BEAT_SCHEDULE = {
    "inquiries-reminders": {  # automatic reminders before survey deadlines, once each morning
        "task": "kencho.inquiries.tasks.reminders_send_due_task",
        "schedule": crontab(hour=8, minute=0),
    },
}
# Rendering a submission PDF costs ~0.2 s of CPU. With workers it is queued at submission; on a single
# machine without them it would sit inside the resident's request, so there it is made (and stored)
# the first time someone opens it instead.
KENCHO_RENDER_PDF_ON_SUBMIT = env_bool("KENCHO_RENDER_PDF_ON_SUBMIT", not CELERY_TASK_ALWAYS_EAGER)

# --- Files: local disk by default, S3-compatible object storage when KENCHO_S3_BUCKET is set.
MEDIA_ROOT = Path(os.environ.get("KENCHO_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("KENCHO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [
    BASE_DIR / "kencho" / "static",
    ("vendor/design-tokens", BASE_DIR / "node_modules" / "@digital-go-jp" / "design-tokens" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if bucket := os.environ.get("KENCHO_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("KENCHO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("KENCHO_S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# --- People
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
KENCHO_LOGIN_PROVIDERS = env_list("KENCHO_LOGIN_PROVIDERS", "password")
KENCHO_LOCKOUT_THRESHOLD = int(os.environ.get("KENCHO_LOCKOUT_THRESHOLD", "5"))
KENCHO_LOCKOUT_MINUTES = int(os.environ.get("KENCHO_LOCKOUT_MINUTES", "15"))
KENCHO_LOCKOUT_IP_THRESHOLD = int(os.environ.get("KENCHO_LOCKOUT_IP_THRESHOLD", "30"))
# Staff must pass a TOTP step; a town whose staff log in through an external SSO may turn it off.
KENCHO_STAFF_REQUIRE_TOTP = env_bool("KENCHO_STAFF_REQUIRE_TOTP", True)
# OpenID Connect providers (gBizID-style), e.g. {"gbizid": {"issuer": ..., "client_id": ...}}, as JSON.
KENCHO_OIDC_PROVIDERS = json.loads(os.environ.get("KENCHO_OIDC_PROVIDERS", "{}"))
OTP_TOTP_ISSUER = "Kencho"

# --- Open data catalogue
# Largest resource file accepted; the proxy in front (client_max_body_size) must allow at least this.
KENCHO_OPENDATA_MAX_UPLOAD_MB = int(os.environ.get("KENCHO_OPENDATA_MAX_UPLOAD_MB", "500"))
# Background map of the previews. Empty for no background (an intranet without internet access).
KENCHO_MAP_TILE_URL = os.environ.get(
    "KENCHO_MAP_TILE_URL", "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"
)
KENCHO_MAP_TILE_ATTRIBUTION = os.environ.get(
    "KENCHO_MAP_TILE_ATTRIBUTION",
    '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>',
)
KENCHO_CATALOG_TITLE_JA = os.environ.get("KENCHO_CATALOG_TITLE_JA", "オープンデータカタログ")
KENCHO_CATALOG_TITLE_EN = os.environ.get("KENCHO_CATALOG_TITLE_EN", "Open Data Catalogue")
KENCHO_CATALOG_PUBLISHER = os.environ.get("KENCHO_CATALOG_PUBLISHER", "Kencho")

# --- Notices (通知書) and 文書番号
# How batches run: "celery" (workers), "thread" (in the app process; the default without a broker, so
# that a 300-notice batch does not hold the request) or "inline" (in the caller, for tests).
KENCHO_NOTICES_BATCH_RUNNER = os.environ.get(
    "KENCHO_NOTICES_BATCH_RUNNER", "celery" if CELERY_BROKER_URL else "thread"
)
# Notices made per LibreOffice run and per transaction; LibreOffice's path and time limit per run.
KENCHO_NOTICES_CHUNK_SIZE = int(os.environ.get("KENCHO_NOTICES_CHUNK_SIZE", "25"))
KENCHO_NOTICES_SOFFICE = os.environ.get("KENCHO_NOTICES_SOFFICE", "soffice")
KENCHO_NOTICES_PDF_TIMEOUT = int(os.environ.get("KENCHO_NOTICES_PDF_TIMEOUT", "120"))
# A running batch with no progress for this long is shown as stopped, with a button to resume it.
KENCHO_NOTICES_STALL_SECONDS = int(os.environ.get("KENCHO_NOTICES_STALL_SECONDS", "300"))

# --- Payments (手数料): providers offered, in this order, and their credentials. See docs/payments.md.
KENCHO_PAYMENT_PROVIDERS = env_list("KENCHO_PAYMENT_PROVIDERS", "demo")
# How old (or how far ahead) a webhook signature may be before it is refused as a replay, in seconds.
KENCHO_PAYMENTS_WEBHOOK_TOLERANCE = int(os.environ.get("KENCHO_PAYMENTS_WEBHOOK_TOLERANCE", "300"))
KENCHO_PAYMENTS_HTTP_TIMEOUT = float(os.environ.get("KENCHO_PAYMENTS_HTTP_TIMEOUT", "10"))
KENCHO_PAYMENTS_ISSUER = os.environ.get("KENCHO_PAYMENTS_ISSUER", "")  # the 領収書's issuer, e.g. 三重県知事
# The demo gateway, e.g.
# {"delay_seconds": 3, "duplicates": 0, "out_of_order": false, "hold": false, "webhook_url": ""}
KENCHO_PAYMENTS_DEMO = json.loads(os.environ.get("KENCHO_PAYMENTS_DEMO", "{}"))
KENCHO_STRIPE_SECRET_KEY = os.environ.get("KENCHO_STRIPE_SECRET_KEY", "")
KENCHO_STRIPE_WEBHOOK_SECRETS = env_list("KENCHO_STRIPE_WEBHOOK_SECRETS")
KENCHO_STRIPE_API_BASE = os.environ.get("KENCHO_STRIPE_API_BASE", "https://api.stripe.com")
KENCHO_STRIPE_API_VERSION = os.environ.get("KENCHO_STRIPE_API_VERSION", "")
KENCHO_PAYJP_SECRET_KEY = os.environ.get("KENCHO_PAYJP_SECRET_KEY", "")
KENCHO_PAYJP_WEBHOOK_TOKENS = env_list("KENCHO_PAYJP_WEBHOOK_TOKENS")
KENCHO_PAYJP_API_BASE = os.environ.get("KENCHO_PAYJP_API_BASE", "https://api.pay.jp")
KENCHO_PAYEASY_BILLER_NUMBER = os.environ.get("KENCHO_PAYEASY_BILLER_NUMBER", "")
KENCHO_PAYEASY_DEADLINE_DAYS = int(os.environ.get("KENCHO_PAYEASY_DEADLINE_DAYS", "14"))
KENCHO_PAYEASY_WEBHOOK_SECRETS = env_list("KENCHO_PAYEASY_WEBHOOK_SECRETS")

# --- Security defaults
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

# --- Language and time
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "kencho" / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "kencho_language"

# --- E-mail: console in development; SMTP by the standard Django settings in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@kencho.example.jp")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KENCHO_LOG_LEVEL", "INFO")},
}
