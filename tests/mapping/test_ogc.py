import json
import subprocess
import sys

import pyogrio
import pytest

from heritage.models import HeritageSite
from land_use.models import Zone
from territory.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from territory.catalogue import layers
from tests.mapping.export_helpers import FARMER_EMAIL, give_a_parcel_a_farmer, planner

COLLECTIONS = {entry.key: entry for entry in layers()}

GEOJSON = "application/geo+json"


def _links(document) -> dict[str, dict]:
    return {link["rel"]: link for link in document["links"]}


def test_the_landing_page_links_the_service_description_the_conformance_and_the_data(client, db):
    response = client.get("/ogc/")
    assert response.status_code == 200
    links = _links(response.json())
    assert links["service-desc"]["href"] == "http://testserver/ogc/api"
    assert links["service-desc"]["type"].startswith("application/vnd.oai.openapi+json")
    assert links["conformance"]["href"] == "http://testserver/ogc/conformance"
    assert links["data"]["href"] == "http://testserver/ogc/collections"


def test_conformance_declares_core_geojson_and_oas30(client, db):
    conforms = client.get("/ogc/conformance").json()["conformsTo"]
    for part in ("core", "geojson", "oas30"):
        assert f"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{part}" in conforms


def test_the_openapi_document_declares_the_default_and_maximum_of_limit(client, db):
    response = client.get("/ogc/api")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.0")
    for key in COLLECTIONS:
        parameters = document["paths"][f"/collections/{key}/items"]["get"]["parameters"]
        limit = next(p for p in parameters if p["name"] == "limit")
        assert limit["schema"]["default"] == DEFAULT_PAGE_SIZE
        assert limit["schema"]["maximum"] == MAX_PAGE_SIZE


def test_collections_list_every_public_layer_with_its_extent(client, loos):
    collections = client.get("/ogc/collections").json()["collections"]
    assert [c["id"] for c in collections] == list(COLLECTIONS)
    for collection in collections:
        minx, miny, maxx, maxy = collection["extent"]["spatial"]["bbox"][0]
        assert 2.7 < minx <= maxx < 2.9 and 50.4 < miny <= maxy < 50.5
        assert _links(collection)["items"]["type"] == GEOJSON
    assert client.get("/ogc/collections/zones").json()["id"] == "zones"
    assert client.get("/ogc/collections/nothing").status_code == 404


def test_items_are_paged_with_next_links_and_counts(client, loos):
    total = Zone.objects.count()
    response = client.get("/ogc/collections/zones/items?limit=5")
    assert response.status_code == 200
    assert response["Content-Type"] == GEOJSON
    page = response.json()
    assert page["numberMatched"] == total
    assert page["numberReturned"] == len(page["features"]) == 5
    seen = [feature["id"] for feature in page["features"]]
    while "next" in _links(page):
        page = client.get(_links(page)["next"]["href"]).json()
        seen += [feature["id"] for feature in page["features"]]
    assert sorted(seen) == sorted(Zone.objects.values_list("id", flat=True))
    assert page["numberReturned"] == total % 5 or 5


def test_a_limit_above_the_maximum_is_capped_not_refused(client, loos):
    response = client.get(f"/ogc/collections/zones/items?limit={MAX_PAGE_SIZE * 10}")
    assert response.status_code == 200
    page = response.json()
    assert f"limit={MAX_PAGE_SIZE}&" in _links(page)["self"]["href"]
    assert page["numberReturned"] == Zone.objects.count()


@pytest.mark.parametrize("query", ["limit=abc", "limit=0", "offset=-1", "bbox=1,2,3"])
def test_a_malformed_parameter_is_a_400_with_a_sentence(client, db, query):
    response = client.get(f"/ogc/collections/zones/items?{query}")
    assert response.status_code == 400
    assert response.json()["description"]


def test_bbox_keeps_a_feature_inside_and_drops_one_outside(client, loos):
    base = HeritageSite.objects.get(name="Base 11/19")
    church = HeritageSite.objects.filter(kind="church").first()
    page = client.get("/ogc/collections/heritage/items?bbox=2.785,50.440,2.795,50.447").json()
    ids = {feature["id"] for feature in page["features"]}
    assert base.pk in ids
    assert church is not None and church.pk not in ids
    assert page["numberMatched"] == len(ids)
    assert "bbox=2.785" in _links(page)["self"]["href"]


def test_a_single_item_is_a_geojson_feature(client, loos):
    zone = Zone.objects.order_by("id").first()
    response = client.get(f"/ogc/collections/zones/items/{zone.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == GEOJSON
    feature = response.json()
    assert feature["type"] == "Feature" and feature["id"] == zone.pk
    assert feature["properties"]["libelle"] == zone.libelle
    assert client.get("/ogc/collections/zones/items/999999").status_code == 404


def test_personal_columns_only_for_planners(client, loos):
    parcel = give_a_parcel_a_farmer(loos)
    url = f"/ogc/collections/parcels/items/{parcel.pk}"
    assert "farmer_email" not in client.get(url).json()["properties"]
    client.force_login(planner())
    assert client.get(url).json()["properties"]["farmer_email"] == FARMER_EMAIL


@pytest.fixture
def loos_live(transactional_db):
    """Loos-en-Gohelle committed, so the live server's own connection sees it."""
    from onboarding.management.commands.load_loos import FIXTURES
    from onboarding.reference_data import LOOS_EN_GOHELLE, load_commune
    from territory.models import Commune

    load_commune(FIXTURES, LOOS_EN_GOHELLE)
    return Commune.objects.get(insee="62528")


# GDAL's client runs in its own process: inside the test process, pyogrio would hold the GIL
# during its HTTP requests and the live server's thread could never answer them.
OAPIF_READER = """
import json, sys
import pyogrio
url = "OAPIF:" + sys.argv[1]
result = {}
for name, _type in pyogrio.list_layers(url):
    frame = pyogrio.read_dataframe(url, layer=str(name), PAGE_SIZE=2)
    result[str(name)] = {
        "features": len(frame),
        "epsg": frame.crs.to_epsg(),
        "geometries": int(frame.geometry.notna().sum()),
    }
print(json.dumps(result))
"""


def test_gdal_reads_every_collection_to_the_end_through_next_links(live_server, loos_live):
    """GDAL's OAPIF driver, a real client, with pages of 2 so it must follow `next` links."""
    assert "OAPIF" in pyogrio.list_drivers()
    done = subprocess.run(  # noqa: S603 - our own interpreter and script, a loopback URL
        [sys.executable, "-c", OAPIF_READER, f"{live_server.url}/ogc/"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    read = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(read) == set(COLLECTIONS)
    expected = {
        key: collection.queryset(commune=None, user=None, personal=False).count()
        for key, collection in COLLECTIONS.items()
    }
    for key, count in expected.items():
        assert read[key]["features"] == read[key]["geometries"] == count > 0, key
        assert read[key]["epsg"] == 4326
    # Pages of 2: most layers were only complete by following several `next` links.
    assert sum(count > 4 for count in expected.values()) >= 4


def test_items_are_filtered_by_a_queryable_property_and_a_bad_value_is_a_400(client, loos):
    zones = client.get("/ogc/collections/zones/items", {"typezone": "U"}).json()
    assert zones["numberMatched"] == Zone.objects.filter(commune=loos, typezone="U").count() > 0
    assert {f["properties"]["typezone"] for f in zones["features"]} == {"U"}
    listed = client.get("/ogc/collections/zones/queryables").json()["properties"]
    assert "typezone" in listed and "datvalid" not in listed
    sites = client.get("/ogc/collections/heritage/items", {"unesco_world_heritage": "true"})
    assert {f["properties"]["unesco_world_heritage"] for f in sites.json()["features"]} == {True}
    wrong = client.get("/ogc/collections/heritage/items", {"unesco_world_heritage": "maybe"})
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "InvalidParameterValue"


def test_each_collection_links_its_schema_and_queryables(client, loos):
    described = client.get("/ogc/collections/proposals").json()
    rels = {link["rel"]: link["href"] for link in described["links"]}
    schema = client.get(rels["http://www.opengis.net/def/rel/ogc/1.0/schema"]).json()
    assert schema["properties"]["geometry"]["x-ogc-role"] == "primary-geometry"
    assert schema["properties"]["created_at"] == {
        "title": "created_at",
        "type": "string",
        "format": "date-time",
    }
    assert "author_email" not in schema["properties"]
    assert client.get(rels["http://www.opengis.net/def/rel/ogc/1.0/queryables"]).status_code == 200
