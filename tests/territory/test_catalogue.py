"""The layer catalogue: one entry drives the API, the exports, the OGC API and the maps."""

import csv
import io
import json
import sqlite3

import pytest
from django.db.models.functions import Length

from heritage.models import HeritageSite
from land_use.models import OrganicParcel
from land_use.webmap import _parcel_style
from mapping.exports.styles import layer_style
from mapping.webmap.legend import legend_sections, map_config
from mapping.webmap.loading import map_layer_sources
from territory import catalogue
from territory.catalogue import INT, Column, Layer, layer, layers, register
from tests.accounts.factories import UserFactory
from tests.mapping.export_helpers import body, saved

ADDED = "name_length"


@pytest.fixture
def heritage_with_an_added_column(monkeypatch):
    """The heritage layer extended, for this test only, with a column PostGIS computes."""
    extended = layer("heritage").with_columns(
        Column(ADDED, INT, annotation=Length("name"), map=True)
    )
    monkeypatch.setitem(catalogue.REGISTRY, "heritage", extended)
    return extended


def _lengths(loos) -> dict[int, int]:
    return {site.pk: len(site.name) for site in HeritageSite.objects.filter(commune=loos)}


def test_a_column_added_to_a_layer_reaches_every_output(
    client, loos, heritage_with_an_added_column
):
    expected = _lengths(loos)

    api = client.get("/api/v1/heritage/", {"commune": loos.insee}).json()
    assert {f["id"]: f["properties"][ADDED] for f in api["features"]} == expected

    geojson = json.loads(body(client.get("/exports/heritage.geojson")))
    assert {f["id"]: f["properties"][ADDED] for f in geojson["features"]} == expected

    text = body(client.get("/exports/heritage.csv")).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {int(row["id"]): int(row[ADDED]) for row in rows} == expected

    atlas = saved(body(client.get("/exports/atlas.gpkg")), ".gpkg")
    with sqlite3.connect(atlas) as db:
        pairs = dict(db.execute(f"SELECT source_id, {ADDED} FROM heritage"))  # noqa: S608
    assert pairs == expected

    items = client.get("/ogc/collections/heritage/items").json()
    assert {f["id"]: f["properties"][ADDED] for f in items["features"]} == expected
    schema = client.get("/ogc/collections/heritage/schema")
    assert schema["Content-Type"] == "application/schema+json"
    assert schema.json()["properties"][ADDED]["type"] == "integer"
    queryables = client.get("/ogc/collections/heritage/queryables").json()
    assert queryables["properties"][ADDED] == {"title": ADDED, "type": "integer"}
    some_id, some_length = next(iter(expected.items()))
    filtered = client.get("/ogc/collections/heritage/items", {ADDED: some_length}).json()
    assert some_id in {f["id"] for f in filtered["features"]}
    assert {f["properties"][ADDED] for f in filtered["features"]} == {some_length}

    features = client.get("/map/layers/heritage.geojson?commune=62528").json()["features"]
    assert {f["id"]: f["properties"][ADDED] for f in features} == expected


@pytest.mark.parametrize(
    ("key", "address", "make"),
    [
        ("proposals", "/api/v1/proposals/", "proposal"),
        ("parcels", "/api/v1/parcels/", "parcel"),
    ],
)
def test_a_computed_column_of_the_proposals_or_parcels_layer_reaches_their_api(
    client, loos, monkeypatch, key, address, make
):
    """The two layers with their own write views read their computed columns from the
    catalogue too, not from a hand-written annotation."""
    from tests.mapping.factories import ProposalFactory

    if make == "proposal":
        ProposalFactory(commune=loos)
    extended = layer(key).with_columns(
        Column(
            "name_or_title_length",
            INT,
            annotation=Length("title" if key == "proposals" else "name"),
        )
    )
    monkeypatch.setitem(catalogue.REGISTRY, key, extended)
    features = client.get(address, {"commune": loos.insee}).json()["features"]
    assert features, "the layer has features to show"
    for feature in features:
        text = feature["properties"]["title" if key == "proposals" else "name"]
        assert feature["properties"]["name_or_title_length"] == len(text)


def test_a_layer_added_to_the_catalogue_appears_in_the_ogc_api_the_exports_and_the_map(
    client, loos, monkeypatch
):
    monkeypatch.setitem(
        catalogue.REGISTRY,
        "monuments",
        Layer(
            key="monuments",
            title="Monuments",
            description="Historic monuments only.",
            rows=lambda commune, user: HeritageSite.objects.exclude(historic_monument=""),
            columns=(Column("name", map=True),),
            geometry_type="Unknown",
            order=55,
        ),
    )
    ids = [c["id"] for c in client.get("/ogc/collections").json()["collections"]]
    assert "monuments" in ids
    assert client.get("/ogc/collections/monuments/items").status_code == 200
    assert client.get("/exports/monuments.geojson").status_code == 200
    keys = [source.map_key for source in map_layer_sources(loos, None)]
    assert keys.index("heritage") < keys.index("monuments") < keys.index("eco_housing")


def test_a_second_layer_under_a_taken_key_is_refused(monkeypatch):
    monkeypatch.setattr(catalogue, "REGISTRY", dict(catalogue.REGISTRY))
    with pytest.raises(ValueError, match="already registered"):
        register(layer("zones"))


def test_the_catalogue_lists_every_layer_bottom_to_top_of_the_map():
    assert [entry.key for entry in layers()] == [
        "communes",
        "zones",
        "parcels",
        "heritage-perimeters",
        "heritage",
        "eco-housing",
        "equipment",
        "proposals",
        "fifty-fifty",
        "meetings",
    ]


def test_the_farm_map_the_town_map_and_qgis_use_the_same_stage_colours():
    town = map_config()["colours"]["stages"]
    for stage in OrganicParcel.Stage.values:
        farm = _parcel_style({"properties": {"stage": stage}})["fillColor"]
        assert farm == town[stage] == layer("parcels").style.colours[stage]
    qml = layer_style(layer("parcels"))
    for colour in town.values():
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert f"{red},{green},{blue}," in qml


def test_the_legend_is_made_of_the_catalogue_colours():
    sections = {str(section["title"]): section["items"] for section in legend_sections()}
    stages = [item["colour"] for item in sections[str(layer("parcels").style.legend_title)]]
    colours = layer("parcels").style.colours
    # Conventional farmland is drawn but not explained in the legend.
    assert stages == [colour for stage, colour in colours.items() if stage != "CONV"]
    heritage = {item["colour"] for item in sections[str(layer("heritage").style.legend_title)]}
    assert heritage == {layer("heritage").style.colour, layer("heritage-perimeters").style.colour}


def test_personal_columns_never_reach_the_public_map(client, loos):
    client.force_login(UserFactory(is_staff=True))
    for entry in layers():
        if not entry.on_map:
            continue
        text = client.get(f"/map/layers/{entry.key}.geojson?commune=62528").content.decode()
        for column in entry.personal_columns:
            assert f'"{column.name}"' not in text, (entry.key, column.name)
