"""Django settings for Equity Lens.

All deployment-specific values come from environment variables (see
equitylens/config.py and docs/operations.md); the defaults run the demo on SQLite.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP

from equitylens.config import (
    cache_settings,
    email_settings,
    env_bool,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-equitylens-demo-key-do-not-use-in-production")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)
# HTTPS hardening follows the public address: an https SITE_URL turns on secure
# cookies, HSTS and the redirect, so the demo on http://127.0.0.1 just works.
HTTPS = _site.scheme == "https"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [_site.hostname or "127.0.0.1", "127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"{_site.scheme}://{_site.netloc}"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks_db",
    "equitylens.web",
    "equitylens.audit",
    "equitylens.accounts",
    "equitylens.catalog",
    "equitylens.learning",
    "equitylens.credentials",
    "equitylens.live",
    "equitylens.bookings",
    "equitylens.community",
    "equitylens.support",
    "equitylens.disclosures",
    "equitylens.outcomes",
    "equitylens.licensure",
    "equitylens.casereview",
    "equitylens.language",
    "equitylens.disparities",
    "equitylens.coordinator",
    "equitylens.demo",
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
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "equitylens.urls"
WSGI_APPLICATION = "equitylens.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "equitylens" / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "equitylens.web.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'equitylens.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web server and the worker share the file safely.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_settings(env_str("CACHE_URL", "db://"))}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"

# django-allauth: e-mail is the identity; no usernames.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/15m/ip,5/15m/key",
    "signup": "20/h/ip",
    "reset_password": "5/h/ip,3/h/key",
}
ACCOUNT_ADAPTER = "equitylens.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "equitylens.accounts.adapters.SocialAccountAdapter"
# An organization's SSO may sign in a person who already has a local account with
# the same verified e-mail: connect, never create a second account.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_STORE_TOKENS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Equity Lens")

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# The SQLite file and collected static files live here; a fresh clone has no var/ yet.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# After `equitylens collectstatic` (production) files get hashed names and long cache
# lifetimes; without it (demo, tests) WhiteNoise serves them straight from the apps.
_collected = (STATIC_ROOT / "staticfiles.json").exists()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _collected
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not _collected

MAILERS = {"default": email_settings(env_str("EMAIL_URL", "console://"))}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Equity Lens <cme@equitylens.example>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[Equity Lens] "

# Security headers. HTTPS-only settings follow SITE_URL (see HTTPS above).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies we run in front of the app: the client's address is that many
# entries from the right of X-Forwarded-For (equitylens/web/client_address.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_PROXY", False) else 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # Sign-in forms redirect to each organization's identity provider, configured at run time.
    "form-action": [CSP.SELF, "https:"]
    + ([] if HTTPS else ["http://127.0.0.1:*", "http://localhost:*"]),
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "equitylens.security": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
    },
}

# Background work goes through Django's tasks API, stored in the database and run by
# `equitylens db_worker` (make demo starts one beside the server). Tests run tasks
# immediately unless they exercise the worker (tests/conftest.py).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Product settings
EQUITYLENS_REQUIRE_COORDINATOR_MFA = env_bool("REQUIRE_COORDINATOR_MFA", True)
CONTACT_MESSAGES_PER_HOUR = env_int("CONTACT_MESSAGES_PER_HOUR", 5)
# Attendance code entry: this many wrong codes within 15 minutes pause entry for 15 minutes,
# per learner and per client address. Raise the per-address limit when a whole room shares
# one address (hospital Wi-Fi behind NAT).
CODE_ENTRY_WRONG_TRIES = env_int("CODE_ENTRY_WRONG_TRIES", 5)
CODE_ENTRY_WRONG_TRIES_PER_IP = env_int("CODE_ENTRY_WRONG_TRIES_PER_IP", 5)
CERTIFICATE_LOOKUPS_PER_MINUTE = env_int("CERTIFICATE_LOOKUPS_PER_MINUTE", 30)
# Days after a credit claim before the learner is asked about their commitment to change.
COMMITMENT_FOLLOW_UP_DAYS = env_int("COMMITMENT_FOLLOW_UP_DAYS", 60)
# Health Equity M&M: reminders to action owners this many days before the due date (and
# once after it); counts below this size are suppressed wherever aggregates leave the module.
CASE_ACTION_REMINDER_DAYS_BEFORE = env_int("CASE_ACTION_REMINDER_DAYS_BEFORE", 3)
CASE_AGGREGATE_MIN_CELL = env_int("CASE_AGGREGATE_MIN_CELL", 11)
# Clinical-note audits uploaded in the web app: the largest file accepted (the reverse
# proxy's body limit must be at least this), and worker processes (empty: one per core).
NOTE_AUDIT_MAX_UPLOAD_MB = env_int("NOTE_AUDIT_MAX_UPLOAD_MB", 200)
NOTE_AUDIT_WORKERS = env_int("NOTE_AUDIT_WORKERS", 0) or None
# Disparity measurements uploaded in the web app: the largest extract accepted.
DISPARITIES_MAX_UPLOAD_MB = env_int("DISPARITIES_MAX_UPLOAD_MB", 500)

# Sign-in forms in our words ("E-mail", "Password"), see equitylens/accounts/forms/auth.py.
ACCOUNT_FORMS = {
    "login": "equitylens.accounts.forms.auth.LoginForm",
    "signup": "equitylens.accounts.forms.auth.SignupForm",
    "reset_password": "equitylens.accounts.forms.auth.ResetPasswordForm",
    "reset_password_from_key": "equitylens.accounts.forms.auth.ResetPasswordKeyForm",
}
# Our allauth page and element overrides must win over allauth's own app templates,
# and "allauth" comes before "equitylens.accounts" in INSTALLED_APPS.
TEMPLATES[0]["DIRS"] = [
    BASE_DIR / "equitylens" / "web" / "templates",
    BASE_DIR / "equitylens" / "accounts" / "templates",
]
