"""Settings for Mutuality, read from the environment.

Demo mode (``MUTUALITY_DEMO``, on by default) gives a newcomer a working system with no
configuration: SQLite under ``var/``, emails kept in an in-app outbox, background tasks run
immediately. Production turns demo mode off and must then say everything that matters
(secret key, hosts, database, mail); missing values stop the app at start-up rather than
letting it run insecurely. Every variable is listed in the README's configuration table.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEMO = env_bool("MUTUALITY_DEMO", True)
DEBUG = env_bool("DJANGO_DEBUG", DEMO)
SERVICE_NAME = os.environ.get("MUTUALITY_SERVICE_NAME", "Mutuality")
# Where people reach the service, for links in emails (line managers have no account).
BASE_URL = os.environ.get("MUTUALITY_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# A cohort report PDF with more people than this is made by the task worker, not while the
# person waits (bench/report.py measures a cohort at well under two seconds).
MUTUALITY_REPORT_INLINE_LIMIT = int(os.environ.get("MUTUALITY_REPORT_INLINE_LIMIT", "200"))
DATA_DIR = Path(os.environ.get("MUTUALITY_DATA_DIR", BASE_DIR / "var"))
# Who is responsible for people's data, for the privacy notice (/privacy/). Joint
# controllers are separated by ";". The demo's defaults are invented; a deploy check warns
# while they are in use (see docs/data-protection.md).
PRIVACY_CONTROLLERS = [
    name.strip()
    for name in os.environ.get(
        "MUTUALITY_CONTROLLERS", "Northmere and Wyndale Integrated Care Board (invented)"
    ).split(";")
    if name.strip()
]
PRIVACY_DPO_CONTACT = os.environ.get("MUTUALITY_DPO_CONTACT", "dpo@icb.example")
PRIVACY_OFFICE_CONTACT = os.environ.get("MUTUALITY_PRIVACY_CONTACT", "programmes@icb.example")
PRIVACY_DEMO_CONTACTS = not os.environ.get("MUTUALITY_CONTROLLERS")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
if DEMO or DEBUG:
    SECRET_KEY = SECRET_KEY or "demo-only-insecure-key-never-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]
else:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters when "
            "demo mode and DEBUG are off. Generate one with: python -c "
            "'import secrets; print(secrets.token_urlsafe(64))'"
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must list the host names this service answers to "
            "(comma-separated) when demo mode and DEBUG are off."
        )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "mutuality.core",
    "mutuality.accounts",
    "mutuality.organisations",
    "mutuality.programmes",
    "mutuality.applications",
    "mutuality.partnerships",
    "mutuality.timeline",
    "mutuality.polls",
    "mutuality.evaluation",
    "mutuality.strategy",
    "mutuality.steering",
    "mutuality.audit",
    "mutuality.demo",
    "mutuality.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mutuality.accounts.middleware.RequireMultiFactorMiddleware",
]

ROOT_URLCONF = "mutuality.urls"
WSGI_APPLICATION = "mutuality.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "mutuality" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "mutuality.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "mutuality.core.context_processors.navigation",
            ],
        },
    },
    {
        # Django templates stay for the admin and for django-allauth's own pages, whose
        # look is set by overriding allauth's layout and elements (see templates/allauth).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mutuality" / "templates"],
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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'mutuality.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # The first backend with get_user is where sessions are restored: keep Django's first.
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "rules.permissions.ObjectPermissionBackend",
    "mutuality.accounts.backends.ProgrammeOfficeBackend",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "mutuality" / "static",
    ("nhsuk/assets", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk" / "assets"),
]
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
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", DATA_DIR / "media"))

# Sign in: email address and a one-time code; nobody has a password.
LOGIN_URL = "account_request_login_code"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SERVICE_NAME}] "
ACCOUNT_ADAPTER = "mutuality.accounts.adapters.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SERVICE_NAME
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True

# Single sign-on through OpenID Connect (e.g. Microsoft Entra ID for NHSmail), switched on
# by setting the server URL, client id and secret.
OIDC_SERVER_URL = os.environ.get("MUTUALITY_OIDC_SERVER_URL", "")
OIDC_CLIENT_ID = os.environ.get("MUTUALITY_OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("MUTUALITY_OIDC_CLIENT_SECRET", "")
OIDC_PROVIDER_NAME = os.environ.get("MUTUALITY_OIDC_PROVIDER_NAME", "NHSmail")
if any([OIDC_SERVER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET]):
    if not all([OIDC_SERVER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET]):
        raise ImproperlyConfigured(
            "Single sign-on needs all three of MUTUALITY_OIDC_SERVER_URL, "
            "MUTUALITY_OIDC_CLIENT_ID and MUTUALITY_OIDC_CLIENT_SECRET."
        )
    SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "sso",
                    "name": OIDC_PROVIDER_NAME,
                    "client_id": OIDC_CLIENT_ID,
                    "secret": OIDC_CLIENT_SECRET,
                    "settings": {"server_url": OIDC_SERVER_URL},
                }
            ],
        }
    }

# Email
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "mutuality@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if DEMO:
    MAILERS = {"default": {"BACKEND": "mutuality.demo.mail.OutboxBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": env_int("DJANGO_EMAIL_PORT", 587),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }

# Background tasks: immediate in the demo, a database-backed queue with a worker process
# (``manage.py db_worker``) in production.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "MUTUALITY_TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if DEMO
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# Security: safe in production, relaxed only for the local demo over plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("MUTUALITY_SESSION_SECONDS", 8 * 60 * 60)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # One line per task run is too chatty for the console; failures still show.
    # WeasyPrint narrates every PDF at INFO and warns about every SVG style attribute it
    # hands to its own SVG renderer; real failures still show.
    "loggers": {
        "django.tasks": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Private reflections: Fernet keys, newest first (see mutuality/partnerships/crypto.py).
REFLECTION_KEYS = env_list("MUTUALITY_REFLECTION_KEYS", [])
if not REFLECTION_KEYS:
    if not (DEMO or DEBUG):
        raise ImproperlyConfigured(
            "MUTUALITY_REFLECTION_KEYS must hold at least one key for private reflections. "
            "Generate one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        )
    import base64
    import hashlib

    # Demo only: a key derived from the demo secret, so the demo needs no setup.
    REFLECTION_KEYS = [
        base64.urlsafe_b64encode(
            hashlib.sha256(f"{SECRET_KEY}:reflections".encode()).digest()
        ).decode()
    ]

# Aggregates are never shown for groups smaller than this (see the disclosure engine).
MUTUALITY_MIN_GROUP_SIZE = 10
MUTUALITY_OPEN_SIGNUP = env_bool("MUTUALITY_OPEN_SIGNUP", True)
