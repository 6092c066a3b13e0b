"""The town's transition equipment: the seed's 8 municipal buildings with rainwater tanks and
the church's 35 kWp solar roof, loaded inside the commune, flagged approximate, in every output."""

import json
from decimal import Decimal

from land_use.models import Equipment
from land_use.selectors import equipment_figures
from mapping.webmap.legend import legend_sections, map_config
from onboarding.management.commands.load_loos import FIXTURES
from onboarding.reference_data import LOOS_EN_GOHELLE, load_commune


def test_the_demo_loads_8_buildings_with_tanks_and_the_church_solar_roof_inside_the_commune(loos):
    tanks = Equipment.objects.filter(commune=loos, kind="rainwater_tank")
    assert tanks.values("building").distinct().count() == 8
    church = Equipment.objects.get(commune=loos, kind="solar_roof")
    assert church.building == "Église Saint-Vaast"
    assert church.solar_peak_kw == Decimal("35.0") and church.year_installed == 2013
    everything = Equipment.objects.filter(commune=loos)
    assert all(item.position_approximate for item in everything)
    assert all("approximative" in item.source.lower() for item in everything)
    assert everything.filter(geometry__within=loos.boundary).count() == everything.count() == 9


def test_loading_twice_keeps_one_copy_and_the_ids(loos):
    ids = sorted(Equipment.objects.values_list("pk", flat=True))
    load_commune(FIXTURES, LOOS_EN_GOHELLE)
    assert sorted(Equipment.objects.values_list("pk", flat=True)) == ids


def test_the_key_figures_count_buildings_capacity_and_peak_power(loos):
    figures = equipment_figures(loos)
    assert figures["buildings_with_tanks"] == 8
    assert figures["solar_peak_kw"] == Decimal("35.0")
    assert figures["rainwater_capacity_m3"] == sum(
        Equipment.objects.filter(kind="rainwater_tank").values_list(
            "rainwater_capacity_m3", flat=True
        )
    )
    assert figures["rainwater_capacity_m3"] > 0
    assert equipment_figures(None) == figures


def test_the_api_lists_equipment_as_geojson_filtered_by_kind(client, loos):
    page = client.get("/api/v1/equipment/", {"kind": "solar_roof"}).json()
    assert page["type"] == "FeatureCollection"
    (feature,) = page["features"]
    assert feature["geometry"]["type"] == "Point"
    properties = feature["properties"]
    assert properties["building"] == "Église Saint-Vaast"
    assert properties["solar_peak_kw"] == 35.0
    assert properties["position_approximate"] is True
    assert properties["commune"] == "62528"
    assert client.get("/api/v1/equipment/").json()["count"] == 9


def test_the_map_draws_equipment_and_its_legend_and_popup_say_position_approximative(client, loos):
    page = client.get("/").content.decode()
    assert "Équipements de la transition (positions approximatives)" in page
    equipment = client.get("/map/layers/equipment.geojson?commune=62528").content.decode()
    assert "Saint-Vaast" in equipment
    config = map_config()
    assert config["words"]["position_approximate"] == "Position approximative"
    assert set(config["colours"]["equipment"]) == {"rainwater_tank", "solar_roof"}
    titles = [str(section["title"]) for section in legend_sections()]
    assert "Équipements de la transition (positions approximatives)" in titles


def test_the_equipment_export_keeps_capacities_and_the_approximate_flag(client, loos):
    from tests.mapping.export_helpers import body

    document = json.loads(body(client.get("/exports/equipment.geojson")))
    church = next(f for f in document["features"] if f["properties"]["kind"] == "solar_roof")
    assert church["properties"]["solar_peak_kw"] == 35.0
    assert church["properties"]["position_approximate"] is True
