"""Benchmark: the GeoPackage atlas of a generated commune, by the app and by ogr2ogr.

    .venv/bin/python benchmarks/atlas.py [--sizes 10000 100000] [--proposals 5000] [--keep]

Not a test and not part of pytest. Everything stays on this machine: a separate PostgreSQL
database (`cadre_bench_atlas`, dropped at the end unless --keep), filled by
`manage.py generate_data` (one commune, Liévin, with the largest size of parcels), a gunicorn
worker on 127.0.0.1 with the production settings, and Debian's `ogr2ogr` (gdal-bin). For each
size N the script:

1. keeps exactly N active parcels (the others archived, which the layer leaves out);
2. starts a fresh gunicorn with one worker, warms it up, downloads /exports/atlas.gpkg through
   a real HTTP request and reads the worker's peak resident memory (VmHWM) before and after;
3. runs ogr2ogr PG → GPKG on the same rows and columns of every layer (the SQL the catalogue
   compiles, printed by Django), one layer after the other into one file, and reads its peak
   memory (the largest of the runs) and the total time;
4. checks that both files hold N parcels.
"""

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, app_env, keep_active_parcels, measure_downloads, run, timed_child

DATABASE = "cadre_bench_atlas"
PORT = 8767
INSEE = "62510"

# Prints, for each layer of the catalogue, the SQL of its public rows in Lambert-93 (what the app
# writes), with its parameters inlined, for ogr2ogr's -sql.
LAYER_SQL = """
import json
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import EmptyResultSet
from django.db import connection
from mapping.exports.geopackage import layer_name
from mapping.exports.rows import _quoted
from territory.catalogue import layers
from territory.models import Commune
commune = Commune.objects.get(insee=%r)
out = {}
for collection in layers():
    columns = collection.columns_for(personal=False)
    field = collection.geometry_field
    queryset = collection.queryset(commune=commune, user=AnonymousUser(), personal=False)
    try:
        values = queryset.values("id", field, *(c.name for c in columns))
        inner, params = values.query.sql_with_params()
    except EmptyResultSet:
        continue
    selected = "".join(", t." + _quoted(c.name) for c in columns)
    sql = ("SELECT t.id AS source_id, ST_Transform(t." + _quoted(field) + ", "
           + str(commune.projected_srid) + ") AS geom" + selected + " FROM (" + inner + ") AS t")
    composed = connection.ops.compose_sql(sql, params)
    out[layer_name(collection)] = [composed, collection.geometry_type]
print(json.dumps(out))
"""


def prepare_database(total: int, proposals: int, database: str = DATABASE) -> float:
    """A fresh database, migrated, with one generated commune; returns the generator's time."""
    run(["dropdb", "--force", "--if-exists", database])
    run(["createdb", database])
    env = app_env(f"postgis:///{database}")
    run([str(PYTHON), "manage.py", "migrate", "--no-input", "-v", "0"], env=env)
    started = time.perf_counter()
    run(
        [
            str(PYTHON),
            "manage.py",
            "generate_data",
            "--communes",
            INSEE,
            "--parcels",
            str(total),
            "--proposals",
            str(proposals),
            "--seed",
            "1",
        ],
        env=env,
    )
    return time.perf_counter() - started


def parcels_in(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM parcels").fetchone()[0]


def layer_sql(database: str = DATABASE) -> dict:
    """The SQL of every layer's public rows in Lambert-93, as the catalogue compiles it."""
    env = app_env(f"postgis:///{database}")
    printed = run([str(PYTHON), "manage.py", "shell", "-c", LAYER_SQL % INSEE], env=env)
    # The last line: Django may print its system checks' warnings before.
    return json.loads(printed.strip().splitlines()[-1])


def measure_app(folder: Path, count: int, database: str = DATABASE, runs: int = 1) -> dict:
    measured = measure_downloads(
        PORT,
        app_env(f"postgis:///{database}"),
        folder,
        warm=f"/exports/communes.geojson?commune={INSEE}",
        path=f"/exports/atlas.gpkg?commune={INSEE}",
        name=f"app-{count}.gpkg",
        runs=runs,
    )
    return {**measured, "parcels": parcels_in(measured["path"])}


def measure_ogr2ogr(folder: Path, count: int, layer_sql: dict, database: str = DATABASE) -> dict:
    target = folder / f"ogr2ogr-{count}.gpkg"
    peak, seconds = 0, 0.0
    for index, (name, (sql, geometry_type)) in enumerate(layer_sql.items()):
        command = ["ogr2ogr", "-f", "GPKG", str(target), f"PG:dbname={database}", "-sql", sql]
        # The catalogue's "Unknown" (points, lines and areas mixed) is ogr2ogr's GEOMETRY.
        nlt = "GEOMETRY" if geometry_type == "Unknown" else geometry_type.upper()
        command += ["-nln", name, "-nlt", nlt, "-lco", "FID=fid"]
        if index:
            command.insert(1, "-update")
        layer_seconds, layer_peak = timed_child(command)
        seconds += layer_seconds
        peak = max(peak, layer_peak)
    return {
        "seconds": seconds,
        "peak_mb": peak / 1024,
        "parcels": parcels_in(target),
        "bytes": target.stat().st_size,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--proposals", type=int, default=5_000)
    parser.add_argument("--keep", action="store_true", help=f"keep the {DATABASE} database")
    args = parser.parse_args()
    if shutil.which("ogr2ogr") is None:
        print("ogr2ogr is missing: apt-get install gdal-bin", file=sys.stderr)
        return 1
    generated = prepare_database(max(args.sizes), args.proposals)
    rows = []
    try:
        layers_sql = layer_sql()
        with tempfile.TemporaryDirectory(prefix="bench-atlas-") as folder:
            for count in args.sizes:
                keep_active_parcels(DATABASE, count)
                app = measure_app(Path(folder), count)
                ogr = measure_ogr2ogr(Path(folder), count, layers_sql)
                if not app["parcels"] == ogr["parcels"] == count:
                    raise RuntimeError(f"Wrong parcel counts: {app} {ogr}")
                rows.append((count, app, ogr))
                for path in Path(folder).glob("*.gpkg"):
                    path.unlink()
    finally:
        if not args.keep:
            run(["dropdb", "--force", "--if-exists", DATABASE])
    print(
        f"generate_data, {max(args.sizes):,} parcels and {args.proposals:,} proposals: "
        f"{generated:.0f} s\n"
    )
    print(
        "| parcels | app time (s) | app worker peak RSS (MB) | worker growth during export (MB)"
        " | app file (MB) | ogr2ogr time (s) | ogr2ogr peak RSS (MB) | ogr2ogr file (MB) |"
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
