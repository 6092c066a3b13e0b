import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What a town's .env gives the production settings (.env.example); the database is the test's.
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "carte.loos-en-gohelle.fr",
    "SITE_URL": "https://carte.loos-en-gohelle.fr",
    "DATABASE_URL": "postgis:///cadre_de_vie",
}


def _without(*names):
    return {key: value for key, value in PRODUCTION.items() if key not in names}


def _manage(*args, **env):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            **env,
        },
    )


def test_production_settings_pass_the_deployment_checks_printing_nothing_else():
    """`check --deploy` with the production settings finds nothing, silences nothing, and
    nothing else is printed (no warning from a library either): only Django's closing line."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert result.stdout == "System check identified no issues (0 silenced).\n"


def test_production_refuses_to_start_without_a_secret_key_with_a_sentence_naming_it():
    result = _manage("check", **_without("SECRET_KEY"))
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line == (
        "django.core.exceptions.ImproperlyConfigured: The production settings cannot start: "
        "set SECRET_KEY in the environment or the .env file (each is described in .env.example)."
    )


def test_production_refuses_to_start_without_the_address_emails_link_to():
    result = _manage("check", **_without("SITE_URL"))
    assert result.returncode != 0
    assert "set SITE_URL in the environment" in result.stderr


def test_production_refuses_an_empty_database_url_rather_than_a_passwordless_default():
    """No default database in production: the password comes with DATABASE_URL or nothing starts
    (set empty here, as a variable left blank in .env is)."""
    result = _manage("check", **PRODUCTION | {"DATABASE_URL": ""})
    assert result.returncode != 0
    assert "set DATABASE_URL in the environment" in result.stderr


def test_production_names_every_missing_variable_at_once():
    result = _manage("check", DATABASE_URL="")
    assert "set SECRET_KEY, ALLOWED_HOSTS, SITE_URL, DATABASE_URL in the environment" in (
        result.stderr
    )


SERVE_ERROR_PAGES = """
import django
django.setup()
from django.test import Client, RequestFactory
from config import api_errors
missing = Client().get("/nothing-here/", secure=True, HTTP_ACCEPT_LANGUAGE="fr")
failure = api_errors.server_error(RequestFactory().get("/somewhere/", secure=True))
print("=====PAGES=====")  # the JSON log lines come before
print(missing.status_code, failure.status_code)
print(missing.content.decode())
print("=====")
print(failure.content.decode())
"""


def test_production_settings_serve_the_french_404_and_500_pages(tmp_path, db):
    """With the production settings themselves (DEBUG off, the static files' manifest
    collected as a deployment does), an unknown page and a failure are the French pages."""
    from django.db import connection

    production = {
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "SITE_URL": "https://testserver",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"postgis:///{connection.settings_dict['NAME']}",
    }
    collected = _manage("collectstatic", "--noinput", "-v", "0", **production)
    assert collected.returncode == 0, collected.stderr
    served = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SERVE_ERROR_PAGES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            **production,
        },
    )
    assert served.returncode == 0, served.stderr
    statuses, pages = served.stdout.split("=====PAGES=====\n", 1)[1].split("\n", 1)
    assert statuses == "404 500"
    not_found, failure = pages.split("=====")
    assert '<html lang="fr">' in not_found and "<h1>Page introuvable</h1>" in not_found
    assert '<html lang="fr">' in failure and "<h1>Une erreur est survenue</h1>" in failure


LOG_REQUESTS = """
import sys, types
import django
django.setup()
from django.test import Client, override_settings
from django.urls import path


def fails(request):
    raise RuntimeError("the failure under test")


urls = types.ModuleType("failing_urls")
urls.urlpatterns = [path("fails/", fails)]
sys.modules["failing_urls"] = urls
client = Client(raise_request_exception=False)
health = client.get("/health/", secure=True, HTTP_X_REQUEST_ID="proxy-id-0123456789")
bogus = client.get("/health/", secure=True, HTTP_X_REQUEST_ID="<script>alert(1)</script>")
with override_settings(ROOT_URLCONF="failing_urls"):
    failure = client.get("/fails/", secure=True)
print("HEADERS", health["X-Request-ID"], bogus["X-Request-ID"], failure["X-Request-ID"])
"""


def test_production_logs_are_json_lines_with_the_request_id_path_status_and_tracebacks(db):
    """Each request writes one JSON line with its id, method, path, status and duration; the
    proxy's X-Request-ID is kept (a bogus one replaced); an error's line carries the same id and
    the traceback."""
    from django.db import connection

    served = subprocess.run(  # noqa: S603
        [sys.executable, "-c", LOG_REQUESTS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            **PRODUCTION,
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": f"postgis:///{connection.settings_dict['NAME']}",
        },
    )
    assert served.returncode == 0, served.stderr
    lines = served.stdout.strip().splitlines()
    assert lines[-1].startswith("HEADERS ")
    _, kept, replaced, failure_id = lines[-1].split()
    records = [json.loads(line) for line in lines[:-1]]  # every other line is JSON
    requests = [r for r in records if r["logger"] == "cadre_de_vie.requests"]
    assert [(r["method"], r["path"], r["status"]) for r in requests] == [
        ("GET", "/health/", 200),
        ("GET", "/health/", 200),
        ("GET", "/fails/", 500),
    ]
    for record in requests:
        assert {"time", "level", "logger", "message", "request_id", "duration_ms"} <= set(record)
        assert record["time"].endswith("+00:00")
    assert kept == "proxy-id-0123456789" == requests[0]["request_id"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced) and requests[1]["request_id"] == replaced
    [error] = [r for r in records if r["level"] == "ERROR"]
    assert error["logger"] == "django.request"
    assert error["request_id"] == failure_id == requests[2]["request_id"]
    assert error["path"] == "/fails/" and error["status"] == 500
    assert "Traceback" in error["exc_info"]
    assert "RuntimeError: the failure under test" in error["exc_info"]
    assert "request" not in error  # the request object (cookies, headers) stays out of the logs
