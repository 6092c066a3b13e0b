"""A planner's or developer's machine: debug pages on, mail to the console."""

from .base import *

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"
# runserver serves each request in a new thread: kept connections would pile up one per thread
# until PostgreSQL's max_connections ("too many clients already"). Close each after its request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# No manifest locally: static files are served straight from the apps and node_modules.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
