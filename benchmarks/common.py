# SQL below is built from the scripts' own constants and integers, never from outside input.
# ruff: noqa: S608
"""What the benchmark scripts share: commands, psql, the production environment of a loopback
gunicorn, its worker's peak memory, downloads and the peak memory of a child command.

Not a test and not part of pytest; imported by the scripts of this folder (they put the folder on
sys.path themselves, since they run as plain scripts).
"""

import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def run(command: list[str], *, env=None, timeout=1800, check=True, cwd=ROOT) -> str:
    done = subprocess.run(  # noqa: S603 - fixed commands of the benchmark scripts
        command, env=env, check=check, timeout=timeout, capture_output=True, text=True, cwd=cwd
    )
    return done.stdout


def psql(database: str, sql: str, *, connection: tuple[str, ...] = ()) -> str:
    """One statement through psql, its unaligned output (`connection`: -h/-p of another cluster)."""
    return run(["psql", "-X", "-q", *connection, "-t", "-A", "-d", database, "-c", sql]).strip()


def app_env(database_url: str, **overrides: str) -> dict:
    """The environment of the app with the production settings, serving 127.0.0.1 over HTTP."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="benchmark-only-not-a-secret",  # noqa: S106 - a throwaway loopback server
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(overrides)
    return env


def keep_active_parcels(database: str, count: int) -> None:
    """Exactly `count` active parcels (the first by id); the others archived, which layers skip."""
    psql(
        database,
        f"UPDATE land_use_organicparcel SET archived_at = CASE WHEN rank <= {int(count)} "
        "THEN NULL ELSE now() END FROM (SELECT id, row_number() OVER (ORDER BY id) AS rank "
        "FROM land_use_organicparcel) AS r WHERE r.id = land_use_organicparcel.id",
    )
    psql(database, "VACUUM ANALYZE land_use_organicparcel")


def vm_hwm_kb(pid: int) -> int:
    """A process's peak resident memory so far (VmHWM), in KB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for {pid}")


def worker_pid(master: int) -> int:
    """The first worker of a gunicorn master."""
    for _attempt in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def download(url: str, target: Path, *, timeout: float = 1800) -> float:
    """Seconds to download `url` into `target`."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as response, target.open("wb") as out:  # noqa: S310 - loopback
        shutil.copyfileobj(response, out, 1024 * 1024)
    return time.perf_counter() - started


def start_gunicorn(
    port: int, env: dict, *, workers: int = 1, timeout: int = 1800, log: Path | None = None
) -> subprocess.Popen:
    """gunicorn serving the app on 127.0.0.1:`port`, returned once /health/ answers."""
    server = subprocess.Popen(  # noqa: S603 - fixed command of the benchmark scripts
        [
            str(GUNICORN),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            str(timeout),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w") if log else subprocess.DEVNULL,
    )
    for _attempt in range(240):
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up{f'; see {log}' if log else ''}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=10)
            return server
        except OSError:
            time.sleep(0.25)
    stop(server)
    raise RuntimeError("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def measure_downloads(
    port: int, env: dict, folder: Path, *, warm: str, path: str, name: str, runs: int = 1
) -> dict:
    """A fresh one-worker gunicorn, warmed up by `warm`, downloads `path` `runs` times.

    Returns the time of the first run and the times of all, the worker's peak resident memory
    after them and its growth from the end of the warm-up, and the last file (kept in `folder`
    as `name`).
    """
    server = start_gunicorn(port, env)
    try:
        base = f"http://127.0.0.1:{port}"
        worker = worker_pid(server.pid)
        download(f"{base}{warm}", folder / "warm")
        before = vm_hwm_kb(worker)
        target = folder / name
        seconds = [download(f"{base}{path}", target) for _ in range(runs)]
        after = vm_hwm_kb(worker)
    finally:
        stop(server)
    return {
        "seconds": seconds[0],
        "times": seconds,
        "peak_mb": after / 1024,
        "growth_mb": (after - before) / 1024,
        "path": target,
        "bytes": target.stat().st_size,
    }


def timed_child(command: list[str], *, env=None, stdout=subprocess.DEVNULL) -> tuple[float, int]:
    """Runs a command; its wall time (s) and peak resident memory (KB, wait4's ru_maxrss)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 - fixed commands of the benchmark scripts
            command, stdout=stdout, stderr=errors, env=env, cwd=ROOT
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{command[0]} failed:\n{tail}")
    return seconds, usage.ru_maxrss


# The system programs the benchmarks compare against or drive, and their Debian packages.
SYSTEM_TOOLS = {"ogr2ogr": "gdal-bin", "chromium": "chromium", "psql": "postgresql-client"}


def require_system_tools() -> None:
    """Install the missing reference tools (as root, like scripts/setup.sh), or say which."""
    missing = sorted({package for tool, package in SYSTEM_TOOLS.items() if not shutil.which(tool)})
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit(f"The benchmarks need: apt-get install {' '.join(missing)}")
    print(f"Installing {', '.join(missing)} (apt-get)", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-qq"], env=env)
    run(["apt-get", "install", "-y", "-qq", *missing], env=env)
