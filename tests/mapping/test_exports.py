import csv
import io
import json
import re
import sqlite3
import zipfile
from xml.etree import ElementTree

import pyogrio
import pytest
from django.http import StreamingHttpResponse

from heritage.models import HeritageSite
from land_use.models import EcoHousingSite, Equipment, OrganicParcel, Zone
from mapping.exports.formats import neutralised
from mapping.exports.geopackage import layer_name
from mapping.models import FiftyFiftyProject, Meeting, Proposal
from territory.catalogue import layers
from tests.mapping.export_helpers import (
    FARMER_EMAIL,
    FARMER_NAME,
    body,
    give_a_parcel_a_farmer,
    planner,
    saved,
)

COLLECTIONS = {entry.key: entry for entry in layers()}
ZONE_COLOURS = COLLECTIONS["zones"].style.colours
PERIMETER_COLOUR = COLLECTIONS["heritage-perimeters"].style.colour

EXPECTED_COUNTS = {
    "communes": lambda commune: 1,
    "zones": lambda commune: Zone.objects.filter(commune=commune).count(),
    "parcels": lambda commune: OrganicParcel.objects.filter(commune=commune).active().count(),
    "eco-housing": lambda commune: EcoHousingSite.objects.filter(commune=commune).count(),
    "equipment": lambda commune: Equipment.objects.filter(commune=commune).count(),
    "fifty-fifty": lambda commune: FiftyFiftyProject.objects.filter(
        commune=commune, proposal__is_hidden=False
    ).count(),
    "heritage": lambda commune: HeritageSite.objects.filter(commune=commune).count(),
    "heritage-perimeters": lambda commune: HeritageSite.objects.filter(
        commune=commune, protection_perimeter__isnull=False
    ).count(),
    "proposals": lambda commune: (
        Proposal.objects.filter(commune=commune, is_hidden=False)
        .exclude(status="withdrawn")
        .count()
    ),
    "meetings": lambda commune: Meeting.objects.filter(commune=commune).count(),
}


@pytest.mark.parametrize("key", sorted(COLLECTIONS))
def test_each_geojson_export_opens_in_gdal_with_every_feature_in_wgs84(client, loos, key):
    response = client.get(f"/exports/{key}.geojson")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/geo+json"
    assert f'filename="62528_{key}.geojson"' in response["Content-Disposition"]
    data = body(response)
    document = json.loads(data)
    assert "crs" not in document
    assert all(isinstance(feature["id"], int) for feature in document["features"])
    frame = pyogrio.read_dataframe(saved(data, ".geojson"))
    assert len(frame) == EXPECTED_COUNTS[key](loos) > 0
    assert frame.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = frame.total_bounds
    assert 2.7 < minx < maxx < 2.9 and 50.4 < miny < maxy < 50.5


def test_geojson_coordinates_have_at_most_six_decimals(client, loos):
    text = body(client.get("/exports/zones.geojson")).decode()
    decimals = [len(match) for match in re.findall(r"\d+\.(\d+)", text.split('"geometry"')[1])]
    assert decimals and max(decimals) <= 6


def test_a_withdrawn_or_hidden_proposal_is_not_exported(client, loos):
    first, second = Proposal.objects.order_by("id")[:2]
    Proposal.objects.filter(pk=first.pk).update(status="withdrawn")
    Proposal.objects.filter(pk=second.pk).update(is_hidden=True)
    ids = {f["id"] for f in json.loads(body(client.get("/exports/proposals.geojson")))["features"]}
    assert first.pk not in ids and second.pk not in ids
    assert len(ids) == Proposal.objects.count() - 2


def test_the_csv_export_has_a_bom_wkt_geometry_and_utc_dates_and_opens_in_gdal(client, loos):
    response = client.get("/exports/proposals.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    data = body(response)
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert header[:2] == ["WKT", "id"]
    assert "pique-nique" in text and "é" in text
    assert re.search(r",\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,", text)
    frame = pyogrio.read_dataframe(saved(data, ".csv"), encoding="utf-8")
    assert len(frame) == EXPECTED_COUNTS["proposals"](loos)
    assert {geometry.geom_type for geometry in frame.geometry} >= {"Point", "LineString"}
    lon, lat = frame.geometry.iloc[0].representative_point().coords[0]
    assert 2.7 < lon < 2.9 and 50.4 < lat < 50.5


def test_an_unknown_collection_is_a_404(client, loos):
    assert client.get("/exports/secrets.geojson").status_code == 404
    assert client.get("/exports/secrets.csv").status_code == 404


def _qml(text: str):
    """The QML document the app itself wrote (not untrusted input), without its DOCTYPE line."""
    return ElementTree.fromstring(text.split("\n", 1)[1])  # noqa: S314


def _atlas(client):
    response = client.get("/exports/atlas.gpkg")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    return saved(body(response), ".gpkg")


def test_the_atlas_has_one_layer_per_collection_in_lambert_93_each_with_a_qgis_style(client, loos):
    path = _atlas(client)
    layers = {str(name) for name, _type in pyogrio.list_layers(path)}
    expected = {layer_name(collection) for collection in COLLECTIONS.values()}
    assert layers == expected | {"layer_styles"}
    for key, collection in COLLECTIONS.items():
        info = pyogrio.read_info(path, layer=layer_name(collection))
        assert info["crs"] == "EPSG:2154"
        assert info["features"] == EXPECTED_COUNTS[key](loos)
        minx, miny, _maxx, _maxy = info["total_bounds"]
        assert 680_000 < minx < 690_000 and 7_030_000 < miny < 7_045_000  # Lambert-93 metres
    with sqlite3.connect(path) as db:
        styles = dict(
            db.execute(
                "SELECT f_table_name, styleQML FROM layer_styles WHERE useAsDefault"
            ).fetchall()
        )
        columns = {row[1] for row in db.execute("PRAGMA table_info(layer_styles)")}
    assert set(styles) == expected
    assert {"f_table_name", "f_geometry_column", "styleQML", "styleSLD", "useAsDefault"} <= columns
    for qml in styles.values():
        assert _qml(qml).tag == "qgis"


def test_the_atlas_styles_zones_by_typezone_proposals_by_status_and_hatches_perimeters(
    client, loos
):
    path = _atlas(client)
    with sqlite3.connect(path) as db:
        styles = dict(db.execute("SELECT f_table_name, styleQML FROM layer_styles").fetchall())
    zones = _qml(styles["zones"])
    renderer = zones.find("renderer-v2")
    assert renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "typezone"
    values = [category.get("value") for category in renderer.iter("category")]
    assert values == list(ZONE_COLOURS)
    assert "215,48,31,255" in styles["zones"]  # U in CNIG red (#d7301f)
    proposals = _qml(styles["proposals"])
    filters = [rule.get("filter") for rule in proposals.iter("rule")]
    assert "\"status\" = 'accepted'" in filters
    perimeters = _qml(styles["heritage_perimeters"])
    props = {p.get("k"): p.get("v") for p in perimeters.iter("prop")}
    assert props["style"] == "b_diagonal"
    assert props["outline_color"].startswith("118,42,131")  # PERIMETER_COLOUR
    assert PERIMETER_COLOUR == "#762a83"


def test_the_atlas_is_a_geopackage_1_2_that_older_qgis_reads_without_warning(client, loos):
    path = _atlas(client)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47  # "GPKG"
        assert db.execute("PRAGMA user_version").fetchone()[0] == 10200


def test_atlas_dates_are_utc(client, loos):
    path = _atlas(client)
    with sqlite3.connect(path) as db:
        created = db.execute("SELECT created_at FROM proposals LIMIT 1").fetchone()[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", created)


def test_an_anonymous_export_holds_no_email_and_no_farmer_name(client, loos):
    give_a_parcel_a_farmer(loos)
    author_email = Proposal.objects.order_by("id").first().author.email
    downloads = [
        body(client.get("/exports/parcels.geojson")),
        body(client.get("/exports/parcels.csv")),
        body(client.get("/exports/proposals.geojson")),
        body(client.get("/exports/proposals.csv")),
        _atlas(client).read_bytes(),
    ]
    for data in downloads:
        for secret in (FARMER_NAME, FARMER_EMAIL, author_email, "@example."):
            assert secret.encode() not in data


def test_a_planner_export_holds_the_farmer_and_the_authors(client, loos):
    parcel = give_a_parcel_a_farmer(loos)
    client.force_login(planner())
    parcels = json.loads(body(client.get("/exports/parcels.geojson")))
    farmer = next(f for f in parcels["features"] if f["id"] == parcel.pk)["properties"]
    assert farmer["farmer_name"] == FARMER_NAME and farmer["farmer_email"] == FARMER_EMAIL
    frame = pyogrio.read_dataframe(_atlas(client), layer="proposals")
    assert frame["author_email"].str.contains("@").all()
    response = client.get("/exports/proposals.csv")
    assert response["Cache-Control"] == "private, no-store"
    assert "author_email" in body(response).decode("utf-8-sig").splitlines()[0]


def test_a_resident_who_is_not_a_planner_gets_the_public_columns(client, loos):
    from tests.accounts.factories import UserFactory

    give_a_parcel_a_farmer(loos)
    client.force_login(UserFactory())
    assert FARMER_EMAIL.encode() not in body(client.get("/exports/parcels.csv"))


def test_the_cnig_download_is_a_zipped_zone_urba_shapefile_in_lambert_93(client, loos):
    response = client.get("/exports/zone_urba.zip")
    assert response.status_code == 200
    assert 'filename="62528_ZONE_URBA_20240101.zip"' in response["Content-Disposition"]
    path = saved(body(response), ".zip")
    names = zipfile.ZipFile(path).namelist()
    assert "62528_ZONE_URBA_20240101.shp" in names and "62528_ZONE_URBA_20240101.prj" in names
    frame = pyogrio.read_dataframe(f"/vsizip/{path}/62528_ZONE_URBA_20240101.shp")
    assert frame.crs.to_epsg() == 2154
    assert set(frame.geometry.geom_type) == {"Polygon"}
    assert set(frame["LIBELLE"]) == set(Zone.objects.values_list("libelle", flat=True))


def test_the_export_command_writes_the_same_atlas_public_unless_asked(loos, tmp_path):
    from django.core.management import call_command

    call_command("export_layers", "gpkg", "--output", str(tmp_path / "public"))
    public = tmp_path / "public" / "62528_atlas.gpkg"
    assert len(pyogrio.list_layers(public)) == len(COLLECTIONS) + 1
    assert "author_email" not in pyogrio.read_info(public, layer="proposals")["fields"]
    call_command("export_layers", "gpkg", "--personal", "--output", str(tmp_path / "planner"))
    planner_atlas = tmp_path / "planner" / "62528_atlas.gpkg"
    assert "author_email" in pyogrio.read_info(planner_atlas, layer="proposals")["fields"]
    call_command("export_layers", "csv", "--collection", "zones", "--output", str(tmp_path / "csv"))
    text = (tmp_path / "csv" / "62528_zones.csv").read_text(encoding="utf-8-sig")
    assert len(text.strip().splitlines()) == Zone.objects.count() + 1


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-12.5", "-12.5"),
        ("-3", "-3"),
        ("Terril 74 – 186 m", "Terril 74 – 186 m"),
        (-3.5, -3.5),
        (42, 42),
    ],
)
def test_a_csv_cell_that_could_start_a_formula_is_neutralised_but_numbers_stay_numbers(
    value, written
):
    assert neutralised(value) == written


def test_the_csv_export_neutralises_formulas_typed_by_residents_and_keeps_negative_numbers(
    client, loos
):
    site = HeritageSite.objects.filter(commune=loos).order_by("id").first()
    site.name = '=HYPERLINK("http://evil.example","clic")'
    site.description = "@SUM(A1:A9)"
    site.height_m = -3.5
    site.save(update_fields=["name", "description", "height_m"])
    text = body(client.get("/exports/heritage.csv")).decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if int(r["id"]) == site.pk)
    assert row["name"] == '\'=HYPERLINK("http://evil.example","clic")'
    assert row["description"] == "'@SUM(A1:A9)"
    assert row["height_m"] == "-3.5"
    assert row["WKT"].startswith(("POINT", "POLYGON", "MULTI", "LINESTRING"))
