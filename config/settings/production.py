"""The town's server. No secret has a default here: a missing one stops the start-up.

Every variable is described in `.env.example`; README "Deploy" says how they are given.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *

# Read from the environment (or the `.env` file config/env.py loads) with no fallback: the
# secret key, the hosts served, the public address emails link to, and the database with its
# password. The start-up stops with one sentence naming every one that is missing.
REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DATABASE_URL")
_missing = [name for name in REQUIRED if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "The production settings cannot start: set "
        + ", ".join(_missing)
        + " in the environment or the .env file (each is described in .env.example)."
    )

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# The address emails link to (answers, acknowledgements): the town's own, never a default.
SITE_URL = env("SITE_URL")

# TLS ends at the reverse proxy in front, which must set X-Forwarded-Proto (README "Deploy").
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
# Empty means the relay takes mail without logging in (a town's internal relay often does); it
# is not a default password.
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Logs: one JSON object a line on stdout (python-json-logger), for the town's log collector. A
# request writes one line (method, path, status, duration) and every line logged while it is
# served carries its id (config/request_log.py); errors carry their traceback in `exc_info`.
MIDDLEWARE.insert(0, "config.request_log.RequestLog")
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOG_FIELDS = ["levelname", "name", "message", "request_id", "path"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "config.request_log.RequestContext"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": LOG_FIELDS,
            "rename_fields": {"levelname": "level", "name": "logger"},
            # ISO 8601 in UTC, whatever TIME_ZONE says: gunicorn's lines and these sort together.
            "timestamp": "time",
        }
    },
    "handlers": {
        "json": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["json"], "level": LOG_LEVEL},
    # Django's own handlers (a console shown only with DEBUG, mail to ADMINS) replaced by the
    # one above, so each record is written once.
    "loggers": {"django": {"handlers": ["json"], "level": LOG_LEVEL, "propagate": False}},
}
