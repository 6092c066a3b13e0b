from heritage.models import HeritageSite


def test_heritage_bbox_keeps_the_base_and_drops_the_church(client, loos):
    base = HeritageSite.objects.get(name="Base 11/19")
    church = HeritageSite.objects.get(kind="church")
    page = client.get("/api/v1/heritage/?bbox=2.785,50.440,2.795,50.447").json()
    ids = {feature["id"] for feature in page["features"]}
    assert base.pk in ids and church.pk not in ids


def test_heritage_filters_by_kind_and_protection(client, loos):
    heaps = client.get("/api/v1/heritage/?kind=slag_heap").json()
    assert len(heaps["features"]) == 3
    assert {f["properties"]["kind"] for f in heaps["features"]} == {"slag_heap"}
    monuments = client.get("/api/v1/heritage/?historic_monument=registered").json()
    assert all(f["properties"]["has_protection_perimeter"] for f in monuments["features"])
    unesco = client.get("/api/v1/heritage/?unesco_world_heritage=false").json()
    assert [f["properties"]["name"] for f in unesco["features"]] == ["Église Saint-Vaast"]
