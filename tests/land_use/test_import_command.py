"""`manage.py import_parcels`: a planner loads an RPG or Agence Bio file into a commune."""

import io
from pathlib import Path

import geopandas
import pytest
import shapely
from django.core.management import CommandError, call_command

from land_use.models import OrganicParcel, ParcelEvent
from tests.land_use import files
from tests.land_use.factories import planner
from tests.land_use.parcels import field


def rpg_file(folder: Path) -> Path:
    """Three good parcels, a bowtie, an unknown crop code, and one in Lens (outside)."""
    unknown = geopandas.GeoDataFrame(
        {"ID_PARCEL": ["501"], "CODE_CULTU": ["ZZZ"], "SURF_PARC": [3.0]},
        geometry=[shapely.from_wkt(field(2, 1).wkt)],
        crs=4326,
    )
    frame = geopandas.pd.concat(
        [
            files.three_parcels(crs=2154),
            files.bowtie_frame().to_crs(2154),
            unknown.to_crs(2154),
            files.lens_frame().to_crs(2154),
        ],
        ignore_index=True,
    )
    path = folder / "PARCELLES_GRAPHIQUES.gpkg"
    path.write_bytes(files.geopackage(("PARCELLES_GRAPHIQUES", frame)))
    return path


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_parcels", *args, stdout=out)
    return out.getvalue()


def test_an_rpg_file_is_imported_with_a_report_of_what_was_skipped_and_why(loos, tmp_path):
    boss = planner(username="urbaniste")
    report = run(str(rpg_file(tmp_path)), "--commune", "62528", "--by", "urbaniste")

    assert report.splitlines()[0] == "Importées : 3 parcelles ; ignorées : 2."
    assert "#4 Parcelle 201: Le contour se croise lui-même" in report
    assert "#5 Parcelle 501: « ZZZ » n’est pas un code culture du RPG" in report
    imported = OrganicParcel.objects.filter(source="PARCELLES_GRAPHIQUES.gpkg")
    assert sorted(imported.values_list("name", flat=True)) == [
        "Parcelle 101",
        "Parcelle 102",
        "Parcelle 103",
    ]
    assert all(p.farmer is None and p.stage == "AB" for p in imported)
    assert set(ParcelEvent.objects.filter(parcel__in=imported).values_list("actor", "action")) == {
        (boss.pk, "imported")
    }


def test_an_agence_bio_shapefile_brings_its_conversion_levels(loos, tmp_path):
    planner(username="urbaniste")
    frame = files.three_parcels()
    frame["CONV_NIV"] = ["AB", "C2", "C1"]
    frame["DATE_ENGAG"] = ["2015-04-01", "2024-05-15", "2025-03-01"]
    frame.to_file(tmp_path / "bio.shp", engine="pyogrio")
    run(str(tmp_path / "bio.shp"), "--commune", "62528", "--by", "urbaniste")
    stages = dict(OrganicParcel.objects.filter(source="bio.shp").values_list("name", "stage"))
    assert stages == {"Parcelle 101": "AB", "Parcelle 102": "C2", "Parcelle 103": "C1"}


def test_a_dry_run_stores_nothing(loos, tmp_path):
    planner(username="urbaniste")
    path = rpg_file(tmp_path)
    report = run(str(path), "--commune", "62528", "--by", "urbaniste", "--dry-run")
    assert report.startswith("Essai à blanc, rien n’est enregistré : 3 à importer, 2 ignorées.")
    assert OrganicParcel.objects.count() == 8


def test_only_a_planner_may_import(loos, tmp_path):
    with pytest.raises(CommandError):
        run(str(rpg_file(tmp_path)), "--commune", "62528", "--by", "nobody")
    assert OrganicParcel.objects.count() == 8
