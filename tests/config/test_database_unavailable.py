"""The database goes away and comes back: 503 with a French sentence meanwhile, service after."""

import pytest
from django.db import connection
from django.test import Client

from tests.database_proxy import DatabaseProxy, upstream_of


@pytest.fixture
def client():
    """Answers as a server does: an error in a view is the handler's response, not raised."""
    return Client(raise_request_exception=False)


@pytest.fixture
def database_behind_proxy(loos_live):
    """The app's connection goes through a relay that the test stops and starts."""
    proxy = DatabaseProxy(upstream_of(connection.settings_dict))
    proxy.start()
    saved = {key: connection.settings_dict.get(key) for key in ("HOST", "PORT")}
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(proxy.port))
    yield proxy
    proxy.stop()
    connection.close()
    connection.settings_dict.update(saved)


def test_with_the_database_stopped_the_api_answers_503_in_json_with_a_sentence(
    client, database_behind_proxy
):
    assert client.get("/api/v1/proposals/").status_code == 200
    database_behind_proxy.stop()
    response = client.get("/api/v1/proposals/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "base de données" in response.json()["detail"]
    assert response["Retry-After"] == "10"


def test_with_the_database_stopped_the_map_page_is_a_french_503_page(client, database_behind_proxy):
    database_behind_proxy.stop()
    response = client.get("/")
    assert response.status_code == 503
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Service momentanément indisponible" in page
    assert "Réessayez dans quelques secondes" in page


def test_health_says_the_database_is_away(client, database_behind_proxy):
    database_behind_proxy.stop()
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] is False


def test_after_the_database_starts_again_the_next_request_succeeds(client, database_behind_proxy):
    database_behind_proxy.stop()
    assert client.get("/api/v1/proposals/").status_code == 503
    database_behind_proxy.start()
    response = client.get("/api/v1/proposals/")
    assert response.status_code == 200
    assert response.json()["type"] == "FeatureCollection"


def test_a_proposal_sent_while_the_database_is_away_is_refused_and_not_half_stored(
    client, database_behind_proxy, django_user_model
):
    from mapping.models import Proposal

    before = Proposal.objects.count()
    resident = django_user_model.objects.create_user(
        username="ines", email="ines@example.org", password="x-Very-long-1"
    )
    client.force_login(resident)
    database_behind_proxy.stop()
    response = client.post(
        "/api/v1/proposals/",
        {
            "title": "Un banc",
            "description": "Pour s'asseoir.",
            "category": "public_space",
            "geometry": {"type": "Point", "coordinates": [2.7935, 50.4594]},
        },
        content_type="application/json",
    )
    assert response.status_code == 503
    database_behind_proxy.start()
    assert Proposal.objects.count() == before
