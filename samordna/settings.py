"""Samordna's one settings module, configured from the environment.

Defaults are the safe production ones; `DEBUG=1` (set by `make run`) relaxes what a developer
on http://127.0.0.1 needs relaxed. SQLite under `var/` is the embedded default database and
`DATABASE_URL` selects PostgreSQL.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("SAMORDNA_VAR_DIR", BASE_DIR.parent / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# The test suite runs with production settings except for the secret key and the HTTPS redirect.
TESTING = "pytest" in sys.modules
# Demo data (with its printed passwords) may only be loaded where this is on.
DEMO_MODE = env_bool("SAMORDNA_DEMO", default=DEBUG)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY saknas. Sätt miljövariabeln SECRET_KEY till en lång slumpmässig sträng "
            "(eller DEBUG=1 för lokal utveckling)."
        )
    SECRET_KEY = "insecure-key-for-development-and-tests-only"  # only with DEBUG or in tests  # nosec B105

# Personnummer are found through a keyed hash; keep this key stable (rotating it needs a re-keying job).
PERSONAL_ID_LOOKUP_KEY = os.environ.get("PERSONAL_ID_LOOKUP_KEY", "") or SECRET_KEY

# Personnummer and names are encrypted at rest with these keys (lib.field_crypto): the first encrypts, all decrypt,
# so a rotation runs with "new,old". Never stored in the database or written into a backup. The documented key
# below is for DEBUG, the demo (fictional people) and the tests only: production refuses to start without its own.
FIELD_KEYS = env_list("SAMORDNA_FIELD_KEY")
if not FIELD_KEYS:
    if not (DEBUG or TESTING or DEMO_MODE):
        raise ImproperlyConfigured(
            "SAMORDNA_FIELD_KEY saknas. Personnummer och namn krypteras med en nyckel från miljön: skapa en med "
            "`samordna rotate-field-key --generate-key` och spara den utanför databasen och säkerhetskopiorna."
        )
    FIELD_KEYS = ["c2Ftb3JkbmEtZGV2LWFuZC10ZXN0LWZpZWxkLWtleSE="]  # DEBUG, demo and tests only  # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "js_lib_htmx",
    "ninja",
    "samordna.tenancy",
    "samordna.audit",
    "samordna.interventions",
    "samordna.applications",
    "samordna.meetings",
    "samordna.participants",
    "samordna.instruments",
    "samordna.demo",
    "samordna.finance",
    "samordna.reporting",
    "samordna.backup",
    "samordna.privacy",
    "samordna.stats",
    "samordna.openentry",
    "samordna.notifications",
    "django_tasks",
    "django_tasks_db",
    "samordna.jobs",
]

MIDDLEWARE = [
    "samordna.security.RequestSizeLimitMiddleware",
    "samordna.security.NulByteMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "samordna.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samordna.lib.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "samordna.security.PrivateResponseMiddleware",
    "samordna.tenancy.middleware.SecondFactorMiddleware",
    "samordna.tenancy.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# What one request may send. Over SAMORDNA_MAX_REQUEST_MB the request is refused before its body is read;
# form fields (not files) may hold at most DATA_UPLOAD_MAX_MEMORY_SIZE; larger uploaded files go to disk.
SAMORDNA_MAX_REQUEST_BYTES = int(float(os.environ.get("SAMORDNA_MAX_REQUEST_MB", "50")) * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded and stored files may hold personal data: readable by the service account only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

ROOT_URLCONF = "samordna.urls"
WSGI_APPLICATION = "samordna.wsgi.application"

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
                "django.template.context_processors.i18n",
                "samordna.tenancy.context_processors.navigation",
                "samordna.notifications.context_processors.unread",
            ],
            # Swedish formats for every template: {% load swedish %}, then |kr, |number, |percent.
            "libraries": {"swedish": "samordna.lib.templatetags.swedish"},
        },
    },
]

_default_sqlite = f"sqlite:///{VAR_DIR / 'samordna.sqlite3'}"
# DATABASE_URL is the application's user. MIGRATE_DATABASE_URL, when set, is the user that owns the tables: the
# `samordna` commands that change the schema (migrate, restore, grant-runtime, demo) connect as it (the console
# sets SAMORDNA_AS_OWNER for them), and `migrate` then grants the application's user what it needs.
_runtime_url = os.environ.get("DATABASE_URL") or _default_sqlite
_owner_url = os.environ.get("MIGRATE_DATABASE_URL", "")
RUNTIME_DATABASE_USER = (dj_database_url.parse(_runtime_url).get("USER") or "") if _owner_url else ""
DATABASES = {
    "default": dj_database_url.parse(
        _owner_url if _owner_url and env_bool("SAMORDNA_AS_OWNER") else _runtime_url,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: the queue is a table in the same database (django-tasks-db), run by `samordna worker`.
# The test suite runs each task at once, in the request that queues it; the worker's own tests use the queue.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Finished statistics reports, kept in each server process's memory. Their keys hold the förbund's event
# count (samordna.stats.cache), so no entry outlives a change and nothing has to be shared between processes.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "samordna",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("SAMORDNA_CACHE_ENTRIES", "500"))},
    }
}

AUTH_USER_MODEL = "tenancy.User"
LOGIN_URL = "tenancy:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "tenancy:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (tenancy.lockout): within LOGIN_LOCKOUT_MINUTES, this many failures lock a user name, and this
# many lock a client address.
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_MAX_ADDRESS_FAILURES = int(os.environ.get("LOGIN_MAX_ADDRESS_FAILURES", "20"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "Samordna")

# Sessions end after this many idle minutes, and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
# The expiry moves forward when the user is active, saved at most once a minute (SessionActivityMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = int(os.environ.get("SESSION_TOUCH_SECONDS", "60"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not (DEBUG or TESTING))
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_PROXY = env_bool("BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# Years, ids and counts in links and form values must never be grouped; amounts go through the |kr and
# |number filters of samordna.lib.formats instead.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

ADMIN_URL = os.environ.get("ADMIN_URL", "system/admin/")

# E-mail through SMTP. Without a host, DEBUG prints every message to the console; in production a feature that
# needs mail is refused with a message saying so (samordna.notifications.mail), never silently dropped.
EMAIL_HOST = os.environ.get("SAMORDNA_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("SAMORDNA_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("SAMORDNA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SAMORDNA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SAMORDNA_EMAIL_TLS")
EMAIL_USE_SSL = env_bool("SAMORDNA_EMAIL_SSL")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "Sätt antingen SAMORDNA_EMAIL_TLS (STARTTLS, oftast port 587) eller SAMORDNA_EMAIL_SSL (oftast port 465), "
        "inte båda."
    )
EMAIL_TIMEOUT = int(os.environ.get("SAMORDNA_EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("SAMORDNA_EMAIL_FROM", "samordna@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "samordna.notifications.mail.UnconfiguredBackend"
# The address of this installation as people reach it, for the links in e-mail.
SAMORDNA_SITE_URL = os.environ.get("SAMORDNA_SITE_URL", "") or (
    f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS and not DEBUG else "http://127.0.0.1:8000"
)

# Where the accessibility statement tells people to report shortcomings (the lag om tillgänglighet till digital
# offentlig service requires a contact); empty means "the förbund that gave you your account".
ACCESSIBILITY_CONTACT = os.environ.get("SAMORDNA_ACCESSIBILITY_CONTACT", "")
