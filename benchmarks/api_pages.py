"""Benchmark: a REST API page of 1,000 proposals, written by PostGIS and by the serializer,
against the OGC API's page of the same 1,000 features, in the same run.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/api_pages.py [--commune 62528] [--runs 7]

Not a test and not part of pytest. It reads the database of DATABASE_URL (fill it first, e.g.
`manage.py generate_data --communes 62528 --proposals 1000`; never against production), runs
each request in process through Django's test client (the whole request: middleware, filters,
pagination, rendering), after one warm-up, and prints the median of `--runs` runs as Markdown.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commune", default="62528")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    from mapping.api.views import ProposalViewSet

    client = Client(HTTP_HOST="localhost")
    api = f"/api/v1/proposals/?page_size=1000&commune={args.commune}"
    ogc = f"/ogc/collections/proposals/items?limit=1000&commune={args.commune}"

    def timed(url: str, *, by_postgis: bool = True) -> tuple[float, int, int]:
        ProposalViewSet.geojson_by_postgis = by_postgis
        client.get(url)  # warm-up
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise SystemExit(f"{url}: {response.status_code} {response.content[:300]!r}")
        body = response.content
        features = len(json.loads(body)["features"])
        return statistics.median(times), features, len(body)

    ogc_time, ogc_n, ogc_size = timed(ogc)
    rows = [
        ("REST API, serializer (before)", *timed(api, by_postgis=False)),
        ("REST API, PostGIS (after)", *timed(api, by_postgis=True)),
        ("OGC API items (reference)", ogc_time, ogc_n, ogc_size),
    ]
    print(f"| request | features | body (kB) | median of {args.runs} (s) | ratio to OGC API |")
    print("|---|---:|---:|---:|---:|")
    for name, seconds, count, size in rows:
        print(
            f"| {name} | {count} | {size / 1000:.0f} | {seconds:.3f} | {seconds / ogc_time:.2f} |"
        )


if __name__ == "__main__":
    main()
