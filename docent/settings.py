"""Docent's one settings module, driven by environment variables.

DEBUG defaults to on for a developer's machine; production sets DEBUG=0 together with a real
SECRET_KEY, DATABASE_URL, REDIS_URL and ALLOWED_HOSTS.
"""

import hashlib
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

# Used only with DEBUG on; production refuses to start with it (below).
_DEV_SECRET_KEY = "django-insecure-docent-development-key-not-for-production"  # nosec B105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG:
    # Production refuses to start on a missing, known or guessable key (Django's own deploy
    # check asks for at least 50 characters, 5 of them different).
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if (
        SECRET_KEY == _DEV_SECRET_KEY
        or SECRET_KEY.startswith("django-insecure")
        or len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY is the development key or too weak: use 50 or more random characters."
        )
elif not SECRET_KEY:
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# HTTPS in production: every cookie secure, HTTP redirected, HSTS. Behind a proxy that ends TLS,
# SECURE_PROXY_SSL_HEADER names the header it sets, e.g. "HTTP_X_FORWARDED_PROTO,https".
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer asks /healthz over plain HTTP: answer it rather than redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
_proxy_header = env_list("SECURE_PROXY_SSL_HEADER", "")
if _proxy_header:
    if len(_proxy_header) != 2:
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER is HEADER,VALUE.")
    SECURE_PROXY_SSL_HEADER = (_proxy_header[0], _proxy_header[1])
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): no inline script or style anywhere, nothing from
# another origin. Templates put JavaScript in static/js and styles in static/css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "accounts",
    "courses",
    "quizzes",
    "practice",
    "jobs",
    "docent",
    "infrastructure",
    "progress",
    "reports",
]

MIDDLEWARE = [
    "infrastructure.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "docent.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "docent.wsgi.application"

# Database: SQLite file in the project unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "infrastructure.db.sqlite3"
    # Kept open between requests (conn_max_age above), as for PostgreSQL: opening a SQLite
    # file, running the PRAGMAs below and closing it again (the last to close checkpoints the
    # WAL) on every request would cost more than most requests' own work.
    # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock when a
    # transaction starts, so two writers queue instead of failing halfway with "locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }


def _release() -> str:
    """This release: ``DOCENT_RELEASE`` (a deploy may name it, say by its git commit), else a
    digest of the code, templates and static files. Every cache key carries it, so a deploy
    never reads the previous release's fragments or pickled objects."""
    named = os.environ.get("DOCENT_RELEASE", "")
    if named:
        return named
    digest = hashlib.sha256()
    for folder in sorted(BASE_DIR.iterdir()):
        if folder.name.startswith(".") or folder.name in {"var", "staticfiles", "tests", "bench"}:
            continue
        files = [folder] if folder.is_file() else sorted(folder.rglob("*"))
        for path in files:
            if path.suffix in {".py", ".html", ".js", ".css", ".txt"} and path.is_file():
                digest.update(str(path.relative_to(BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


RELEASE = _release()

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    # Short timeouts: a Redis that is down is a miss (infrastructure.cache.RedisCache), not a wait.
    _redis = {
        "BACKEND": "infrastructure.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": RELEASE,
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }
    CACHES = {
        "default": _redis,
        # Copies kept under a key that names their version (infrastructure.cache.versioned_cache).
        "versioned": {**_redis, "TIMEOUT": 600},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # The process's own memory.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": RELEASE,
        },
        "versioned": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "versioned",
            "KEY_PREFIX": RELEASE,
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
    # In the database, not the cache: a process's own memory is not shared with the others.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background tasks (django-tasks): a database queue served by `manage.py db_worker` in
# production; run at once, inside the request, in development and tests (TASKS_BACKEND).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate" if DEBUG else "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default"],
    }
}

AUTH_USER_MODEL = "accounts.User"
# The demo accounts' password (manage.py setup_demo) logs in only on a development server:
# with DEBUG off it is refused, whoever's account it is (accounts/demo.py).
DOCENT_DEMO_LOGINS = DEBUG
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "progress:dashboard"
LOGOUT_REDIRECT_URL = "courses:catalogue"

# django-axes checks every login (the site's and the admin's) before the password is tested.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LoginAttemptsBackend",
    # ModelBackend with each user's permissions in one query. Sessions that named
    # django.contrib.auth.backends.ModelBackend (before this backend) sign in again.
    "accounts.backends.AccountBackend",
]
# Brute-force protection: after AXES_FAILURE_LIMIT failed logins for one username from one IP
# address, that pair is locked out for AXES_COOLOFF_TIME (counted from the last failure); for
# a request without an address (a Unix socket), the username alone (accounts/lockout.py).
# Failures are kept in the database, so every worker sees them.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = "accounts.lockout.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# Behind reverse proxies, how many (each appending to X-Forwarded-For), so that the client's
# address, not the proxy's, is counted (accounts.lockout.client_address).
# AXES_IPWARE_PROXY_COUNT is its earlier name.
DOCENT_PROXY_COUNT = int(
    os.environ.get("DOCENT_PROXY_COUNT", os.environ.get("AXES_IPWARE_PROXY_COUNT", "0")) or 0
)
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"

# E-mail (password reset): printed to the console in development; SMTP from the environment
# when DEBUG is off.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Docent <docent@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploaded documents live outside the static root and no URL serves them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "uploads"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Documents larger than this are refused before they are parsed.
DOCENT_IMPORT_MAX_BYTES = int(os.environ.get("DOCENT_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
# What a document may hold, whatever its size (courses.importers.limits): each bounds a
# parser's time or memory; bench/import_limits.py measures the worst accepted document.
DOCENT_IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("DOCENT_IMPORT_MAX_UNPACKED_BYTES", 64 * 1024 * 1024)
)
DOCENT_IMPORT_MAX_PART_BYTES = int(os.environ.get("DOCENT_IMPORT_MAX_PART_BYTES", 16 * 1024 * 1024))
DOCENT_IMPORT_MAX_PDF_PAGES = int(os.environ.get("DOCENT_IMPORT_MAX_PDF_PAGES", 500))
DOCENT_IMPORT_MAX_LINES = int(os.environ.get("DOCENT_IMPORT_MAX_LINES", 200_000))
DOCENT_IMPORT_MAX_LINE_CHARS = int(os.environ.get("DOCENT_IMPORT_MAX_LINE_CHARS", 100_000))
DOCENT_IMPORT_MAX_MARKUP_CHARS = int(os.environ.get("DOCENT_IMPORT_MAX_MARKUP_CHARS", 1_000_000))
DOCENT_IMPORT_MAX_SECTIONS = int(os.environ.get("DOCENT_IMPORT_MAX_SECTIONS", 10_000))
DOCENT_IMPORT_MAX_LESSON_CHARS = int(os.environ.get("DOCENT_IMPORT_MAX_LESSON_CHARS", 1_000_000))


# One JSON line per event (infrastructure.logs): a line per request (docent.request), per
# background task (docent.tasks), and errors with their traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "infrastructure.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # docent.request has the line per request; django.server would repeat it in runserver.
        "django.server": {"level": "WARNING"},
    },
}
