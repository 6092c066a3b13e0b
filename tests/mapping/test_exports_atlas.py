"""The atlas of a generated commune, written in chunks: every layer present, complete, styled."""

import sqlite3

import pyogrio
import pytest
from django.core.management import call_command

from mapping.exports import geopackage
from mapping.exports.geopackage import layer_name, write_atlas
from territory.catalogue import layers
from territory.models import Commune
from tests.mapping.export_helpers import body, saved


@pytest.fixture
def lens(db):
    call_command(
        "generate_data",
        "--communes",
        "62498",
        "--parcels",
        "300",
        "--proposals",
        "200",
        "--seed",
        "1",
        stdout=open("/dev/null", "w"),  # noqa: SIM115 - the command's chatter is not the test
    )
    return Commune.objects.get(insee="62498")


def test_the_atlas_of_a_generated_commune_opens_with_every_layer_styled(client, lens):
    lens.proposals.filter(pk__in=lens.proposals.order_by("id").values("id")[:3]).update(
        is_hidden=True
    )
    response = client.get("/exports/atlas.gpkg?commune=62498")
    assert response.status_code == 200
    path = saved(body(response), ".gpkg")
    names = {str(name) for name, _type in pyogrio.list_layers(path)}
    expected = {layer_name(collection) for collection in layers()}
    assert names == expected | {"layer_styles"}
    with sqlite3.connect(path) as db:
        styled = {
            name
            for (name,) in db.execute("SELECT f_table_name FROM layer_styles WHERE useAsDefault")
        }
        titles = dict(db.execute("SELECT table_name, identifier FROM gpkg_contents"))
    assert styled == expected
    assert titles["parcels"] == "Parcelles bio"
    assert pyogrio.read_info(path, layer="parcels")["features"] == 300
    # Public atlas: hidden proposals left out.
    visible = lens.proposals.filter(is_hidden=False).exclude(status="withdrawn").count()
    assert pyogrio.read_info(path, layer="proposals")["features"] == visible < 200


def test_a_layer_written_in_many_chunks_holds_every_row_once(lens, tmp_path, monkeypatch):
    monkeypatch.setattr(geopackage, "CHUNK_ROWS", 7)
    write_atlas(tmp_path / "atlas.gpkg", commune=lens)
    frame = pyogrio.read_dataframe(tmp_path / "atlas.gpkg", layer="parcels")
    expected = sorted(lens.organic_parcels.values_list("id", flat=True))
    assert sorted(frame["source_id"]) == expected
    assert frame.crs.to_epsg() == 2154
    assert set(frame.geometry.geom_type) == {"MultiPolygon"}
    assert frame["area_ha"].notna().all()
