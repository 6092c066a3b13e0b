"""Uploaded and imported files are opened only with the driver their extension names.

GDAL picks its driver from the content: an OGR VRT saved under a parcel file's name would make
it read another file (its lines shown in the preview) or fetch a URL. Each trick below is refused
with a sentence, shows nothing of its target, stores nothing and sends no request.
"""

import http.server
import io
import sqlite3
import threading
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from land_use.cnig import CnigFileRefused, zones_import_cnig
from land_use.models import OrganicParcel, ParcelUpload, Zone
from land_use.services import parcel_upload_start
from tests.land_use import files
from tests.land_use.factories import farmer, planner
from tests.land_use.test_views import PARCEL_FORM

MARKER = "marqueur-secret-7f3a"


@pytest.fixture
def secret(tmp_path) -> Path:
    """A CSV file the server must never show: its lines carry MARKER."""
    path = tmp_path / "secret.csv"
    path.write_text(f"name,value\n{MARKER}-1,root:x:0:0\n{MARKER}-2,x\n")
    return path


@pytest.fixture
def listener():
    """A loopback HTTP server that records every request it receives."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(f"name\n{MARKER}\n".encode())

        do_HEAD = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def vrt(source: str, layer: str = "secret") -> bytes:
    return (
        f"<OGRVRTDataSource><OGRVRTLayer name='{layer}'><SrcDataSource>{source}"
        f"</SrcDataSource><SrcLayer>{layer}</SrcLayer></OGRVRTLayer></OGRVRTDataSource>"
    ).encode()


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for name, content in members.items():
            bundle.writestr(name, content)
    return buffer.getvalue()


def refusal(loos, name: str, content: bytes) -> str:
    """The sentence the upload service refuses the file with; nothing may be stored."""
    user = farmer()
    parcels = OrganicParcel.objects.count()
    with pytest.raises(ValidationError) as refused:
        parcel_upload_start(farmer=user, commune=loos, file_name=name, content=content, defaults={})
    assert ParcelUpload.objects.count() == 0
    assert OrganicParcel.objects.count() == parcels
    sentence = refused.value.message_dict["file"][0]
    assert sentence.endswith(".") and len(sentence.split()) > 4
    assert MARKER not in sentence and "root:x" not in sentence
    return sentence


def gpkg_with(tmp_path: Path, statement: str) -> bytes:
    """A real GeoPackage of three parcels whose schema also holds `statement`."""
    path = tmp_path / "piege.gpkg"
    path.write_bytes(files.geopackage(("parcelles", files.three_parcels())))
    connection = sqlite3.connect(path)
    if statement.startswith("CREATE VIRTUAL TABLE"):
        # Python's SQLite has no VirtualOGR module: the declaration is written as GDAL would
        # find it, in the schema, and listed as a layer of the GeoPackage.
        name = statement.split()[3]
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute(
            "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) "
            "VALUES ('table', ?, ?, 0, ?)",
            [name, name, statement],
        )
        connection.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier) "
            "VALUES (?, 'attributes', ?)",
            [name, name],
        )
    else:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return path.read_bytes()


@pytest.mark.parametrize("name", ["parcelles.geojson", "parcelles.json", "parcelles.kml"])
def test_a_vrt_named_as_a_parcel_file_is_refused_and_shows_nothing(loos, secret, name):
    sentence = refusal(loos, name, vrt(f"CSV:{secret}"))
    assert "GeoJSON" in sentence or "KML" in sentence


def test_a_vrt_as_the_shp_of_a_zip_is_refused(loos, secret):
    content = zipped({"parcelles.shp": vrt(f"CSV:{secret}"), "parcelles.prj": b'GEOGCS["x"]'})
    refusal(loos, "parcelles.zip", content)


def test_a_vrt_member_of_a_zip_is_never_read(loos, secret):
    content = zipped(
        {
            "parcelles.vrt": vrt(f"CSV:{secret}"),
            "parcelles.shp": vrt(f"CSV:{secret}"),
            "parcelles.prj": b'GEOGCS["x"]',
        }
    )
    refusal(loos, "parcelles.zip", content)


def test_a_vrt_fetching_a_url_sends_no_request(loos, listener):
    url, requests = listener
    for name in ("parcelles.geojson", "parcelles.kml"):
        refusal(loos, name, vrt(f"CSV:/vsicurl/{url}/secret.csv"))
    content = zipped({"p.shp": vrt(f"/vsicurl/{url}/x.shp"), "p.prj": b'GEOGCS["x"]'})
    refusal(loos, "parcelles.zip", content)
    assert requests == []


def test_a_geojson_crs_pointing_at_a_url_or_file_is_refused(loos, listener, secret):
    url, requests = listener
    for crs in (
        f'{{"type": "link", "properties": {{"href": "{url}/crs"}}}}',
        f'{{"type": "name", "properties": {{"name": "{secret}"}}}}',
    ):
        content = b'{"type": "FeatureCollection", "crs": ' + crs.encode() + b', "features": []}'
        assert "crs" in refusal(loos, "parcelles.geojson", content)
    assert requests == []


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE VIRTUAL TABLE secret USING VirtualOGR('{secret}')",
        "CREATE VIEW parcelles_vue AS SELECT * FROM parcelles",
        "CREATE TRIGGER leak AFTER INSERT ON parcelles BEGIN SELECT 1; END",
    ],
    ids=["virtual-ogr-table", "view", "trigger"],
)
def test_a_geopackage_with_a_virtual_table_view_or_trigger_is_refused(
    loos, tmp_path, secret, statement
):
    content = gpkg_with(tmp_path, statement.format(secret=f"CSV:{secret}"))
    assert "GeoPackage" in refusal(loos, "parcelles.gpkg", content)


def test_a_geopackage_is_checked_by_its_header_first(loos, secret):
    assert "GeoPackage" in refusal(loos, "parcelles.gpkg", vrt(f"CSV:{secret}"))


def test_a_kml_with_an_external_entity_is_refused(loos, secret):
    content = (
        f'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&xxe;</name>'
        "<Polygon><outerBoundaryIs><LinearRing><coordinates>2.785,50.45 2.785,50.452 "
        "2.787,50.452 2.785,50.45</coordinates></LinearRing></outerBoundaryIs></Polygon>"
        "</Placemark></kml>"
    ).encode()
    assert "KML" in refusal(loos, "parcelles.kml", content)


def test_an_unclosed_ring_or_a_nan_coordinate_gives_a_sentence(loos):
    ring = "[[2.785,50.45],[2.785,50.452],[2.787,50.452],[2.787,50.45]]"
    unclosed = (
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
        f'"geometry":{{"type":"Polygon","coordinates":[{ring}]}}}}]}}'
    )
    assert "anneau ne se referme pas" in refusal(loos, "parcelles.geojson", unclosed.encode())
    nan = unclosed.replace("[2.787,50.45]]", "[NaN,50.45],[2.785,50.45]]")
    assert "NaN" in refusal(loos, "parcelles.geojson", nan.encode())


def test_the_upload_page_explains_the_refusal_and_shows_nothing_of_the_target(client, loos, secret):
    client.force_login(farmer())
    trap = SimpleUploadedFile("parcelles.geojson", vrt(f"CSV:{secret}"))
    response = client.post(
        reverse("land_use:upload"), {**PARCEL_FORM, "commune": "62528", "file": trap}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ne peut pas être lu" in page or "ne peut être lu" in page
    assert MARKER not in page and "root:x:0:0" not in page
    assert ParcelUpload.objects.count() == 0


def test_import_parcels_refuses_a_vrt_named_as_geojson_or_shapefile(loos, tmp_path, secret):
    planner(username="urbaniste")
    parcels = OrganicParcel.objects.count()
    (tmp_path / "rpg.geojson").write_bytes(vrt(f"CSV:{secret}"))
    (tmp_path / "rpg.shp").write_bytes(vrt(f"CSV:{secret}"))
    (tmp_path / "rpg.prj").write_text('GEOGCS["x"]')
    (tmp_path / "rpg.gpkg").write_bytes(
        gpkg_with(tmp_path, f"CREATE VIRTUAL TABLE s USING VirtualOGR('CSV:{secret}')")
    )
    for name in ("rpg.geojson", "rpg.shp", "rpg.gpkg"):
        out = io.StringIO()
        with pytest.raises(CommandError) as refused:
            call_command(
                "import_parcels",
                str(tmp_path / name),
                "--commune",
                "62528",
                "--by",
                "urbaniste",
                stdout=out,
            )
        assert MARKER not in str(refused.value) + out.getvalue()
    assert OrganicParcel.objects.count() == parcels


def test_import_cnig_refuses_a_vrt_as_zone_urba_or_doc_urba(loos, tmp_path, secret):
    zones = Zone.objects.count()
    archive = tmp_path / "62528_ZONE_URBA_20250101.zip"
    archive.write_bytes(
        zipped(
            {
                "62528_ZONE_URBA_20250101.shp": vrt(f"CSV:{secret}"),
                "62528_ZONE_URBA_20250101.vrt": vrt(f"CSV:{secret}"),
                "62528_DOC_URBA_20250101.dbf": vrt(f"CSV:{secret}"),
            }
        )
    )
    with pytest.raises(CnigFileRefused) as refused:
        zones_import_cnig(commune=loos, source=archive)
    assert MARKER not in " ".join(refused.value.faults)
    gpkg = tmp_path / "62528_PLU.gpkg"
    gpkg.write_bytes(
        gpkg_with(tmp_path, f"CREATE VIRTUAL TABLE ZONE_URBA USING VirtualOGR('CSV:{secret}')")
    )
    with pytest.raises(CommandError) as refused:
        call_command("import_cnig", str(gpkg), "--commune", "62528")
    assert MARKER not in str(refused.value)
    assert Zone.objects.count() == zones
