import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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


def test_production_settings_pass_the_deployment_checks():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="carte.loos-en-gohelle.fr",
        SITE_URL="https://carte.loos-en-gohelle.fr",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", ALLOWED_HOSTS="carte.loos-en-gohelle.fr")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_the_address_emails_link_to():
    result = _manage(
        "check",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="carte.loos-en-gohelle.fr",
    )
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


SERVE_ERROR_PAGES = """
import django
django.setup()
from django.test import Client, RequestFactory
from config import api_errors
missing = Client().get("/nothing-here/", secure=True, HTTP_ACCEPT_LANGUAGE="fr")
failure = api_errors.server_error(RequestFactory().get("/somewhere/", secure=True))
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
    statuses, pages = served.stdout.split("\n", 1)
    assert statuses == "404 500"
    not_found, failure = pages.split("=====")
    assert '<html lang="fr">' in not_found and "<h1>Page introuvable</h1>" in not_found
    assert '<html lang="fr">' in failure and "<h1>Une erreur est survenue</h1>" in failure
