"""Benchmark: vector tiles at z10, z13 and z16 over the densest place of a layer.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/tiles.py [--layer parcels] [--runs 5]

Not a test and not part of pytest. It reads the database of DATABASE_URL (fill it first, for
instance with the data generator; never run it against production) and, for each zoom:

1. finds the tile over the densest cell of the layer (the centre of its most crowded 0.01° cell);
2. times the tile SQL alone (`territory.tiles.tile_sql` run by a bare cursor), the uncached tile
   (`render_tile`, what the view does on a cache miss) and the cached tile (`tiles.tile` after a
   first call: version lookup plus the shared cache's read);
3. prints the tile's size and the median of `--runs` runs of each, with the ratios to the bare SQL.

Results are printed as a Markdown table.
"""

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def tile_over(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, x, y


def median_ms(function, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layer", default="parcels")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--zooms", type=int, nargs="+", default=[10, 13, 16])
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import caches
    from django.db import connection

    from territory import tiles
    from territory.catalogue import layer

    entry = layer(args.layer)
    anonymous = AnonymousUser()
    rows = entry.rows(None, anonymous)
    column = connection.ops.quote_name(entry.geometry_field)
    table = rows.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT avg(ST_X(ST_Centroid({column}))), avg(ST_Y(ST_Centroid({column}))), count(*) "  # noqa: S608
            f"FROM {table} GROUP BY ST_SnapToGrid(ST_Centroid({column}), 0.01) "
            "ORDER BY count(*) DESC LIMIT 1"
        )
        found = cursor.fetchone()
    if found is None:
        sys.exit(f"The layer {args.layer} is empty: fill the database first.")
    lon, lat, _ = found

    print(f"Layer {args.layer}, densest cell at {lon:.4f}, {lat:.4f}, median of {args.runs} runs\n")
    print("| zoom | tile | size (KB) | bare SQL (ms) | uncached (ms) | ratio | cached (ms) |")
    print("|---|---|---|---|---|---|---|")
    for z in args.zooms:
        z, x, y = tile_over(lon, lat, z)
        cluster = tiles.clustered(entry, z)
        sql, params = tiles.tile_sql(entry, z, x, y, commune=None, user=anonymous, cluster=cluster)

        def bare(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchone()

        def uncached(z=z, x=x, y=y):
            return tiles.render_tile(entry, z, x, y, user=anonymous)

        def cached(z=z, x=x, y=y):
            return tiles.tile(entry, z, x, y, user=anonymous)

        size = len(uncached())
        bare_ms = median_ms(bare, args.runs)
        uncached_ms = median_ms(uncached, args.runs)
        caches["tiles"].clear()
        cached()
        cached_ms = median_ms(cached, args.runs)
        print(
            f"| {z} | {x}/{y} | {size / 1024:.1f} | {bare_ms:.1f} | {uncached_ms:.1f} | "
            f"{uncached_ms / bare_ms:.2f} | {cached_ms:.2f} |"
        )


if __name__ == "__main__":
    main()
