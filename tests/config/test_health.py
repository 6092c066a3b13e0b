import pytest


@pytest.mark.django_db
def test_health_answers_200_when_the_database_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] is True
    assert body["postgis"].startswith("3.")
