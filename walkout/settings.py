"""Walkout settings: one module, read from the environment.

Development (DEBUG=true) works with no configuration at all. In production (DEBUG off,
the default) a missing SECRET_KEY or ALLOWED_HOSTS stops the app at start-up rather
than running with an insecure default. `.env.example` documents every variable.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    value = os.environ.get(name, "")
    return value if value.strip() else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: production refused to start above (ruff S105).
    SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "accounts",
    "interviews",
    "reminders",
    "crispy_forms",
    "crispy_bootstrap5",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "walkout.middleware.RequestLogMiddleware",
    "walkout.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and JSON compressed for browsers that accept it (static files come compressed
    # from whitenoise, above; documents and the zip export are compressed files already).
    # Django's GZipMiddleware pads each response with random bytes against BREACH, and CSRF
    # tokens are masked per response.
    "walkout.middleware.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # X-Walkout-User on every page: the service worker drops a user's kept pages on sight
    # of a page for nobody (or for someone else).
    "walkout.middleware.LoggedInUserHeaderMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Refuses control characters in parameters before any view, after the CSRF check; its
    # 400 page is the app's own, with the user and messages set up above.
    "walkout.middleware.ControlCharacterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "walkout.urls"
WSGI_APPLICATION = "walkout.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections, checked before reuse, so a restarted PostgreSQL
        # costs at most one failed request per worker.
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# The model backend, refusing a username + address pair after repeated failures; every
# login form (ours, the admin's) goes through it.
AUTHENTICATION_BACKENDS = ["accounts.backends.ThrottledModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "dashboard"

LANGUAGE_CODE = "en-us"
# The server's zone; each user sees times in the zone on their profile.
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
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

# Uploaded documents (résumés, letters) go through the default storage: a folder on this
# server, or an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set, which several
# app servers share. Either way they are private: no address serves the folder or the
# bucket; interviews.views.documents hands each file to its owner alone.
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
if MEDIA_ROOT.resolve().is_relative_to(STATIC_ROOT.resolve()) or any(
    MEDIA_ROOT.resolve().is_relative_to(Path(folder).resolve()) for folder in STATICFILES_DIRS
):
    raise ImproperlyConfigured("MEDIA_ROOT must not be inside a static folder: it would be public.")
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
if env("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            # Empty: Amazon S3 itself; otherwise MinIO, Garage, R2, Backblaze B2 and the like.
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME"),
            # Empty: boto3 looks further (an instance role, ~/.aws/credentials).
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "location": env("AWS_LOCATION", ""),
            # No ACL is sent, so objects stay as private as the bucket; signed addresses if
            # one were ever made; names are random, never reused, so nothing is overwritten.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# In development, whitenoise serves straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail (password reset) goes through SMTP when EMAIL_HOST is set. Without it, development
# prints mail to the console; production drops it, since a reset link in the logs is a
# credential (and `check --deploy` reports mail.E001, because resets cannot arrive).
if env("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": int(env("EMAIL_PORT", "587")),
                "username": env("EMAIL_HOST_USER", ""),
                "password": env("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                # A server that does not answer must not hold the reminder sender (and
                # the reminder's database transaction) for long.
                "timeout": int(env("EMAIL_TIMEOUT", "20")),
            },
        }
    }
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "walkout@localhost")

# The site's public address, for the links in e-mails (a reminder is sent by a command,
# with no request to take the host from). Required to send reminders in production:
# `check --deploy` reports reminders.E001 and send_reminders refuses to run without it.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if SITE_URL and not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", SITE_URL):
    raise ImproperlyConfigured(
        f"SITE_URL must be an http:// or https:// address such as https://walkout.example.com, "
        f"not {SITE_URL!r}."
    )

# Content-Security-Policy, enforced on every response: nothing inline, nothing remote.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    # The service worker (/sw.js) and the web app manifest, both from this origin.
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # The directive only allows submitting the domain to browsers' preload lists; set it
    # false if this host's parent domain must keep serving plain HTTP somewhere.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# How many proxies in front of the app append to X-Forwarded-For (Caddy or nginx: 1). The
# client address for login throttling is then the entry that many places from the right;
# with 0 the header is ignored, since anyone can send it.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))

# Everything to stdout, once: a line per request from walkout.middleware (method, path
# without the query string, status, duration) and errors with their tracebacks from
# django.request. Nothing logs request bodies, cookies or headers.
LOG_LEVEL = env("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # On the handler, so that every logger's lines pass it: calendar and password-reset
    # tokens in a path are masked (walkout/log.py).
    "filters": {"mask_secret_paths": {"()": "walkout.log.MaskSecretPaths"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["mask_secret_paths"],
        },
        "discard": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Replaces Django's own handlers, which print only in DEBUG and e-mail ADMINS.
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # Scanners send any Host header; the refused request's line (400) is enough.
        "django.security.DisallowedHost": {"handlers": ["discard"], "propagate": False},
        # runserver's access log would repeat walkout.requests.
        "django.server": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}
