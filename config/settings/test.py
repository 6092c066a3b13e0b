"""The test suite: the real PostGIS database, fast password hashing, mail kept in memory."""

import tempfile
from pathlib import Path

from .base import *

SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Tests never reach the internet: tiles point at loopback, where nothing answers.
MAP_TILES_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] = [SELF, "data:", origin(MAP_TILES_URL)]
# Static files straight from the apps and node_modules, as with runserver: no collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Uploaded files land in a fresh temporary folder per test run, never in the project.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cdv-test-media-"))
# A real shared cache for the tiles, in a fresh folder per run.
CACHES["tiles"]["LOCATION"] = tempfile.mkdtemp(prefix="cdv-test-tiles-")
