"""`manage.py onboard_commune`: a commune from the standard open-data files, next to the others."""

import io
import json

import pytest
import shapely
from django.contrib.gis.geos import GEOSGeometry
from django.core.management import CommandError, call_command

from land_use.models import OrganicParcel, PlanDocument, Zone
from onboarding.onboard import DEFAULT_COMMUNES_FILE, boundary_from_communes_file
from onboarding.reference_data import LOOS_EN_GOHELLE_FOLDER
from territory.models import Commune
from tests.land_use.files import zone_urba_zip
from tests.territory.test_tiles import fids, tile_over

LENS, LIEVIN, LOOS = "62498", "62510", "62528"


def onboard(insee, **options) -> str:
    out = io.StringIO()
    call_command("onboard_commune", insee, stdout=out, **options)
    return out.getvalue()


def _lambert_halves(insee: str):
    """The commune's boundary in Lambert-93 cut into a western and an eastern half."""
    _name, boundary = boundary_from_communes_file(insee, DEFAULT_COMMUNES_FILE)
    outline = shapely.from_wkb(bytes(boundary.transform(2154, clone=True).wkb))
    min_x, min_y, max_x, max_y = outline.bounds
    middle = (min_x + max_x) / 2
    west = outline.intersection(shapely.box(min_x - 1, min_y - 1, middle, max_y + 1))
    east = outline.intersection(shapely.box(middle, min_y - 1, max_x + 1, max_y + 1))
    # One polygon per record: the largest piece of each half is enough for a test plan.
    pieces = [max(getattr(half, "geoms", [half]), key=lambda p: p.area) for half in (west, east)]
    return pieces


def _zone_urba(tmp_path, insee: str, *, idurba: str | None = None, typezone_east: str = "A"):
    idurba = idurba or f"{insee}_PLU_20240115"
    rows = [
        {
            "IDURBA": idurba,
            "LIBELLE": libelle,
            "LIBELONG": long_name,
            "TYPEZONE": typezone,
            "NOMFIC": "",
            "URLFIC": "",
            "DATVALID": "20240115",
        }
        for libelle, long_name, typezone in (
            ("UA", "Zone urbaine", "U"),
            ("A", "Zone agricole", typezone_east),
        )
    ]
    folder = tmp_path / insee
    folder.mkdir(exist_ok=True)
    return zone_urba_zip(folder / f"{insee}_ZONE_URBA_20240115.shp", rows, _lambert_halves(insee))


def _cartobio_file(tmp_path, insee: str) -> str:
    """Two parcels in CartoBio's format, in the eastern (agricultural) half of the commune."""
    east = shapely.from_wkb(bytes(_lambert_halves(insee)[1].wkb))
    centre = east.representative_point()
    squares = [
        shapely.box(centre.x + dx, centre.y, centre.x + dx + 100, centre.y + 100) for dx in (0, 150)
    ]
    features = []
    for number, (square, level) in enumerate(zip(squares, ("C2", "BIO"), strict=True), start=1):
        outline = GEOSGeometry(square.wkt, srid=2154).transform(4326, clone=True)
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(outline.geojson),
                "properties": {
                    "id": number,
                    "NOM": f"Parcelle CartoBio {number}",
                    "niveauConversion": level,
                    "dateEngagement": "2023-03-01",
                    "cultures": [{"id": "c1", "CPF": "01.11.12", "TYPE": "BTH"}],
                },
            }
        )
    path = tmp_path / f"cartobio-{insee}.json"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return str(path)


def _state(insee: str) -> dict:
    commune = Commune.objects.get(insee=insee)
    return {
        "commune": (commune.name, commune.boundary.wkb.hex()),
        "uaa": (commune.utilised_agricultural_area_ha, commune.utilised_agricultural_area_source),
        "zones": sorted(
            Zone.objects.filter(commune=commune).values_list("pk", "libelle", "typezone")
        ),
        "plans": sorted(PlanDocument.objects.filter(commune=commune).values_list("pk", "idurba")),
        "parcels": sorted(
            OrganicParcel.objects.filter(commune=commune).values_list(
                "pk", "name", "stage", "updated_at"
            )
        ),
    }


@pytest.mark.django_db
def test_lens_and_lievin_join_loos_each_with_its_own_boundary_and_nothing_of_the_others(
    loos, client, tmp_path
):
    onboard(LENS, zone_urba=_zone_urba(tmp_path, LENS), parcels=_cartobio_file(tmp_path, LENS))
    onboard(LIEVIN, zone_urba=_zone_urba(tmp_path, LIEVIN))
    communes = {c.insee: c for c in Commune.objects.all()}
    assert set(communes) == {LENS, LIEVIN, LOOS}
    assert communes[LENS].name == "Lens" and communes[LIEVIN].name == "Liévin"
    # Neighbours share a border, never an area.
    for a, b in ((LENS, LIEVIN), (LENS, LOOS), (LIEVIN, LOOS)):
        shared = communes[a].boundary.intersection(communes[b].boundary).transform(2154, True)
        assert shared.area < 1_000, (a, b, shared.area)
    for insee, commune in communes.items():
        others = [c for key, c in communes.items() if key != insee]
        zones = client.get("/api/v1/zones/", {"commune": insee}).json()["features"]
        assert zones, insee
        assert {f["properties"]["commune"] for f in zones} == {insee}
        for feature in zones:
            centre = GEOSGeometry(json.dumps(feature["geometry"])).point_on_surface
            assert commune.boundary.buffer(1e-4).contains(centre)
            assert not any(other.boundary.contains(centre) for other in others)
        exported = client.get("/exports/zones.geojson", {"commune": insee})
        exported_zones = json.loads(b"".join(exported.streaming_content))["features"]
        assert len(exported_zones) == len(zones)
        items = client.get("/ogc/collections/zones/items", {"commune": insee}).json()
        assert len(items["features"]) == len(zones)
        # A z10 tile spans the three towns; asked for one commune, it holds only its zones.
        centre = commune.boundary.point_on_surface
        z, x, y = tile_over(centre.x, centre.y, 10)
        tile = client.get(f"/tiles/zones/{z}/{x}/{y}.mvt", {"commune": insee})
        assert fids(tile, "zones") == {feature["id"] for feature in zones}
    lens_parcels = client.get("/api/v1/parcels/", {"commune": LENS}).json()["features"]
    assert {f["properties"]["name"] for f in lens_parcels} == {
        "Parcelle CartoBio 1",
        "Parcelle CartoBio 2",
    }
    lievin_parcels = client.get("/api/v1/parcels/", {"commune": LIEVIN}).json()["features"]
    assert lievin_parcels == []


@pytest.mark.django_db
def test_onboarding_twice_with_the_same_files_changes_nothing(tmp_path):
    files = {
        "zone_urba": _zone_urba(tmp_path, LENS),
        "parcels": _cartobio_file(tmp_path, LENS),
        "uaa": "1234,5",
        "uaa_source": "Agreste, recensement agricole 2020",
    }
    onboard(LENS, **files)
    first = _state(LENS)
    assert len(first["zones"]) == 2 and len(first["parcels"]) == 2
    report = onboard(LENS, **files)
    assert _state(LENS) == first
    assert "parcels unchanged: 2" in report


@pytest.mark.django_db
def test_a_refused_cnig_file_leaves_the_commune_as_it_was(tmp_path):
    onboard(LENS, zone_urba=_zone_urba(tmp_path, LENS), uaa="1000", uaa_source="Agreste 2020")
    before = _state(LENS)
    (tmp_path / "broken").mkdir()
    broken = _zone_urba(tmp_path / "broken", LENS, typezone_east="Q")
    with pytest.raises(CommandError) as refused:
        onboard(
            LENS,
            zone_urba=broken,
            parcels=_cartobio_file(tmp_path, LENS),
            uaa="2000",
            uaa_source="another source",
        )
    assert "Nothing was stored" in str(refused.value) or "Rien n" in str(refused.value)
    assert "TYPEZONE" in str(refused.value)
    assert _state(LENS) == before


@pytest.mark.django_db
def test_a_plan_of_another_commune_is_refused(tmp_path):
    onboard(LENS)
    with pytest.raises(CommandError) as refused:
        onboard(LENS, zone_urba=_zone_urba(tmp_path, LENS, idurba="62510_PLU_20240115"))
    assert "62510" in str(refused.value)
    assert not Zone.objects.exists()


@pytest.mark.django_db
def test_a_cartobio_file_loads_its_parcels_with_their_conversion_level(tmp_path):
    onboard(LENS, parcels=_cartobio_file(tmp_path, LENS), parcels_source="CartoBio 2024")
    parcels = {p.name: p for p in OrganicParcel.objects.filter(commune__insee=LENS)}
    assert set(parcels) == {"Parcelle CartoBio 1", "Parcelle CartoBio 2"}
    assert parcels["Parcelle CartoBio 1"].stage == "C2"
    assert parcels["Parcelle CartoBio 2"].stage == "AB"
    assert parcels["Parcelle CartoBio 1"].engagement_date.isoformat() == "2023-03-01"
    assert {p.code_cultu for p in parcels.values()} == {"BTH"}
    assert {p.source for p in parcels.values()} == {"CartoBio 2024"}
    assert all(p.farmer is None for p in parcels.values())
    assert all(p.events.filter(action="imported").exists() for p in parcels.values())


@pytest.mark.django_db
def test_an_unknown_insee_code_is_refused_and_nothing_is_stored():
    with pytest.raises(CommandError) as refused:
        onboard("62999")
    assert "62999" in str(refused.value)
    assert not Commune.objects.exists()


@pytest.mark.django_db
def test_the_utilised_agricultural_area_needs_its_source():
    with pytest.raises(CommandError):
        onboard(LENS, uaa="1000")
    assert not Commune.objects.exists()


@pytest.mark.django_db
def test_loos_en_gohelle_is_a_profile_of_the_same_command_kept_as_data():
    onboard(LOOS, profile=LOOS_EN_GOHELLE_FOLDER)
    loos = Commune.objects.get(insee=LOOS)
    profile = json.loads((LOOS_EN_GOHELLE_FOLDER / "profile.json").read_text())
    assert str(loos.utilised_agricultural_area_ha) == profile["utilised_agricultural_area_ha"]
    assert PlanDocument.objects.filter(commune=loos, idurba=profile["plan_idurba"]).exists()
    counts = (Zone.objects.count(), OrganicParcel.objects.count())
    call_command("load_loos", stdout=io.StringIO())
    assert (Zone.objects.count(), OrganicParcel.objects.count()) == counts
