"""With production's DEBUG off, an unknown page and a failure are the site's French pages (JSON
stays for /api/ and /ogc/)."""

import pytest
from django.test import Client, override_settings
from django.urls import path

from config import api_errors
from config.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]
handler404 = api_errors.page_not_found
handler500 = api_errors.server_error


@pytest.fixture
def production_like(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


@pytest.mark.usefixtures("production_like")
def test_an_unknown_address_is_the_sites_french_404_page(client, loos):
    response = client.get("/nothing-here/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "<h1>Page introuvable</h1>" in page
    assert 'class="site-header"' in page
    assert 'href="/open-data/"' in page


@pytest.mark.usefixtures("production_like")
def test_an_unknown_api_address_still_answers_json(client, loos):
    response = client.get("/api/v1/nothing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.usefixtures("production_like")
def test_a_failure_is_the_sites_french_500_page(loos):
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "<h1>Une erreur est survenue</h1>" in page
    assert 'class="site-header"' in page


@override_settings(DEBUG=False)
def test_the_500_page_renders_without_any_request_or_database(rf):
    """Django's server_error renders 500.html with no context: nothing in it may need one.

    No database fixture: a query (the database may be what failed) would raise here."""
    response = api_errors.server_error(rf.get("/somewhere/"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()
