from land_use.models import EcoHousingSite


def test_eco_housing_bbox_keeps_the_site_inside_and_drops_the_one_outside(client, loos):
    marais = EcoHousingSite.objects.get(name__startswith="Les Jardins du Marais")  # 2.805, 50.457
    pasteur = EcoHousingSite.objects.get(name__startswith="Îlot Pasteur")  # 2.7868, 50.454
    page = client.get("/api/v1/eco-housing/?bbox=2.80,50.45,2.81,50.46").json()
    ids = {feature["id"] for feature in page["features"]}
    assert marais.pk in ids and pasteur.pk not in ids


def test_eco_housing_filters_by_energy_label_and_year(client, loos):
    page = client.get("/api/v1/eco-housing/?energy_label=passive").json()
    assert [f["properties"]["name"] for f in page["features"]] == ["Îlot Pasteur (illustratif)"]
    recent = client.get("/api/v1/eco-housing/?delivered_from=2016").json()
    assert {f["properties"]["year_delivered"] for f in recent["features"]} == {2016, 2019, 2023}


def test_eco_housing_holds_points_and_outlines(client, loos):
    page = client.get("/api/v1/eco-housing/").json()
    assert {f["geometry"]["type"] for f in page["features"]} == {"Point", "Polygon"}
    assert all(f["properties"]["commune"] == "62528" for f in page["features"])
