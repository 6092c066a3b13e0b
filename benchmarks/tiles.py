"""Benchmark: vector tiles at z10, z13 and z16 over the densest place of a layer.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/tiles.py [--layer parcels] [--runs 5]

Not a test and not part of pytest. It reads the database of DATABASE_URL (fill it first, for
instance with the data generator; never run it against production) and, for each zoom:

1. finds the tile over the densest cell of the layer (the centre of its most crowded 0.01° cell);
2. times the tile's SQL alone (`territory.tiles.tile_sql` as the view runs it: the bounded
   count, then the whole tile or, when crowded, its clusters; run by a bare cursor), the uncached
   tile (`render_tile`, what the view does on a cache miss) and the cached tile (`tiles.tile`
   after a first call: version lookup plus the shared cache's read);
3. prints the tile's size and the median of `--runs` runs of each, with the ratios to the bare SQL.

Results are printed as a Markdown table.
"""

import argparse
import json
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


def measure(layer_key: str, runs: int, zooms: list[int]) -> dict:
    """The densest cell of the layer and, per zoom, the tile's size and its median timings (ms).

    Needs Django set up (main does it).
    """
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import caches
    from django.db import connection

    from territory import tiles
    from territory.catalogue import layer

    entry = layer(layer_key)
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
        sys.exit(f"The layer {layer_key} is empty: fill the database first.")
    lon, lat, _ = found
    measured = []
    for z in zooms:
        z, x, y = tile_over(lon, lat, z)
        # The reference is the SQL the view runs for the tile (its count and, when crowded,
        # its clusters are in it); `rendered` says what the tile came as.
        rendered = tiles.render(entry, z, x, y, user=anonymous)
        sql, params = tiles.tile_sql(
            entry, z, x, y, commune=None, user=anonymous, cluster=tiles.clustered(entry, z)
        )

        def bare(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchone()

        def uncached(z=z, x=x, y=y):
            return tiles.render_tile(entry, z, x, y, user=anonymous)

        def cached(z=z, x=x, y=y):
            return tiles.tile(entry, z, x, y, user=anonymous)

        size = len(rendered.content)
        bare_ms = median_ms(bare, runs)
        uncached_ms = median_ms(uncached, runs)
        caches["tiles"].clear()
        cached()
        cached_ms = median_ms(cached, runs)
        measured.append(
            {"z": z, "x": x, "y": y, "clustered": rendered.clustered, "bytes": size}
            | {"bare_ms": bare_ms, "uncached_ms": uncached_ms, "cached_ms": cached_ms}
        )
    return {"lon": lon, "lat": lat, "tiles": measured}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layer", default="parcels")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--zooms", type=int, nargs="+", default=[10, 13, 16])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    import django

    django.setup()
    found = measure(args.layer, args.runs, args.zooms)
    if args.json:
        print(json.dumps(found))
        return
    lon, lat = found["lon"], found["lat"]
    print(f"Layer {args.layer}, densest cell at {lon:.4f}, {lat:.4f}, median of {args.runs} runs\n")
    print(
        "| zoom | tile | clusters | size (KB) | bare SQL (ms) | uncached (ms) | ratio "
        "| cached (ms) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for t in found["tiles"]:
        print(
            f"| {t['z']} | {t['x']}/{t['y']} | {'yes' if t['clustered'] else 'no'} | "
            f"{t['bytes'] / 1024:.1f} | {t['bare_ms']:.1f} | "
            f"{t['uncached_ms']:.1f} | {t['uncached_ms'] / t['bare_ms']:.2f} | "
            f"{t['cached_ms']:.2f} |"
        )


if __name__ == "__main__":
    main()
