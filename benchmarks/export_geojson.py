# SQL below is built from this script's own constants and integers, never from outside input.
# ruff: noqa: S608
"""Benchmark: a layer of generated parcels exported as GeoJSON by the app and by ogr2ogr.

    .venv/bin/python benchmarks/export_geojson.py [--sizes 10000 100000] [--keep]

Not a test and not part of pytest. Everything stays on this machine: a separate PostgreSQL
database (`cadre_bench`, dropped at the end unless --keep), a gunicorn worker listening on
127.0.0.1 with the production settings, and Debian's `ogr2ogr` (gdal-bin) reading the same table
through a PG: connection. For each size the script:

1. keeps exactly N active parcels in the table (the others archived, which the layer leaves out);
2. starts a fresh gunicorn with one worker, warms it up, then downloads /exports/parcels.geojson
   through a real HTTP request and reads the worker's peak resident memory (VmHWM) before/after;
3. runs ogr2ogr on the same rows and columns to a GeoJSON file and reads its peak memory;
4. checks that both files hold N features.

Results are printed as a Markdown table (see benchmarks/README.md for a run).
"""

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    PYTHON,
    app_env,
    keep_active_parcels,
    measure_downloads,
    psql,
    run,
    timed_child,
)

DATABASE = "cadre_bench"
PORT = 8765
GENERATED = "Parcelle de banc"
COLUMNS = (
    "p.id, p.name, p.code_cultu, p.crop_group, p.stage, p.engagement_date, "
    "p.certification_body, p.certification_state, p.campaign_year, p.area_ha, p.illustrative, "
    "c.insee AS commune_insee, p.geometry"
)


def prepare_database(total: int) -> None:
    """A fresh database, migrated, with Loos-en-Gohelle and `total` generated parcels."""
    run(["dropdb", "--force", "--if-exists", DATABASE])
    run(["createdb", DATABASE])
    env = app_env(f"postgis:///{DATABASE}")
    run([str(PYTHON), "manage.py", "migrate", "--no-input", "-v", "0"], env=env)
    run([str(PYTHON), "manage.py", "load_loos"], env=env)
    psql(DATABASE, "DELETE FROM land_use_organicparcel")
    side = int(total**0.5) + 1
    # Squares of about 11 m x 13 m on a grid over the commune's bounding box: valid polygons.
    psql(
        DATABASE,
        "INSERT INTO land_use_organicparcel (commune_id, farmer_id, name, code_cultu, crop_group,"
        " stage, engagement_date, certification_body, certification_state, campaign_year,"
        " geometry, archived_at, illustrative, source, created_at, updated_at) "
        f"SELECT c.id, NULL, '{GENERATED} ' || g, 'BTH', 'Céréales', 'AB', NULL, 'ecocert', "
        "'certified', 2025, ST_Multi(ST_MakeEnvelope("
        f"2.76 + (g % {side}) * 0.00019, 50.43 + (g / {side}) * 0.00016, "
        f"2.76 + (g % {side}) * 0.00019 + 0.00015, 50.43 + (g / {side}) * 0.00016 + 0.00012, "
        "4326)), NULL, true, 'benchmark', now(), now() "
        f"FROM generate_series(0, {total - 1}) AS g, territory_commune AS c "
        "WHERE c.insee = '62528'",
    )
    psql(DATABASE, "ANALYZE land_use_organicparcel")


def features_in(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return len(json.load(handle)["features"])


def measure_app(folder: Path, count: int) -> dict:
    measured = measure_downloads(
        PORT,
        app_env(f"postgis:///{DATABASE}"),
        folder,
        warm="/exports/communes.geojson",
        path="/exports/parcels.geojson",
        name=f"app-{count}.geojson",
    )
    return {**measured, "features": features_in(measured["path"])}


def ogr2ogr_geojson(target: Path, database: str, sql: str) -> tuple[float, int]:
    """Debian's ogr2ogr writing the rows of `sql` as RFC 7946 GeoJSON: seconds, peak KB."""
    return timed_child(
        [
            "ogr2ogr",
            "-f",
            "GeoJSON",
            str(target),
            f"PG:dbname={database}",
            "-sql",
            sql,
            "-lco",
            "RFC7946=YES",
            "-lco",
            "COORDINATE_PRECISION=6",
            "-nln",
            "parcels",
        ]
    )


def measure_ogr2ogr(folder: Path, count: int) -> dict:
    target = folder / f"ogr2ogr-{count}.geojson"
    sql = (
        f"SELECT {COLUMNS} FROM land_use_organicparcel AS p "
        "JOIN territory_commune AS c ON c.id = p.commune_id "
        "WHERE p.archived_at IS NULL ORDER BY p.id"
    )
    seconds, peak_kb = ogr2ogr_geojson(target, DATABASE, sql)
    return {
        "seconds": seconds,
        "peak_mb": peak_kb / 1024,
        "features": features_in(target),
        "bytes": target.stat().st_size,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--keep", action="store_true", help="keep the cadre_bench database")
    args = parser.parse_args()
    if shutil.which("ogr2ogr") is None:
        print("ogr2ogr is missing: apt-get install gdal-bin", file=sys.stderr)
        return 1
    prepare_database(max(args.sizes))
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-geojson-") as folder:
            for count in args.sizes:
                keep_active_parcels(DATABASE, count)
                app = measure_app(Path(folder), count)
                ogr = measure_ogr2ogr(Path(folder), count)
                if not app["features"] == ogr["features"] == count:
                    raise RuntimeError(f"Wrong feature counts: {app} {ogr}")
                rows.append((count, app, ogr))
                for path in Path(folder).glob("*.geojson"):
                    path.unlink()
    finally:
        if not args.keep:
            run(["dropdb", "--force", "--if-exists", DATABASE])
    print(
        "| features | app time (s) | app worker peak RSS (MB) | worker growth during export"
        " (MB) | app file (MB) | ogr2ogr time (s) | ogr2ogr peak RSS (MB) | ogr2ogr file (MB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count, app, ogr in rows:
        print(
            f"| {count:,} | {app['seconds']:.2f} | {app['peak_mb']:.0f} | "
            f"{app['growth_mb']:.1f} | {app['bytes'] / 2**20:.1f} | {ogr['seconds']:.2f} | "
            f"{ogr['peak_mb']:.0f} | {ogr['bytes'] / 2**20:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
