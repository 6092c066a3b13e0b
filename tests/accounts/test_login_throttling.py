"""One limit on wrong passwords for every login form, whatever the number of gunicorn workers.

These tests start a real gunicorn with three workers on the test database: a limit held in
each process's memory would let three times as many attempts through.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection

from tests.accounts.factories import UserFactory

PASSWORD = "un mot de passe solide"  # tests/accounts/factories.py
GUNICORN = Path(sys.executable).with_name("gunicorn")
LOCKED = "la connexion est bloquée pendant 15 minutes"


def _database_url() -> str:
    """The test database pytest-django created, as a DATABASE_URL for another process."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "", safe="") + (f":{db['PORT']}" if db["PORT"] else "")
    at = "@" if credentials else ""
    return f"postgis://{credentials}{at}{host}/{quote(db['NAME'], safe='')}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn(transactional_db):
    """The site served by gunicorn with three workers, on loopback; its address."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
    }
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(GUNICORN), "config.wsgi", "-w", "3", "-b", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"gunicorn stopped: {server.stderr.read().decode()[-2000:]}")
            try:
                if requests.get(url + "/accounts/login/", timeout=30).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            if time.monotonic() > deadline:
                pytest.fail("gunicorn did not answer within 60 s")
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _log_in(url: str, path: str, fields: dict) -> requests.Response:
    """One login through the form, as a browser does: a fresh session, its CSRF cookie and token."""
    with requests.Session() as browser:
        page = browser.get(url + path, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return browser.post(
            url + path,
            data={**fields, "csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=30,
        )


def _admin(url: str, user, password: str) -> requests.Response:
    return _log_in(
        url, "/admin/login/", {"username": user.username, "password": password, "next": "/admin/"}
    )


def _site(url: str, user, password: str) -> requests.Response:
    return _log_in(url, "/accounts/login/", {"login": user.email, "password": password})


def _staff_with_confirmed_email():
    user = UserFactory(is_staff=True, is_superuser=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.parametrize("form", [_admin, _site], ids=["admin", "site"])
def test_five_wrong_passwords_lock_the_account_across_three_workers(gunicorn, form):
    """The right password works; four wrong ones are refused by the form; the fifth locks the
    account, and then the right password is refused too, with the French lockout page."""
    user = _staff_with_confirmed_email()
    assert form(gunicorn, user, PASSWORD).status_code == 302  # the password is right
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert form(gunicorn, user, "pas le bon").status_code == 200
    locking = form(gunicorn, user, "pas le bon")
    assert locking.status_code == 429
    refused = form(gunicorn, user, PASSWORD)
    assert refused.status_code == 429
    assert LOCKED in refused.text
    assert "sessionid" not in refused.cookies


def test_the_admin_and_the_site_share_one_limit(gunicorn):
    """Three wrong passwords at the admin and two at the site lock the account on both forms."""
    user = _staff_with_confirmed_email()
    for _attempt in range(3):
        assert _admin(gunicorn, user, "pas le bon").status_code == 200
    assert _site(gunicorn, user, "pas le bon").status_code == 200
    assert _site(gunicorn, user, "pas le bon").status_code == 429
    assert _admin(gunicorn, user, PASSWORD).status_code == 429
    assert _site(gunicorn, user, PASSWORD).status_code == 429
