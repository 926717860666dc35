"""Settings for readinggroup, driven by environment variables with safe development defaults.

Every variable is listed in the README's "Configuration" section.
"""

import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from readinggroup.databases import database

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, *, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Production unless DJANGO_DEBUG says otherwise: `make run` and `make test` switch debug on for
# themselves. The test runner and the type checker import these settings without serving
# anything, so they read the development ones too (pytest or mypy run directly, pre-commit).
run_by_a_development_tool = not {"pytest", "mypy"}.isdisjoint(sys.modules)
DEBUG = env_bool("DJANGO_DEBUG", default=run_by_a_development_tool)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    # Development only: never used once debug is off (see above).
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First, so that its `runserver` (which names the served address) wins over staticfiles'.
    "readinggroup",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Django's own widget templates, for the project's form renderer (TemplatesSetting).
    "django.forms",
    "allauth",
    "allauth.account",
    "django_tasks_db",
    "texts",
    "groups",
    "annotations",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the user and messages are known, before anything reads a body (CSRF's check does).
    "readinggroup.middleware.RequestSizeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "readinggroup.middleware.ViewerTimezoneMiddleware",
]

ROOT_URLCONF = "readinggroup.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Every form field is drawn with the site's field template (readinggroup/form_rendering.py).
FORM_RENDERER = "readinggroup.form_rendering.FormRenderer"

WSGI_APPLICATION = "readinggroup.wsgi.application"
ASGI_APPLICATION = "readinggroup.asgi.application"

DATABASES = {"default": database(BASE_DIR)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Accounts (django-allauth): sign in with a user name or an email address.
AUTHENTICATION_BACKENDS = ["readinggroup.backends.MemberBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get(
    "ACCOUNT_EMAIL_VERIFICATION", "optional" if DEBUG else "mandatory"
)
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[readinggroup] "
ACCOUNT_ADAPTER = "readinggroup.accounts.AccountAdapter"
# Rate limits are on by default (allauth's own); they count in the cache below.

# The cache: Redis when REDIS_URL is set (needed with several workers, for rate limits).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Sessions read from the cache (Redis in production), written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Email: printed to the console in development; SMTP when EMAIL_HOST is set (Django 6.1's
# MAILERS; the EMAIL_* settings are deprecated, so the environment variables feed this instead).
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
        if os.environ.get("EMAIL_HOST")
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "readinggroup <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (emails): run at once in development; TASKS_BACKEND=database in production
# queues them in the database for `python manage.py db_worker` (django-tasks-db).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("TASKS_BACKEND") == "database"
            else "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# The site's address, for links in emails.
READINGGROUP_SITE_URL = os.environ.get("READINGGROUP_SITE_URL", "http://127.0.0.1:8000")

# How often an open document asks for others' new annotations, in seconds.
READINGGROUP_POLL_SECONDS = int(os.environ.get("READINGGROUP_POLL_SECONDS", "20"))

# Posting annotations and replies: at most this many per member per minute.
READINGGROUP_POSTS_PER_MINUTE = int(os.environ.get("READINGGROUP_POSTS_PER_MINUTE", "20"))

# Content Security Policy: no inline scripts or styles, nothing from other origins.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Production hardening: on whenever debug is off (checked by `manage.py check --deploy`); each
# can be changed for a deployment whose proxy already does it (README, "Configuration").
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Imports: the largest file or pasted text an admin may import, in bytes. The import page's
# request may be that plus room for its other fields; any other request at most 2.5 MB (Django's
# own default). Both are refused from Content-Length, unread (readinggroup/middleware.py).
READINGGROUP_MAX_IMPORT_BYTES = int(
    os.environ.get("READINGGROUP_MAX_IMPORT_BYTES", str(20 * 2**20))
)
READINGGROUP_IMPORT_FORM_BYTES = 64 * 2**10
READINGGROUP_MAX_REQUEST_BYTES = 2_621_440
# Django's own limit on form data read into memory must let a pasted text of the limit through.
DATA_UPLOAD_MAX_MEMORY_SIZE = READINGGROUP_MAX_IMPORT_BYTES + READINGGROUP_IMPORT_FORM_BYTES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler printed every line a second time through the root's.
        "django": {"handlers": [], "propagate": True},
        # A line per task state change; failures still show (they are logged as errors).
        "django.tasks": {"level": os.environ.get("DJANGO_TASKS_LOG_LEVEL", "WARNING")},
    },
}
