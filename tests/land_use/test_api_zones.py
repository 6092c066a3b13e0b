from land_use.models import Zone


def test_zones_filter_by_typezone(client, loos):
    page = client.get("/api/v1/zones/?typezone=AUc").json()
    expected = set(Zone.objects.filter(typezone="AUc").values_list("id", flat=True))
    assert {feature["id"] for feature in page["features"]} == expected
    assert expected
    both = client.get("/api/v1/zones/?typezone=N&typezone=A").json()
    assert {f["properties"]["typezone"] for f in both["features"]} == {"N", "A"}


def test_an_unknown_typezone_is_refused_with_a_sentence(client, loos):
    response = client.get("/api/v1/zones/?typezone=ZZ")
    assert response.status_code == 400
    assert "ZZ" in str(response.json()["typezone"])


def test_zones_bbox_keeps_the_zone_inside_and_drops_the_one_outside(client, loos):
    # 1AUh lies north of the centre (around 2.792, 50.466), 1AUe elsewhere.
    north = Zone.objects.get(libelle="1AUh")
    box = "2.790,50.465,2.794,50.467"
    ids = {f["id"] for f in client.get(f"/api/v1/zones/?bbox={box}").json()["features"]}
    assert north.pk in ids
    outside = Zone.objects.exclude(pk__in=ids).first()
    assert outside is not None and outside.pk not in ids
    assert ids == set(
        Zone.objects.in_bbox(2.790, 50.465, 2.794, 50.467).values_list("id", flat=True)
    )


def test_zones_filter_by_commune_and_plan(client, loos):
    assert client.get("/api/v1/zones/?commune=62528").json()["count"] == Zone.objects.count()
    assert client.get("/api/v1/zones/?commune=59350").json()["count"] == 0
    page = client.get("/api/v1/zones/?idurba=62528_PLU_20240101").json()
    assert page["count"] == Zone.objects.count()
    assert page["features"][0]["properties"]["plan"] == "62528_PLU_20240101"


def test_a_malformed_bbox_is_refused_with_a_sentence(client, loos):
    response = client.get("/api/v1/zones/?bbox=2.78,95,2.80,96", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "swapped" in str(response.json()["bbox"])
