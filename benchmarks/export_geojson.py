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
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
DATABASE = "cadre_bench"
PORT = 8765
GENERATED = "Parcelle de banc"
COLUMNS = (
    "p.id, p.name, p.code_cultu, p.crop_group, p.stage, p.engagement_date, "
    "p.certification_body, p.certification_state, p.campaign_year, p.area_ha, p.illustrative, "
    "c.insee AS commune_insee, p.geometry"
)


def run(command: list[str], *, env=None, timeout=900, capture=True) -> str:
    done = subprocess.run(  # noqa: S603 - fixed commands of this script
        command, env=env, check=True, timeout=timeout, capture_output=capture, text=True
    )
    return done.stdout if capture else ""


def psql(sql: str) -> str:
    return run(["psql", "-X", "-q", "-t", "-A", "-d", DATABASE, "-c", sql]).strip()


def app_env() -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgis:///{DATABASE}",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="benchmark-only-not-a-secret",  # noqa: S106 - a throwaway loopback server
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        LOG_LEVEL="WARNING",
    )
    return env


def prepare_database(total: int) -> None:
    """A fresh database, migrated, with Loos-en-Gohelle and `total` generated parcels."""
    run(["dropdb", "--if-exists", DATABASE])
    run(["createdb", DATABASE])
    env = app_env()
    run([str(PYTHON), "manage.py", "migrate", "--no-input", "-v", "0"], env=env)
    run([str(PYTHON), "manage.py", "load_loos"], env=env)
    psql("DELETE FROM land_use_organicparcel")
    side = int(total**0.5) + 1
    # Squares of about 11 m x 13 m on a grid over the commune's bounding box: valid polygons.
    psql(
        "INSERT INTO land_use_organicparcel (commune_id, farmer_id, name, code_cultu, crop_group,"
        " stage, engagement_date, certification_body, certification_state, campaign_year,"
        " geometry, archived_at, illustrative, source, created_at, updated_at) "
        f"SELECT c.id, NULL, '{GENERATED} ' || g, 'BTH', 'Céréales', 'AB', NULL, 'ecocert', "
        "'certified', 2025, ST_Multi(ST_MakeEnvelope("
        f"2.76 + (g % {side}) * 0.00019, 50.43 + (g / {side}) * 0.00016, "
        f"2.76 + (g % {side}) * 0.00019 + 0.00015, 50.43 + (g / {side}) * 0.00016 + 0.00012, "
        "4326)), NULL, true, 'benchmark', now(), now() "
        f"FROM generate_series(0, {total - 1}) AS g, territory_commune AS c "
        "WHERE c.insee = '62528'"
    )
    psql("ANALYZE land_use_organicparcel")


def keep_active(count: int) -> None:
    psql(
        f"UPDATE land_use_organicparcel SET archived_at = CASE WHEN rank <= {int(count)} "
        "THEN NULL ELSE now() END FROM (SELECT id, row_number() OVER (ORDER BY id) AS rank "
        "FROM land_use_organicparcel) AS r WHERE r.id = land_use_organicparcel.id"
    )


def vm_hwm_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for {pid}")


def worker_pid(master: int) -> int:
    for _attempt in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def download(url: str, target: Path) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=900) as response, target.open("wb") as out:  # noqa: S310 - loopback
        shutil.copyfileobj(response, out, 1024 * 1024)
    return time.perf_counter() - started


def features_in(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return len(json.load(handle)["features"])


def measure_app(folder: Path, count: int) -> dict:
    master = subprocess.Popen(  # noqa: S603
        [
            str(GUNICORN),
            "config.wsgi:application",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            "1",
            "--timeout",
            "900",
        ],
        cwd=ROOT,
        env=app_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _attempt in range(100):
            try:
                download(f"{base}/health/", folder / "health")
                break
            except OSError:
                time.sleep(0.2)
        worker = worker_pid(master.pid)
        download(f"{base}/exports/communes.geojson", folder / "warm.geojson")
        before = vm_hwm_kb(worker)
        target = folder / f"app-{count}.geojson"
        seconds = download(f"{base}/exports/parcels.geojson", target)
        after = vm_hwm_kb(worker)
    finally:
        master.terminate()
        master.wait(timeout=30)
    return {
        "seconds": seconds,
        "peak_mb": after / 1024,
        "growth_mb": (after - before) / 1024,
        "features": features_in(target),
        "bytes": target.stat().st_size,
    }


def measure_ogr2ogr(folder: Path, count: int) -> dict:
    target = folder / f"ogr2ogr-{count}.geojson"
    sql = (
        f"SELECT {COLUMNS} FROM land_use_organicparcel AS p "
        "JOIN territory_commune AS c ON c.id = p.commune_id "
        "WHERE p.archived_at IS NULL ORDER BY p.id"
    )
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603
        [  # noqa: S607 - Debian's ogr2ogr, found on PATH
            "ogr2ogr",
            "-f",
            "GeoJSON",
            str(target),
            f"PG:dbname={DATABASE}",
            "-sql",
            sql,
            "-lco",
            "RFC7946=YES",
            "-lco",
            "COORDINATE_PRECISION=6",
            "-nln",
            "parcels",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("ogr2ogr failed")
    return {
        "seconds": seconds,
        "peak_mb": usage.ru_maxrss / 1024,
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
                keep_active(count)
                app = measure_app(Path(folder), count)
                ogr = measure_ogr2ogr(Path(folder), count)
                if not app["features"] == ogr["features"] == count:
                    raise RuntimeError(f"Wrong feature counts: {app} {ogr}")
                rows.append((count, app, ogr))
                for path in Path(folder).glob("*.geojson"):
                    path.unlink()
    finally:
        if not args.keep:
            run(["dropdb", "--if-exists", DATABASE])
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
