"""Open data for residents: the page listing every file and API, the CSV for French
spreadsheets, the atlas's layer titles in French."""

import csv
import io
import sqlite3

from django.utils import translation
from django.utils.html import escape

from land_use.models import OrganicParcel
from mapping.exports.geopackage import layer_name
from territory.catalogue import layers
from tests.mapping.export_helpers import body, saved


def test_the_open_data_page_lists_every_catalogue_layer_with_its_files_and_the_apis(client, loos):
    response = client.get("/open-data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Données ouvertes</h1>" in page
    for layer in layers():
        with translation.override("fr"):
            assert f"<h3>{escape(layer.title)}</h3>" in page
        assert f'href="/exports/{layer.key}.geojson"' in page
        assert f'href="/exports/{layer.key}.csv"' in page
        assert f'href="/exports/{layer.key}.csv?format=fr"' in page
        assert f'href="/ogc/collections/{layer.key}"' in page
    apis = ("/api/v1/", "/api/docs/", "/ogc/")
    for address in ("/exports/atlas.gpkg", "/exports/zone_urba.zip", *apis):
        assert f'href="{address}"' in page


def test_the_residents_menu_links_to_open_data_not_to_the_raw_api_docs(client, loos):
    page = client.get("/consultations/").content.decode()
    menu = page.split('<ul class="site-header__menu">', 1)[1].split("</ul>", 1)[0]
    assert 'href="/open-data/"' in menu
    assert "/api/docs/" not in menu


def _rows(response) -> list[list[str]]:
    text = body(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_french_csv_separates_with_semicolons_and_writes_decimal_commas(client, loos):
    response = client.get("/exports/parcels.csv?format=fr")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="62528_parcels_fr.csv"'
    rows = _rows(response)
    header = rows[0]
    assert header[:2] == ["WKT", "id"]
    area = header.index("area_ha")
    parcel = OrganicParcel.objects.filter(commune=loos).active().order_by("id").first()
    by_id = {row[1]: row for row in rows[1:]}
    cell = by_id[str(parcel.pk)][area]
    assert "," in cell and "." not in cell
    assert float(cell.replace(",", ".")) == float(parcel.area_ha)
    # The geometry keeps its points: it is WKT, read by GIS tools, not a number.
    assert "." in by_id[str(parcel.pk)][0]


def test_the_ordinary_csv_keeps_commas_and_decimal_points(client, loos):
    text = body(client.get("/exports/parcels.csv")).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert "area_ha" in header and ";" not in text.splitlines()[0]


def test_the_atlas_layers_keep_their_names_and_carry_french_titles_even_asked_in_english(
    client, loos
):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/exports/atlas.gpkg")
    path = saved(body(response), ".gpkg")
    with sqlite3.connect(path) as db:
        contents = dict(db.execute("SELECT table_name, identifier FROM gpkg_contents").fetchall())
        descriptions = dict(
            db.execute("SELECT table_name, description FROM gpkg_contents").fetchall()
        )
    assert contents["zones"] == "Zones d'urbanisme"
    assert contents["parcels"] == "Parcelles bio"
    with translation.override("fr"):
        for layer in layers():
            assert contents[layer_name(layer)] == str(layer.title)
            assert descriptions[layer_name(layer)] == str(layer.description)
