"""Settings shared by every environment. Everything that varies comes from `config.env`."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from config import gis_libraries
from config.env import BASE_DIR, DEFAULT_DATABASE_URL, env
from config.static_assets import npm_static_dirs


def origin(url: str) -> str:
    """scheme://host[:port] of a URL, as a content security policy names a source."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# GDAL and GEOS: see config/gis_libraries.py for why the wheels' copies are preferred.
GDAL_LIBRARY_PATH = env("GDAL_LIBRARY_PATH", default=None) or gis_libraries.gdal_library_path()
GEOS_LIBRARY_PATH = env("GEOS_LIBRARY_PATH", default=None) or gis_libraries.geos_library_path()
if gis_libraries.gdal_library_path() == GDAL_LIBRARY_PATH:
    # The bundled GDAL must read the PROJ database it was built against, not the system's.
    for variable, folder in gis_libraries.gdal_data_folders().items():
        os.environ.setdefault(variable, folder)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "accounts",
    "territory",
    "land_use",
    "heritage",
    "mapping",
    "onboarding",
    "operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.api_errors.RefuseNulCharacters",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who made a change, for the history's versions (territory.history): writes only; a
    # database cut during the request is reported as Django reports it (config/history.py).
    "config.history.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# The history's context (who, which address) is attached to the writes only: a GET writes
# nothing, and its queries (the streamed GeoJSON's server-side cursors) stay untouched.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "accounts.menu.menu",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=DEFAULT_DATABASE_URL)}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# One connection per worker thread, kept for CONN_MAX_AGE seconds and checked before each request
# is served (CONN_HEALTH_CHECKS), so a database restart costs the requests made while it is down
# (503, config/database_errors.py) and nothing after. connect_timeout bounds the wait for an
# unreachable server. README "Database connections" gives the numbers and the pool options.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5)
)
# No JIT compilation: PostgreSQL compiles any query its planner thinks costly, and the spatial
# functions make most of ours look costly; compiling took 1 to 2 s of a bbox count or a vector
# tile that runs in 0.1 s without it (over 50,000 proposals).
DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French first: the residents and the planning office work in French.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
# Front-end libraries from the pinned npm packages (config/static_assets.py), never a CDN.
STATICFILES_DIRS = npm_static_dirs(BASE_DIR)
# Uploaded files (inquiry reports). Never served as a folder: each file goes out through the view
# that knows who may read it and until when (mapping.views.consultations).
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Layers use territory.api.pagination.GeoJsonPagination (a FeatureCollection per page).
    "DEFAULT_PAGINATION_CLASS": "territory.api.pagination.Pagination",
    # Every refusal as JSON with a French sentence (config/api_errors.py).
    "EXCEPTION_HANDLER": "config.api_errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Cadre de vie API",
    "DESCRIPTION": "Participatory map of a commune: layers, proposals and answers.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # A proposal's status, its history's "to" and the answer's request share one enum.
    "ENUM_NAME_OVERRIDES": {"ProposalStatusEnum": "mapping.models.proposals.Proposal.Status"},
    # What drf-spectacular cannot see (GeoJSON pages, error bodies, public reads): config/schema.py.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.schema.postprocess",
    ],
}

# The name emails and pages are signed with, and the sender of every email.
SITE_NAME = env("SITE_NAME", default="Cadre de vie")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <ne-pas-repondre@localhost>")
# The site's public address, for the links in emails (sent after the commit, with no request).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# The commune shown at `/`; other communes live at /communes/<insee>/.
DEFAULT_COMMUNE_INSEE = env("DEFAULT_COMMUNE_INSEE", default="62528")
# First rounds of the general municipal elections: a mandate runs from one to the next
# (mapping/mandates.py), and public meetings are counted per mandate.
MUNICIPAL_ELECTIONS = ["2001-03-11", "2008-03-09", "2014-03-23", "2020-03-15", "2026-03-15"]
# Where `manage.py backup` writes (README "Backups"): outside the code, on another disk if possible.
BACKUP_DIR = env("BACKUP_DIR", default=str(BASE_DIR / "backups"))

# Base-map tiles: the only resource the map pages load from outside the app.
MAP_TILES_URL = env("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env(
    "MAP_TILES_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Accounts: django-allauth, email as the login, confirmed before the first login; mail goes to
# the console locally (settings/local.py) and to SMTP from the environment in production.
INSTALLED_APPS += ["allauth", "allauth.account", "rest_framework.authtoken"]
MIDDLEWARE += ["allauth.account.middleware.AccountMiddleware"]
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_USER_DISPLAY = "accounts.models.public_name"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# Failed logins (django-axes): one limit for the admin's form and the site's, counted in the
# database, so it is the same whatever the number of gunicorn workers (a cache per process
# would give each worker its own count). Five wrong passwords for one account from one address
# block that account from that address for 15 minutes, right password included. Keyed by account
# and address together, so a stranger elsewhere cannot lock a resident out; behind a reverse
# proxy, REMOTE_ADDR is the proxy's (see README, Settings). allauth's own login-failure limit
# is turned off: one rule, not two.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.login_attempts.login_identity"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
# Not a banner on every manage.py command; lockouts are still logged.
AXES_VERBOSE = False
ACCOUNT_RATE_LIMITS = {"login_failed": None}
# Scripts authenticate with a token (Authorization: Token ...); the web pages with the session.
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"].append(
    "rest_framework.authentication.TokenAuthentication"
)

# Content security policy (django-csp): scripts from the app only, plus the inline scripts folium
# writes, which the templates mark with the request's nonce; styles may be inline (folium's map
# sizing, the legend's colour swatches); images from the app and the base-map tile server.
# The admin keeps Django's own inline GIS widget script and is left out.

MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
INSTALLED_APPS.append("csp")
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", origin(MAP_TILES_URL)],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Vector tiles (territory/tiles.py) are kept in a cache every worker shares: files on the
# machine by default (TILE_CACHE_DIR), keyed by the layer's version, so an edit never serves
# a stale tile. TILE_CACHE_SECONDS bounds how long an unedited tile is kept.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "tiles": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.str("TILE_CACHE_DIR", default=str(BASE_DIR / "var" / "tiles")),
        "TIMEOUT": env.int("TILE_CACHE_SECONDS", default=3600),
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    },
}
# Limits on writes (accounts/throttling.py; README "Limits"), counted in the database so that
# every gunicorn worker shares them: "N/period", period s, m, h or d; empty means no limit.
# Per address higher than per account: a household, a school or a café shares one address.
WRITE_LIMITS = {
    "proposal": {
        "account": env("LIMIT_PROPOSALS_PER_ACCOUNT", default="50/m"),
        "address": env("LIMIT_PROPOSALS_PER_ADDRESS", default="200/m"),
    },
    "comment": {
        "account": env("LIMIT_COMMENTS_PER_ACCOUNT", default="30/m"),
        "address": env("LIMIT_COMMENTS_PER_ADDRESS", default="120/m"),
    },
    "support": {
        "account": env("LIMIT_SUPPORTS_PER_ACCOUNT", default="60/m"),
        "address": env("LIMIT_SUPPORTS_PER_ADDRESS", default="240/m"),
    },
    "report": {
        "account": env("LIMIT_REPORTS_PER_ACCOUNT", default="20/m"),
        "address": env("LIMIT_REPORTS_PER_ADDRESS", default="80/m"),
    },
    "signup": {"address": env("LIMIT_SIGNUPS_PER_ADDRESS", default="10/h")},
    "upload": {
        "account": env("LIMIT_UPLOADS_PER_ACCOUNT", default="20/h"),
        "address": env("LIMIT_UPLOADS_PER_ADDRESS", default="60/h"),
    },
}
# Files of parcels a farmer sent and has not confirmed yet (land_use): at most this many wait.
UPLOADS_PENDING_MAX = env.int("UPLOADS_PENDING_MAX", default=5)
# Behind reverse proxies, how many: the client's address is then the X-Forwarded-For hop the
# nearest one saw. 0 (the default): REMOTE_ADDR, and the header, which anyone can write, ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Sign-ups are limited above, in the database; allauth's own limit counts in each worker's cache.
ACCOUNT_RATE_LIMITS["signup"] = None

# The map page carries no layer data: a layer of a commune with at most this many features
# (for the person looking) comes as one GeoJSON request, a larger one as vector tiles
# (mapping/webmap/builder.py). The same number caps one GeoJSON answer of /map/layers/.
MAP_GEOJSON_MAX_FEATURES = 2000
# The proposals listed beside the map when they come as tiles, and in the page without script.
MAP_LIST_MAX = 50
