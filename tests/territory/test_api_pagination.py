from land_use.models import Zone


def test_a_layer_is_paged_with_next_links_until_every_feature_is_read(client, loos):
    url = "/api/v1/zones/?page_size=5"
    seen = []
    while url:
        page = client.get(url).json()
        assert page["type"] == "FeatureCollection" and page["count"] == Zone.objects.count()
        seen += [feature["id"] for feature in page["features"]]
        url = page["next"]
    assert sorted(seen) == sorted(Zone.objects.values_list("id", flat=True))


def test_page_size_is_capped_at_the_maximum(client, loos):
    page = client.get("/api/v1/zones/?page_size=100000").json()
    assert len(page["features"]) == Zone.objects.count()
    assert page["next"] is None
