"""Settings read from the environment; defaults give a working local install.

Environment variables:
  DATABASE_URL          PostgreSQL (postgres://user:pass@host:port/db); default SQLite in var/
  HUIKUAN_VAR_DIR       where the SQLite file, uploaded files and keys live (default ./var)
  HUIKUAN_SECRET_KEY    Django secret key (default: generated once into var/secret_key)
  HUIKUAN_DATA_KEY      base64 32-byte key for personal data at rest (default: generated into var/keys/)
  HUIKUAN_DEBUG         1 to enable debug pages (never in production)
  HUIKUAN_ALLOWED_HOSTS comma-separated host names (default 127.0.0.1,localhost)
  HUIKUAN_PORT          port for `make run` (default 8000)
  HUIKUAN_SECURE        1 when served over HTTPS: secure cookies, HSTS, SSL redirect
  HUIKUAN_SMTP_HOST, HUIKUAN_SMTP_PORT, HUIKUAN_SMTP_USER, HUIKUAN_SMTP_PASSWORD, HUIKUAN_SMTP_TLS
                        outgoing mail; without a host, mail is printed on the console
  HUIKUAN_FROM_EMAIL    sender address for platform mail
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


PACKAGE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("HUIKUAN_VAR_DIR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _persistent_secret(path: Path, nbytes: int = 48) -> str:
    """Read a secret kept in var/, creating it (mode 0600) on first start."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(nbytes))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("HUIKUAN_SECRET_KEY") or _persistent_secret(VAR_DIR / "secret_key")
# Personal data (ID numbers, phones) is encrypted with a key derived from this (PIPL art. 51).
DATA_KEY = os.environ.get("HUIKUAN_DATA_KEY") or _persistent_secret(VAR_DIR / "keys" / "data_key", 32)
DEBUG = env_bool("HUIKUAN_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("HUIKUAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")]
PORT = int(os.environ.get("HUIKUAN_PORT", "8000"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "huikuan.common",
    "huikuan.accounts",
    "huikuan.cases",
    "huikuan.evidence",
    "huikuan.ledger",
    "huikuan.documents",
    "huikuan.outreach",
    "huikuan.assistant",
    "huikuan.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "huikuan.web.middleware.DefaultLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "huikuan.config.urls"
WSGI_APPLICATION = "huikuan.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "huikuan.web.context_processors.navigation",
            ],
        },
    }
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "huikuan.sqlite3",
            "OPTIONS": {
                # WAL lets the web process read while the worker writes; IMMEDIATE avoids
                # lock-upgrade deadlocks between them; synchronous=FULL so an acknowledged evidence
                # item survives a power cut, not only a crash. Foreign keys are always on in Django.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "web" / "vendor"]
# Uploaded evidence lives under var/, never inside the web root, and is served only through views.
MEDIA_ROOT = VAR_DIR / "files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SECURE = env_bool("HUIKUAN_SECURE")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if os.environ.get("HUIKUAN_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["HUIKUAN_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("HUIKUAN_SMTP_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("HUIKUAN_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("HUIKUAN_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("HUIKUAN_SMTP_TLS")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("HUIKUAN_FROM_EMAIL", "Huikuan <no-reply@huikuan.localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HUIKUAN_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 25
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 100
NINJA_PAGINATION_CLASS = "huikuan.common.api.Pagination"
