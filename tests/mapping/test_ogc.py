import json
import os
import subprocess
import sys
from datetime import UTC

import pyogrio
import pytest
from django.contrib.gis.geos import LineString, Point, Polygon
from django.db.models import Q

from heritage.models import HeritageSite
from land_use.models import Zone
from territory.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from territory.catalogue import layers
from tests.mapping.export_helpers import FARMER_EMAIL, give_a_parcel_a_farmer, planner

COLLECTIONS = {entry.key: entry for entry in layers()}

GEOJSON = "application/geo+json"
LAMBERT_93 = "http://www.opengis.net/def/crs/EPSG/0/2154"
EPSG_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


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
        "crs": frame.crs.to_authority(),
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
        # The storage CRS, which GDAL takes by default: WGS84 longitude/latitude.
        assert read[key]["crs"] == ["OGC", "CRS84"], key
    # Pages of 2: most layers were only complete by following several `next` links.
    assert sum(count > 4 for count in expected.values()) >= 4


OAPIF_LAMBERT_FILTERED = """
import json, sys
import pyogrio
frame = pyogrio.read_dataframe(
    "OAPIF:" + sys.argv[1], layer="zones", CRS="EPSG:2154", where="area_ha > 20"
)
print(json.dumps({
    "ids": sorted(int(i) for i in frame["id"]) if "id" in frame else [],
    "features": len(frame),
    "epsg": frame.crs.to_epsg(),
    "bounds": [float(v) for v in frame.total_bounds],
}))
"""


def test_gdal_asks_for_lambert_93_and_filters_on_the_server(live_server, loos_live):
    """GDAL's OAPIF driver, opened in EPSG:2154 with an attribute filter, sends `crs` and a
    CQL `filter` (its debug output lists the URLs it fetched) and gets Lambert-93 features."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and script, a loopback URL
        [sys.executable, "-c", OAPIF_LAMBERT_FILTERED, f"{live_server.url}/ogc/"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "CPL_DEBUG": "ON"},
    )
    read = json.loads(done.stdout.strip().splitlines()[-1])
    fetched = [line for line in done.stderr.splitlines() if "HTTP: Fetch(" in line]
    items = [url for url in fetched if "/collections/zones/items" in url and "filter=" in url]
    assert items, fetched
    assert all(f"crs={LAMBERT_93}" in url and "filter=area_ha" in url for url in items)
    assert read["features"] == Zone.objects.filter(area_ha__gt=20).count() > 0
    assert read["epsg"] == 2154
    minx, miny, maxx, maxy = read["bounds"]
    assert 680_000 < minx < maxx < 690_000 and 7_030_000 < miny < maxy < 7_045_000


def test_items_are_filtered_by_a_queryable_property_and_a_bad_value_is_a_400(client, loos):
    zones = client.get("/ogc/collections/zones/items", {"typezone": "U"}).json()
    assert zones["numberMatched"] == Zone.objects.filter(commune=loos, typezone="U").count() > 0
    assert {f["properties"]["typezone"] for f in zones["features"]} == {"U"}
    listed = client.get("/ogc/collections/zones/queryables").json()["properties"]
    assert "typezone" in listed and listed["datvalid"]["format"] == "date"
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


# --- Part 1 Core: parameters, counts, links -------------------------------------------------


def _ids(page) -> set[int]:
    return {feature["id"] for feature in page["features"]}


def _items(client, collection, **query):
    response = client.get(f"/ogc/collections/{collection}/items", {"limit": 1000, **query})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    "address",
    [
        "/ogc/",
        "/ogc/conformance",
        "/ogc/collections",
        "/ogc/collections/zones",
        "/ogc/collections/zones/queryables",
        "/ogc/collections/zones/items",
        "/ogc/collections/zones/items/1",
    ],
)
def test_an_unknown_query_parameter_is_a_400_with_a_json_exception(client, db, address):
    response = client.get(address, {"sortby": "libelle"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "InvalidParameterValue"
    assert "sortby" in body["description"] and "ne prend pas" in body["description"]


@pytest.mark.parametrize(
    "query",
    [
        "bbox=1,2,3,4,5",
        "bbox=2.8,50.5,2.7",
        "bbox=2.7,50.4,nan,50.5",
        "bbox=50.4,2.7,50.5,2.8,1",
        "bbox=2.7,91,2.8,92",
        "bbox=2.7,50.5,2.8,50.4",
        "bbox=2.7,50.4,0,2.8,50.5,-1",
        "datetime=yesterday",
        "datetime=../..",
        "datetime=2025-01-01T00:00:00Z/2024-01-01T00:00:00Z",
        "f=html",
        "crs=EPSG:2154",
        "crs=http://www.opengis.net/def/crs/EPSG/0/3857",
        "bbox-crs=http://www.opengis.net/def/crs/EPSG/0/27572",
        f"bbox=2.7,50.4,0,2.8,50.5,10&bbox-crs={LAMBERT_93}",
        "filter-lang=ecql",
        "typezone=U&area_ha=big",
    ],
)
def test_a_parameter_with_a_wrong_value_is_a_400_with_a_sentence(client, db, query):
    response = client.get(f"/ogc/collections/zones/items?{query}", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400, query
    body = response.json()
    assert body["code"] == "InvalidParameterValue" and len(body["description"]) > 20


def test_a_six_number_bbox_is_read_with_its_heights_as_the_four_number_one(client, loos):
    flat = _items(client, "heritage", bbox="2.785,50.440,2.795,50.447")
    with_heights = _items(client, "heritage", bbox="2.785,50.440,-100,2.795,50.447,500")
    assert _ids(flat) == _ids(with_heights) and flat["numberMatched"] > 0


def test_a_bbox_across_the_antimeridian_is_the_two_boxes_either_side(client, loos):
    """West edge at 2.7°E, east edge at 170°W: the box goes east from 2.7°E across 180°."""
    everything = _items(client, "heritage")
    across = _items(client, "heritage", bbox="2.7,50.3,-170,50.6")
    assert _ids(across) == _ids(everything) and across["numberMatched"] > 0
    beyond = _items(client, "heritage", bbox="2.9,50.3,-170,50.6")
    assert beyond["numberMatched"] == 0


def test_number_matched_and_next_links_agree_across_the_pages_of_a_filtered_query(client, loos):
    expected = set(
        Zone.objects.filter(commune=loos, typezone__in=["U", "AUc", "A"]).values_list(
            "id", flat=True
        )
    )
    assert len(expected) > 3
    url = "/ogc/collections/zones/items?" + "filter=typezone IN ('U','AUc','A')&limit=3".replace(
        " ", "%20"
    )
    seen, returned, pages = [], 0, 0
    while url:
        page = client.get(url).json()
        pages += 1
        assert page["numberMatched"] == len(expected)
        assert page["numberReturned"] == len(page["features"]) <= 3
        returned += page["numberReturned"]
        seen += [feature["id"] for feature in page["features"]]
        links = _links(page)
        if pages > 1:
            assert "prev" in links and "filter=" in links["prev"]["href"]
        assert all(link.get("title") and link.get("type") for link in page["links"])
        url = links.get("next", {}).get("href")
    assert returned == len(seen) == len(set(seen)) == len(expected) and set(seen) == expected
    assert pages == -(-len(expected) // 3)


def test_datetime_keeps_the_proposals_made_in_the_interval_and_other_layers_ignore_it(client, loos):
    from datetime import datetime as dt

    from mapping.models import Proposal
    from tests.mapping.factories import ProposalFactory

    old = ProposalFactory(commune=loos)
    new = ProposalFactory(commune=loos)
    Proposal.objects.filter(pk=old.pk).update(created_at=dt(2021, 3, 1, 12, tzinfo=UTC))
    Proposal.objects.filter(pk=new.pk).update(created_at=dt(2025, 6, 1, 12, tzinfo=UTC))
    in_2021 = _items(client, "proposals", datetime="2021-01-01T00:00:00Z/2021-12-31T23:59:59Z")
    assert old.pk in _ids(in_2021) and new.pk not in _ids(in_2021)
    since_2025 = _items(client, "proposals", datetime="2025-01-01T00:00:00Z/..")
    assert new.pk in _ids(since_2025) and old.pk not in _ids(since_2025)
    assert _ids(_items(client, "proposals", datetime="2021-03-01")) == {old.pk}
    # Zones have no time: every zone matches.
    assert _items(client, "zones", datetime="2021-03-01")["numberMatched"] == Zone.objects.count()
    extent = client.get("/ogc/collections/proposals").json()["extent"]["temporal"]
    assert extent["interval"][0][0].startswith("2021-03-01T12:00:00")


def test_a_missing_feature_is_a_404_with_a_json_sentence(client, loos):
    response = client.get("/ogc/collections/zones/items/999999", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert response.json()["code"] == "NotFound"
    assert "999999" in response.json()["description"]


def test_every_link_of_the_landing_page_and_collections_has_a_type_and_a_title(client, loos):
    documents = [client.get("/ogc/").json(), client.get("/ogc/collections").json()]
    documents += documents[1]["collections"]
    for document in documents:
        for link in document["links"]:
            assert link["href"].startswith("http://testserver/ogc/")
            assert link["rel"] and link["type"] and link["title"], link


def test_the_openapi_document_validates_and_defines_every_parameter_the_items_take(client, db):
    from openapi_spec_validator import validate

    document = json.loads(client.get("/ogc/api").content)
    validate(document)
    parameters = document["paths"]["/collections/zones/items"]["get"]["parameters"]
    names = {parameter["name"] for parameter in parameters}
    assert {"bbox", "bbox-crs", "crs", "datetime", "filter", "filter-lang", "filter-crs"} <= names
    assert {"limit", "offset", "f", "typezone"} <= names
    bbox = next(p for p in parameters if p["name"] == "bbox")
    assert [o["minItems"] for o in bbox["schema"]["oneOf"]] == [4, 6]
    crs = next(p for p in parameters if p["name"] == "crs")
    assert LAMBERT_93 in crs["schema"]["enum"]


# --- Part 2 CRS -----------------------------------------------------------------------------


def test_an_epsg_2154_request_returns_lambert_93_coordinates_with_content_crs(client, loos):
    """The equipment's points, asked for in Lambert-93, are where PROJ puts their WGS84
    coordinates (to the centimetre), and the response says its CRS in `Content-Crs`."""
    from pyproj import Transformer

    wgs84 = client.get("/ogc/collections/equipment/items?limit=1000")
    assert wgs84["Content-Crs"] == f"<{CRS84}>"
    response = client.get("/ogc/collections/equipment/items", {"crs": LAMBERT_93, "limit": 1000})
    assert response.status_code == 200
    assert response["Content-Crs"] == f"<{LAMBERT_93}>"
    to_lambert = Transformer.from_crs("OGC:CRS84", "EPSG:2154")
    lambert = {f["id"]: f["geometry"]["coordinates"] for f in response.json()["features"]}
    assert len(lambert) == wgs84.json()["numberMatched"] > 0
    for feature in wgs84.json()["features"]:
        x, y = to_lambert.transform(*feature["geometry"]["coordinates"])
        assert 680_000 < x < 690_000 and 7_030_000 < y < 7_045_000  # Loos in Lambert-93
        assert lambert[feature["id"]] == pytest.approx([x, y], abs=0.02)
        assert "crs" not in response.json()["features"][0]["geometry"]
    one = wgs84.json()["features"][0]
    single = client.get(f"/ogc/collections/equipment/items/{one['id']}", {"crs": LAMBERT_93})
    assert single["Content-Crs"] == f"<{LAMBERT_93}>"
    assert single.json()["geometry"]["coordinates"] == lambert[one["id"]]


def test_epsg_4326_puts_latitude_first_as_its_definition_says(client, loos):
    crs84 = _items(client, "equipment")
    response = client.get("/ogc/collections/equipment/items", {"crs": EPSG_4326, "limit": 1000})
    assert response["Content-Crs"] == f"<{EPSG_4326}>"
    flipped = {f["id"]: f["geometry"]["coordinates"] for f in response.json()["features"]}
    for feature in crs84["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert flipped[feature["id"]] == [lat, lon]


def test_a_bbox_in_lambert_93_selects_what_the_same_box_in_crs84_selects(client, loos):
    from pyproj import Transformer

    to_lambert = Transformer.from_crs("OGC:CRS84", "EPSG:2154")
    # A box around the 11/19 base, well inside the Lambert-93 box of its CRS84 corners.
    low = to_lambert.transform(2.785, 50.440)
    high = to_lambert.transform(2.795, 50.447)
    crs84 = _items(client, "heritage", bbox="2.785,50.440,2.795,50.447")
    lambert = _items(
        client,
        "heritage",
        bbox=f"{low[0]},{low[1]},{high[0]},{high[1]}",
        **{"bbox-crs": LAMBERT_93},
    )
    assert _ids(crs84) == _ids(lambert) and crs84["numberMatched"] > 0
    latitude_first = _items(
        client, "heritage", bbox="50.440,2.785,50.447,2.795", **{"bbox-crs": EPSG_4326}
    )
    assert _ids(latitude_first) == _ids(crs84)


def test_collections_list_their_crs_and_storage_crs_and_conformance_declares_part_2(client, loos):
    described = client.get("/ogc/collections/zones").json()
    assert described["crs"][0] == CRS84 and LAMBERT_93 in described["crs"]
    assert described["storageCrs"] in described["crs"]
    assert described["extent"]["spatial"]["crs"] == CRS84
    conforms = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in conforms


# --- Part 3 Filtering -----------------------------------------------------------------------


def _filtered(client, collection, text, **query):
    return _items(client, collection, filter=text, **query)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("typezone = 'U'", lambda zones: zones.filter(typezone="U")),
        ("typezone <> 'U'", lambda zones: zones.exclude(typezone="U")),
        ("typezone = 'U' AND area_ha > 20", lambda z: z.filter(typezone="U", area_ha__gt=20)),
        ("typezone = 'N' OR area_ha <= 5", lambda z: z.filter(Q(typezone="N") | Q(area_ha__lte=5))),
        ("NOT (typezone = 'U')", lambda zones: zones.exclude(typezone="U")),
        ("typezone IN ('A', 'N')", lambda zones: zones.filter(typezone__in=["A", "N"])),
        ("typezone NOT IN ('A', 'N')", lambda zones: zones.exclude(typezone__in=["A", "N"])),
        ("area_ha BETWEEN 5 AND 50", lambda zones: zones.filter(area_ha__range=(5, 50))),
        ("libelle LIKE '1AU%'", lambda zones: zones.filter(libelle__startswith="1AU")),
        ("libelle LIKE 'U_'", lambda zones: zones.filter(libelle__regex=r"^U.$")),
        ("datvalid IS NULL", lambda zones: zones.filter(datvalid__isnull=True)),
        ("datvalid IS NOT NULL", lambda zones: zones.filter(datvalid__isnull=False)),
        ("datvalid > DATE('2000-01-01')", lambda z: z.filter(datvalid__gt="2000-01-01")),
        ("datvalid < DATE('2000-01-01')", lambda z: z.filter(datvalid__lt="2000-01-01")),
        ("illustrative = false", lambda zones: zones.filter(illustrative=False)),
        ("illustrative = true", lambda zones: zones.filter(illustrative=True)),
        (
            "S_INTERSECTS(geometry, POINT(2.7942 50.4583))",
            lambda zones: zones.filter(geometry__intersects=Point(2.7942, 50.4583, srid=4326)),
        ),
        (
            "S_WITHIN(geometry, BBOX(2.75, 50.43, 2.80, 50.47))",
            lambda zones: zones.filter(
                geometry__within=Polygon.from_bbox((2.75, 50.43, 2.80, 50.47))
            ),
        ),
        (
            "S_INTERSECTS(geometry, POLYGON((2.78 50.44, 2.80 50.44, 2.80 50.46, 2.78 50.44)))",
            lambda zones: zones.filter(
                geometry__intersects=Polygon(
                    ((2.78, 50.44), (2.80, 50.44), (2.80, 50.46), (2.78, 50.44))
                )
            ),
        ),
        (
            "S_DISJOINT(geometry, POINT(2.7942 50.4583))",
            lambda zones: zones.filter(geometry__disjoint=Point(2.7942, 50.4583, srid=4326)),
        ),
        (
            "S_CONTAINS(geometry, POINT(2.7942 50.4583))",
            lambda zones: zones.filter(geometry__contains=Point(2.7942, 50.4583, srid=4326)),
        ),
        (
            "S_TOUCHES(geometry, POINT(2.7942 50.4583)) OR S_CROSSES(geometry, LINESTRING("
            "2.78 50.44, 2.80 50.46)) OR S_OVERLAPS(geometry, BBOX(2.78, 50.44, 2.8, 50.46)) "
            "OR S_EQUALS(geometry, POINT(2.7942 50.4583))",
            lambda zones: zones.filter(
                Q(geometry__crosses=LineString((2.78, 50.44), (2.80, 50.46), srid=4326))
                | Q(geometry__overlaps=Polygon.from_bbox((2.78, 50.44, 2.8, 50.46)))
            ),
        ),
    ],
)
def test_a_cql2_filter_returns_only_the_matching_features(client, loos, text, expected):
    page = _filtered(client, "zones", text)
    wanted = set(expected(Zone.objects.filter(commune=loos)).values_list("id", flat=True))
    assert _ids(page) == wanted and page["numberMatched"] == len(wanted)


def test_a_cql2_json_filter_is_read_like_its_text(client, loos):
    text = _filtered(client, "zones", "typezone = 'U' AND area_ha > 20")
    as_json = _filtered(
        client,
        "zones",
        json.dumps(
            {
                "op": "and",
                "args": [
                    {"op": "=", "args": [{"property": "typezone"}, "U"]},
                    {"op": ">", "args": [{"property": "area_ha"}, 20]},
                ],
            }
        ),
        **{"filter-lang": "cql2-json"},
    )
    assert _ids(text) == _ids(as_json) and text["numberMatched"] > 0


def test_a_filter_geometry_in_lambert_93_is_transformed_by_postgis(client, loos):
    from pyproj import Transformer

    x, y = Transformer.from_crs("OGC:CRS84", "EPSG:2154").transform(2.7942, 50.4583)
    crs84 = _filtered(client, "zones", "S_INTERSECTS(geometry, POINT(2.7942 50.4583))")
    lambert = _filtered(
        client, "zones", f"S_INTERSECTS(geometry, POINT({x} {y}))", **{"filter-crs": LAMBERT_93}
    )
    assert _ids(lambert) == _ids(crs84) and len(_ids(crs84)) == 1


def test_a_filter_on_a_personal_column_is_refused_in_french_even_for_a_planner(client, loos):
    give_a_parcel_a_farmer(loos)
    client.force_login(planner())
    response = client.get(
        "/ogc/collections/parcels/items",
        {"filter": f"farmer_email = '{FARMER_EMAIL}'"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 400
    description = response.json()["description"]
    assert "farmer_email" in description and "filtrer" in description
    unknown = client.get("/ogc/collections/parcels/items", {"filter": "nothing_here = 1"})
    assert unknown.status_code == 400


@pytest.mark.parametrize(
    "text",
    [
        "typezone = ",
        "area_ha > 'big'",
        "typezone = 3",
        "datvalid > TIMESTAMP('2020-01-01T00:00:00Z') AND illustrative = 'yes'",
        "CASEI(typezone) = 'u'",
        "area_ha + 1 > 2",
        "S_INTERSECTS(typezone, POINT(2.79 50.45))",
        "geometry = 'U'",
        "libelle LIKE 3",
    ],
)
def test_a_malformed_or_ill_typed_filter_is_a_400_with_a_french_sentence(client, loos, text):
    response = client.get(
        "/ogc/collections/zones/items", {"filter": text}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 400, text
    assert response.json()["code"] == "InvalidParameterValue"
    english = client.get(
        "/ogc/collections/zones/items", {"filter": text}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["description"] != english.json()["description"]


def test_queryables_list_only_the_public_columns_and_the_geometry(client, loos):
    listed = client.get("/ogc/collections/parcels/queryables").json()
    parcels = COLLECTIONS["parcels"]
    assert set(listed["properties"]) == {parcels.geometry_field} | {
        column.name for column in parcels.columns
    }
    assert "farmer_email" not in listed["properties"] and "farmer_name" not in listed["properties"]
    assert listed["properties"]["geometry"]["x-ogc-role"] == "primary-geometry"
    assert listed["additionalProperties"] is False


def test_hidden_proposals_are_never_returned_whatever_the_filter(client, loos):
    from tests.mapping.factories import ProposalFactory

    hidden = ProposalFactory(commune=loos, is_hidden=True, title="Caché par la modération")
    shown = ProposalFactory(commune=loos, title="Visible de tous")
    for text in (
        "title = 'Caché par la modération'",
        "title LIKE 'Caché%' OR title LIKE 'Visible%'",
        "S_INTERSECTS(geometry, POINT(2.7942 50.4583))",
    ):
        assert hidden.pk not in _ids(_filtered(client, "proposals", text))
    assert shown.pk in _ids(_filtered(client, "proposals", "title LIKE 'Visible%'"))
    assert client.get(f"/ogc/collections/proposals/items/{hidden.pk}").status_code == 404
    assert (
        "author_email"
        not in client.get("/ogc/collections/proposals/queryables").json()["properties"]
    )


def test_conformance_lists_the_filtering_classes_implemented(client, db):
    conforms = client.get("/ogc/conformance").json()["conformsTo"]
    for name in ("queryables", "filter", "features-filter"):
        assert f"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/{name}" in conforms
    for name in ("cql2-text", "cql2-json", "basic-cql2", "advanced-comparison-operators"):
        assert f"http://www.opengis.net/spec/cql2/1.0/conf/{name}" in conforms
