import re
import zipfile
from pathlib import Path

import pyogrio
import pyogrio.raw
import pytest
import shapefile
import shapely
from django.core.management import CommandError, call_command

from land_use.cnig import (
    ZONE_URBA_FIELDS,
    CnigFileRefused,
    export_zone_urba,
    zones_import_cnig,
)
from land_use.models import PlanDocument, Zone
from tests.land_use.files import zone_urba_zip as _write_zone_urba

ZONE_ATTRIBUTES = (
    "libelle",
    "libelong",
    "typezone",
    "formdomi",
    "destoui",
    "destcdt",
    "destnon",
    "nomfic",
    "urlfic",
    "idurba",
    "datvalid",
    "commune_id",
    "plan_id",
)


def _zones_as_stored():
    return {
        zone.libelle: ({a: getattr(zone, a) for a in ZONE_ATTRIBUTES}, zone.geometry)
        for zone in Zone.objects.all()
    }


def _unzipped(archive: Path) -> Path:
    folder = archive.with_suffix("")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder)
    return folder


def read_dbf_fields(path: Path) -> dict[str, tuple[str, int]]:
    """The fields of a .dbf as written in its header: {NAME: (type letter, width)}."""
    with path.open("rb") as dbf, shapefile.Reader(dbf=dbf) as reader:
        return {field.name.upper(): (field.field_type, field.size) for field in reader.fields[1:]}


def test_export_names_the_files_after_the_insee_code_and_approval_date(loos, tmp_path):
    archive = export_zone_urba(commune=loos, folder=tmp_path)
    assert archive.name == "62528_ZONE_URBA_20240101.zip"
    names = set(zipfile.ZipFile(archive).namelist())
    assert {
        f"62528_ZONE_URBA_20240101.{ext}" for ext in ("shp", "shx", "dbf", "prj", "cpg")
    } <= names
    assert "62528_DOC_URBA_20240101.dbf" in names


def test_export_writes_the_standard_fields_with_their_widths_in_lambert_93(loos, tmp_path):
    folder = _unzipped(export_zone_urba(commune=loos, folder=tmp_path))
    shp = folder / "62528_ZONE_URBA_20240101.shp"
    fields = read_dbf_fields(shp.with_suffix(".dbf"))
    assert fields == {name: ("C", width) for name, width in ZONE_URBA_FIELDS}
    assert fields["LIBELLE"] == ("C", 12) and fields["TYPEZONE"] == ("C", 3)
    info = pyogrio.read_info(shp)
    assert info["crs"] == "EPSG:2154"
    frame = pyogrio.read_dataframe(shp)
    assert set(frame.geometry.geom_type) == {"Polygon"}
    # Multi-part zones are exploded: one record per polygon.
    parts = sum(zone.geometry.num_geom for zone in Zone.objects.all())
    assert len(frame) == parts > Zone.objects.count()
    assert set(frame["DATVALID"]) <= {"20240101", None}
    doc = pyogrio.read_dataframe(folder / "62528_DOC_URBA_20240101.dbf", read_geometry=False)
    assert doc["IDURBA"].tolist() == ["62528_PLU_20240101"]
    assert doc["DATAPPRO"].tolist() == ["20240101"]


def test_export_then_import_gives_back_the_same_zones(loos, tmp_path):
    before = _zones_as_stored()
    archive = export_zone_urba(commune=loos, folder=tmp_path)
    Zone.objects.all().delete()
    report = zones_import_cnig(commune=loos, source=archive)
    after = _zones_as_stored()
    assert report.zones == len(before)
    assert set(after) == set(before)
    for libelle, (attributes, geometry) in before.items():
        assert after[libelle][0] == attributes, libelle
        # Lambert-93 and back: the same vertices to a ten-billionth of a degree (about 10
        # micrometres), once both are in GEOS's normal form (rings may start elsewhere).
        assert (
            after[libelle][1]
            .normalize(clone=True)
            .equals_exact(geometry.normalize(clone=True), 1e-10)
        ), libelle
        assert after[libelle][1].num_geom == geometry.num_geom


def test_importing_a_file_again_updates_the_zones_in_place(loos, tmp_path):
    ids = dict(Zone.objects.values_list("libelle", "id"))
    zones_import_cnig(commune=loos, source=export_zone_urba(commune=loos, folder=tmp_path))
    assert dict(Zone.objects.values_list("libelle", "id")) == ids


def test_a_geopackage_zone_urba_is_imported_too(loos, tmp_path):
    folder = _unzipped(export_zone_urba(commune=loos, folder=tmp_path))
    frame = pyogrio.read_dataframe(folder / "62528_ZONE_URBA_20240101.shp")
    gpkg = tmp_path / "62528_PLU.gpkg"
    pyogrio.write_dataframe(frame, gpkg, layer="ZONE_URBA", driver="GPKG")
    before = _zones_as_stored()
    Zone.objects.all().delete()
    zones_import_cnig(commune=loos, source=gpkg)
    assert {k: v[0]["typezone"] for k, v in _zones_as_stored().items()} == {
        k: v[0]["typezone"] for k, v in before.items()
    }


def _row(libelle, typezone):
    return {
        "IDURBA": "62528_PLU_20250101",
        "LIBELLE": libelle,
        "LIBELONG": "",
        "TYPEZONE": typezone,
        "NOMFIC": "",
        "URLFIC": "",
        "DATVALID": "20250101",
    }


def test_a_file_breaking_the_standard_is_refused_with_all_its_faults(loos, tmp_path):
    rows = [_row("UZ", "U"), _row("XX", "Q")]
    for row in rows:
        del row["LIBELONG"]
    boxes = [shapely.box(2.79, 50.45, 2.80, 50.46), shapely.box(2.78, 50.44, 2.785, 50.445)]
    archive = _write_zone_urba(tmp_path / "62528_ZONE_URBA_20250101.shp", rows, boxes, epsg=4326)
    zones = Zone.objects.count()
    with pytest.raises(CnigFileRefused) as refused:
        zones_import_cnig(commune=loos, source=archive)
    faults = " | ".join(refused.value.faults)
    assert "EPSG:4326" in faults and "2154" in faults  # wrong CRS
    assert "LIBELONG" in faults  # missing field
    assert re.search(r"XX.*TYPEZONE [“«]\s?Q\s?[”»]", faults)  # unknown TYPEZONE
    assert len(refused.value.faults) == 3
    assert Zone.objects.count() == zones
    assert not PlanDocument.objects.filter(idurba="62528_PLU_20250101").exists()


def test_overlapping_zones_and_overlong_values_are_refused(loos, tmp_path):
    rows = [_row("UA", "U"), _row("NTRESLONGLIBELLE", "N")]
    boxes = [
        shapely.box(684000, 7039000, 684500, 7039500),
        shapely.box(684400, 7039400, 685000, 7040000),
    ]
    archive = _write_zone_urba(tmp_path / "62528_ZONE_URBA_20250101.shp", rows, boxes)
    with pytest.raises(CnigFileRefused) as refused:
        zones_import_cnig(commune=loos, source=archive)
    faults = " | ".join(refused.value.faults)
    assert "UA" in faults and "NTRESLONGLIBELLE" in faults and "10000" in faults  # 100 m by 100 m
    assert "12" in faults  # LIBELLE longer than the standard's 12 characters
    assert len(refused.value.faults) == 2


def test_a_file_that_is_not_a_cnig_archive_is_refused(loos, tmp_path):
    text = tmp_path / "zones.txt"
    text.write_text("pas un fichier SIG")
    with pytest.raises(CnigFileRefused):
        zones_import_cnig(commune=loos, source=text)
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as zipped:
        zipped.writestr("readme.txt", "rien")
    with pytest.raises(CnigFileRefused) as refused:
        zones_import_cnig(commune=loos, source=empty)
    assert "ZONE_URBA" in refused.value.faults[0]


def test_the_commands_export_and_import_the_cnig_files(loos, tmp_path, capsys):
    call_command("export_cnig", "--commune", "62528", "--output", str(tmp_path))
    archive = tmp_path / "62528_ZONE_URBA_20240101.zip"
    assert archive.exists()
    Zone.objects.all().delete()
    call_command("import_cnig", str(archive), "--commune", "62528")
    assert Zone.objects.count() == 12
    assert "12" in capsys.readouterr().out


def test_the_import_command_lists_the_faults(loos, tmp_path):
    archive = _write_zone_urba(
        tmp_path / "62528_ZONE_URBA_20250101.shp",
        [_row("XX", "Q")],
        [shapely.box(684000, 7039000, 684500, 7039500)],
    )
    with pytest.raises(CommandError) as refused:
        call_command("import_cnig", str(archive))
    assert "- " in str(refused.value) and "XX" in str(refused.value)


def test_the_faults_are_told_in_french(loos, tmp_path):
    from django.utils import translation

    row = _row("XX", "Q")
    del row["LIBELONG"]
    archive = _write_zone_urba(
        tmp_path / "62528_ZONE_URBA_20250101.shp",
        [row],
        [shapely.box(684000, 7039000, 684500, 7039500)],
    )
    with translation.override("fr"), pytest.raises(CnigFileRefused) as refused:
        zones_import_cnig(commune=loos, source=archive)
    assert "Le champ LIBELONG manque." in refused.value.faults
    assert any("n'est pas l'une des valeurs" in fault for fault in refused.value.faults)
