import re

from territory.models import Commune


def test_communes_are_an_rfc7946_feature_collection(client, loos):
    response = client.get("/api/v1/communes/")
    assert response.status_code == 200
    document = response.json()
    assert document["type"] == "FeatureCollection" and document["count"] == 1
    (feature,) = document["features"]
    assert feature["id"] == loos.pk
    assert feature["properties"]["insee"] == "62528"
    assert feature["geometry"]["type"] == "MultiPolygon"
    assert "crs" not in document and "crs" not in feature["geometry"]
    decimals = re.findall(r"\.(\d+)", str(feature["geometry"]["coordinates"]))
    assert max(len(d) for d in decimals) <= 6
    lon, lat = feature["geometry"]["coordinates"][0][0][0]
    assert 2.7 < lon < 2.9 and 50.4 < lat < 50.5  # longitude first


def test_communes_bbox_keeps_the_commune_it_touches_and_drops_one_far_away(client, loos):
    inside = client.get("/api/v1/communes/?bbox=2.78,50.44,2.80,50.46").json()
    lille = client.get("/api/v1/communes/?bbox=3.0,50.6,3.1,50.7").json()
    assert [f["id"] for f in inside["features"]] == [loos.pk]
    assert lille["features"] == []


def test_communes_filter_by_insee_code(client, loos):
    assert client.get("/api/v1/communes/?insee=62528").json()["count"] == 1
    assert client.get("/api/v1/communes/?insee=59350").json()["count"] == 0


def test_a_commune_by_id_and_no_writes(client, loos):
    assert client.get(f"/api/v1/communes/{loos.pk}/").json()["properties"]["name"] == (
        "Loos-en-Gohelle"
    )
    assert client.post("/api/v1/communes/", {}).status_code in (403, 405)
    assert Commune.objects.count() == 1
