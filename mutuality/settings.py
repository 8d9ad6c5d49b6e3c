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


def env_secret(name: str, default: str = "") -> str:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (for container and
    systemd credentials), never both."""
    path = os.environ.get(f"{name}_FILE", "").strip()
    if path:
        if os.environ.get(name):
            raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
        try:
            return Path(path).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"{name}_FILE names {path!r}, which cannot be read: {error.strerror}."
            ) from None
    return os.environ.get(name, default)


def env_list(name: str, default: list[str], *, secret: bool = False) -> list[str]:
    raw = env_secret(name, "") if secret else os.environ.get(name, "")
    if not raw and (secret or os.environ.get(name) is None):
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

SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
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
    "mutuality.matchruns",
    "mutuality.timeline",
    "mutuality.polls",
    "mutuality.evaluation",
    "mutuality.strategy",
    "mutuality.steering",
    "mutuality.audit",
    "mutuality.demo",
    "mutuality.privacy",
    "mutuality.site",
]

MIDDLEWARE = [
    "mutuality.core.requestid.RequestIdMiddleware",
    # Our own 404 and 500 pages when DEBUG (demo mode) would show Django's debug pages.
    "mutuality.core.errorpages.FriendlyErrorPagesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mutuality.accounts.middleware.SessionTimeoutMiddleware",
    "mutuality.accounts.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mutuality.site.middleware.RequireMultiFactorMiddleware",
    "mutuality.accounts.middleware.RequireNameMiddleware",
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
                "mutuality.site.context_processors.navigation",
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

database_url = env_secret("DATABASE_URL")
mail_host = os.environ.get("DJANGO_EMAIL_HOST", "")
if not DEMO:
    # Production must say where its data and mail go: a forgotten variable would otherwise
    # mean a SQLite file inside the container, or sign-in codes that never leave it.
    if not database_url:
        raise ImproperlyConfigured(
            "DATABASE_URL (or DATABASE_URL_FILE) must be set when demo mode is off, e.g. "
            "postgres://mutuality:...@db.example/mutuality."
        )
    if not mail_host:
        raise ImproperlyConfigured(
            "DJANGO_EMAIL_HOST must name the mail server when demo mode is off: sign-in codes "
            "are sent by email."
        )
DATABASES = {
    "default": dj_database_url.parse(
        database_url or f"sqlite:///{DATA_DIR / 'mutuality.sqlite3'}",
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
# Our own wording for text other apps draw (sentence case on the allauth pages).
LOCALE_PATHS = [BASE_DIR / "mutuality" / "locale"]
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
OIDC_CLIENT_SECRET = env_secret("MUTUALITY_OIDC_CLIENT_SECRET")
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
# Where people report an accessibility problem or ask for content in another format; named
# in the accessibility statement. A mailbox someone reads: the programme office's unless set
# (the sender address often is not one). A deploy check warns while it is an example address.
ACCESSIBILITY_CONTACT = (
    os.environ.get("MUTUALITY_ACCESSIBILITY_CONTACT", "").strip() or PRIVACY_OFFICE_CONTACT
)
ACCESSIBILITY_CONTACT_IS_DEMO = not (
    os.environ.get("MUTUALITY_ACCESSIBILITY_CONTACT") or os.environ.get("MUTUALITY_PRIVACY_CONTACT")
)
if DEMO:
    MAILERS = {"default": {"BACKEND": "mutuality.demo.mail.OutboxBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": mail_host,
                "port": env_int("DJANGO_EMAIL_PORT", 587),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": env_secret("DJANGO_EMAIL_HOST_PASSWORD"),
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

# Background jobs (match runs, report PDFs): a running job whose worker has not said it is
# alive for this long has lost its worker, and is shown and marked as failed. The worker
# (``manage.py worker``) beats every JOB_HEARTBEAT_SECONDS; the health check fails when no
# worker has beaten for WORKER_STALE_SECONDS.
JOB_STALLED_SECONDS = env_int("MUTUALITY_JOB_STALLED_SECONDS", 15 * 60)
JOB_HEARTBEAT_SECONDS = env_int("MUTUALITY_JOB_HEARTBEAT_SECONDS", 15)
WORKER_STALE_SECONDS = env_int("MUTUALITY_WORKER_STALE_SECONDS", 120)
# An email still unsent this long after it was queued is sent by a worker's recovery pass.
EMAIL_RETRY_AFTER_SECONDS = env_int("MUTUALITY_EMAIL_RETRY_AFTER_SECONDS", 60)
# Health probes may come over plain HTTP from inside the platform.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Security: safe in production, relaxed only for the local demo over plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
if not DEBUG:
    # "__Host-" cookies are only accepted over HTTPS, for this exact host and path "/", so
    # neither a sibling subdomain nor plain HTTP can plant or read them.
    SESSION_COOKIE_NAME = "__Host-mutuality-session"
    CSRF_COOKIE_NAME = "__Host-mutuality-csrf"
SESSION_COOKIE_HTTPONLY = True
# A sign-in lasts at most this long (from signing in, however busy the person is) ...
SESSION_COOKIE_AGE = env_int("MUTUALITY_SESSION_SECONDS", 8 * 60 * 60)
# ... and ends sooner after this long without a request (see accounts.middleware).
MUTUALITY_IDLE_SECONDS = env_int("MUTUALITY_IDLE_SECONDS", 30 * 60)
# Messages live in the session, never in a cookie: some carry an email address.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def _nhsuk_inline_script_hashes() -> list[str]:
    """The NHS.UK page template's one inline script (it marks the page as having
    JavaScript), as CSP hashes, read from the installed template so an upgrade of the
    package cannot silently break the page's scripts."""
    import base64
    import hashlib
    import re

    import nhsuk_frontend_jinja

    template = Path(nhsuk_frontend_jinja.__file__).parent / "templates" / "nhsuk" / "template.jinja"
    bodies = re.findall(r"<script[^>]*>(.+?)</script>", template.read_text(), re.DOTALL)
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
        for body in bodies
        if "{" not in body
    ]


# Content Security Policy: scripts only from our own static files and the NHS.UK line
# above; no inline script, no script from elsewhere. Inline styles stay allowed: the
# evaluation charts are SVG drawn with style attributes.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", *_nhsuk_inline_script_hashes()],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    # The NHS.UK styles load the Frutiger font from the NHS's own asset server.
    "font-src": ["'self'", "https://assets.nhs.uk"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
if OIDC_SERVER_URL:
    # Signing in with single sign-on posts a form that redirects to the identity provider.
    from urllib.parse import urlsplit

    _oidc = urlsplit(OIDC_SERVER_URL)
    SECURE_CSP["form-action"].append(f"{_oidc.scheme}://{_oidc.netloc}")

# A cache shared by every worker: sign-in guess limits count there. The database cache
# needs no other service (its table is made by the accounts app's migrations);
# CACHE_URL=redis://... uses Redis instead.
cache_url = env_secret("CACHE_URL")
if cache_url.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}
    }
elif cache_url in ("", "db://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "mutuality_cache",
        }
    }
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must be empty (the database cache) or start with redis:// or rediss://, "
        f"not {cache_url.split(':', 1)[0]!r}."
    )

# Sign-in guess limits (see accounts.signin_limits): wrong codes of any kind (emailed or
# authenticator) per account, and per client address, over five minutes.
MUTUALITY_WRONG_CODES_PER_ACCOUNT = env_int("MUTUALITY_WRONG_CODES_PER_ACCOUNT", 10)
MUTUALITY_WRONG_CODES_PER_ADDRESS = env_int("MUTUALITY_WRONG_CODES_PER_ADDRESS", 30)
ACCOUNT_FORMS = {"confirm_login_code": "mutuality.accounts.forms.ConfirmLoginCodeForm"}
MFA_FORMS = {
    "authenticate": "mutuality.accounts.forms.AuthenticateForm",
    "reauthenticate": "mutuality.accounts.forms.ReauthenticateForm",
}
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,10/5m/key",
    # The password pages are switched off (see urls.py); nothing to limit there.
}
# Behind a reverse proxy every request comes from the proxy's address: say how many
# proxies to trust (the client is then read from X-Forwarded-For), or which header the
# proxy sets to the client's address.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("MUTUALITY_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("MUTUALITY_CLIENT_IP_HEADER") or None

# Logs: one line per record, with the request's id (also sent as the X-Request-ID
# response header); JSON lines with DJANGO_LOG_FORMAT=json.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "mutuality.core.requestid.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "mutuality.core.requestid.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
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
REFLECTION_KEYS = env_list("MUTUALITY_REFLECTION_KEYS", [], secret=True)
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

# Authenticator app secrets and recovery-code seeds: Fernet keys, newest first, as for
# reflections (see mutuality/accounts/mfa.py; rotate with manage.py rotate_mfa_keys).
MFA_KEYS = env_list("MUTUALITY_MFA_KEYS", [], secret=True)
if not MFA_KEYS:
    if not (DEMO or DEBUG):
        raise ImproperlyConfigured(
            "MUTUALITY_MFA_KEYS must hold at least one key for authenticator app secrets. "
            "Generate one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        )
    import base64
    import hashlib

    MFA_KEYS = [
        base64.urlsafe_b64encode(hashlib.sha256(f"{SECRET_KEY}:mfa".encode()).digest()).decode()
    ]
MFA_ADAPTER = "mutuality.accounts.mfa.MFAAdapter"

# Aggregates are never shown for groups smaller than this (see the disclosure engine).
MUTUALITY_MIN_GROUP_SIZE = 10
MUTUALITY_OPEN_SIGNUP = env_bool("MUTUALITY_OPEN_SIGNUP", True)
