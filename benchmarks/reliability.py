# SQL below is built from this script's own constants and integers, never from outside input.
# ruff: noqa: S608
"""Load and fault run: residents writing under load, then PostgreSQL stopped and started again.

    .venv/bin/python benchmarks/reliability.py [--clients 50] [--seconds 60] [--outage 5]

Not a test and not part of pytest: a measurement a person runs on purpose, on loopback only,
bounded in time (about twice --seconds plus set-up) and in count (--clients). It uses a PostgreSQL
cluster of its own (`cdvrel`, on port 5444, created and dropped by the script), so stopping its
database disturbs nothing else on the machine.

1. Creates the cluster and a database, migrates it, loads Loos-en-Gohelle, makes --clients
   resident accounts with API tokens, and starts gunicorn with the production settings and
   4 sync workers on 127.0.0.1:8766.
2. **Load**: --clients threads, each as one resident, loop for --seconds: post a proposal, comment
   on a random proposal, support another (a 1 s pause between rounds, as a person would not post
   faster), while another thread downloads /exports/proposals.geojson again and again.
3. **Fault**: the same load; after a third of the time PostgreSQL is stopped for --outage seconds
   and started again.
4. Checks that every write the app acknowledged (201 with an id) is in the database, and prints
   a summary: requests, statuses, p50/p95 latency, 5xx other than 503, the 503s and when they
   happened relative to the outage, and the time from the database's return to the first success.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, app_env, run, start_gunicorn, stop
from common import psql as psql_in

CLUSTER = ("15", "cdvrel")
PG_PORT = 5444
DATABASE = "cadre_reliability"
APP_PORT = 8766
USER = os.environ.get("USER", "root")
# gunicorn's and the app's errors, kept for reading after the run.
SERVER_LOG = ROOT / "benchmarks" / "results" / "tmp" / "reliability-server.log"
SOCKET = ("-h", "/var/run/postgresql", "-p", str(PG_PORT))
PSQL = ("psql", "-X", "-q", *SOCKET)
BASE = f"http://127.0.0.1:{APP_PORT}"
# Points inside Loos-en-Gohelle, around the town centre and the 11/19 base.
POINTS = [(2.785 + 0.002 * i, 50.455 + 0.0015 * j) for i in range(6) for j in range(6)]


def pg_ctl(action: str) -> None:
    run(["pg_ctlcluster", "--skip-systemctl-redirect", *CLUSTER, action])


def psql(sql: str) -> str:
    return psql_in(DATABASE, sql, connection=SOCKET)


def create_cluster() -> None:
    drop_cluster()
    run(["pg_createcluster", *CLUSTER, "-p", str(PG_PORT), "--", "--auth=trust"])
    pg_ctl("start")
    run(
        [*PSQL, "-U", "postgres", "-c", f"CREATE ROLE {USER} SUPERUSER LOGIN"],
        check=False,
    )
    run(["createdb", "-h", "/var/run/postgresql", "-p", str(PG_PORT), DATABASE])


def drop_cluster() -> None:
    run(["pg_dropcluster", "--stop", *CLUSTER], check=False)


# Fifty residents all write from 127.0.0.1 here: the per-address limits on writes (README
# "Limits") would turn them away, so this run lifts them; the accounts' stay.
LIFTED_ADDRESS_LIMITS = {
    "LIMIT_PROPOSALS_PER_ADDRESS": "",
    "LIMIT_COMMENTS_PER_ADDRESS": "",
    "LIMIT_SUPPORTS_PER_ADDRESS": "",
}


def reliability_env() -> dict:
    return app_env(
        f"postgis://{USER}@127.0.0.1:{PG_PORT}/{DATABASE}",
        SECRET_KEY="reliability-run-only-not-a-secret",  # noqa: S106 - throwaway loopback server
        TILE_CACHE_DIR=str(ROOT / "var" / "reliability-tiles"),
        **LIFTED_ADDRESS_LIMITS,
    )


def make_tokens(env: dict, clients: int) -> list[str]:
    """`clients` resident accounts (charge0, charge1...) and their API tokens."""
    script = (
        "from django.contrib.auth import get_user_model\n"
        "from rest_framework.authtoken.models import Token\n"
        "User = get_user_model()\n"
        f"for n in range({clients}):\n"
        "    user, _ = User.objects.get_or_create(username=f'charge{n}',"
        " defaults={'email': f'charge{n}@example.org', 'display_name': f'Habitant {n}'})\n"
        "    print(Token.objects.get_or_create(user=user)[0].key)\n"
    )
    tokens = run([str(PYTHON), "manage.py", "shell", "-v", "0", "-c", script], env=env).split()
    if len(tokens) != clients:
        raise RuntimeError(f"expected {clients} tokens, got {tokens}")
    return tokens


def prepare(clients: int) -> list[str]:
    """The database with Loos-en-Gohelle and `clients` residents; returns their API tokens."""
    env = reliability_env()
    run([str(PYTHON), "manage.py", "migrate", "--no-input", "-v", "0"], env=env)
    run([str(PYTHON), "manage.py", "load_loos"], env=env)
    return make_tokens(env, clients)


@dataclass
class Outcome:
    kind: str
    status: int  # 0: no HTTP answer (connection refused or reset by the app server)
    seconds: float
    at: float  # time.monotonic() when it finished
    acknowledged_id: int | None = None


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


def request(method: str, path: str, token: str | None, body: dict | None = None, base=BASE):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    req = urllib.request.Request(f"{base}{path}", data=data, method=method, headers=headers)  # noqa: S310
    started = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:  # noqa: S310 - loopback
            payload = answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        payload, status = error.read(), error.code
    except (OSError, http.client.HTTPException):
        # No answer, or an answer cut in the middle (a streamed export when the database stops).
        payload, status = b"", 0
    return status, payload, time.monotonic() - started


def proposal_body(rng: random.Random, points: list[tuple[float, float]]) -> dict:
    """A resident's proposal at one of `points` (the API's JSON)."""
    lon, lat = rng.choice(points)
    return {
        "title": f"Idée {rng.randrange(10**6)}",
        "description": "Proposition envoyée pendant l'essai de charge.",
        "category": "public_space",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def resident(token: str, until: float, run_: Run, rng: random.Random) -> None:
    known: list[int] = []
    while time.monotonic() < until:
        status, payload, seconds = request(
            "POST", "/api/v1/proposals/", token, proposal_body(rng, POINTS)
        )
        ack = _id(payload) if status == 201 else None
        if ack:
            known.append(ack)
        run_.add(Outcome("proposal", status, seconds, time.monotonic(), ack))
        if known:
            target = rng.choice(known)
            body = {"proposal": target, "body": "Je soutiens, et je précise un détail."}
            status, payload, seconds = request("POST", "/api/v1/comments/", token, body)
            ack = _id(payload) if status == 201 else None
            run_.add(Outcome("comment", status, seconds, time.monotonic(), ack))
        status, _payload, seconds = request(
            "POST", f"/api/v1/proposals/{rng.choice(known or [1])}/support/", token, {}
        )
        run_.add(Outcome("support", status, seconds, time.monotonic()))
        time.sleep(1)


def exporter(until: float, run_: Run) -> None:
    while time.monotonic() < until:
        status, _payload, seconds = request("GET", "/exports/proposals.geojson", None)
        run_.add(Outcome("export", status, seconds, time.monotonic()))
        if status != 200:
            time.sleep(0.5)


def _id(payload: bytes) -> int | None:
    try:
        document = json.loads(payload)
    except ValueError:
        return None
    return document.get("id") if isinstance(document, dict) else None


def phase(tokens: list[str], seconds: float, outage: float | None) -> tuple[Run, dict]:
    run_ = Run()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=resident, args=(token, until, run_, random.Random(n)))  # noqa: S311 - load, not secrets
        for n, token in enumerate(tokens)
    ]
    threads.append(threading.Thread(target=exporter, args=(until, run_)))
    for thread in threads:
        thread.start()
    fault: dict = {}
    if outage is not None:
        time.sleep(seconds / 3)
        fault["stopped_at"] = time.monotonic()
        pg_ctl("stop")
        time.sleep(outage)
        pg_ctl("start")
        fault["started_at"] = time.monotonic()
    for thread in threads:
        thread.join()
    return run_, fault


def missing_acknowledged(run_: Run) -> dict[str, int]:
    missing = {}
    for kind, table in (("proposal", "mapping_proposal"), ("comment", "mapping_comment")):
        ids = [o.acknowledged_id for o in run_.outcomes if o.kind == kind and o.acknowledged_id]
        if not ids:
            missing[kind] = 0
            continue
        found = int(psql(f"SELECT count(*) FROM {table} WHERE id IN ({','.join(map(str, ids))})"))
        missing[kind] = len(set(ids)) - found
    return missing


def summary(name: str, run_: Run, fault: dict, seconds: float) -> dict:
    writes = [o for o in run_.outcomes if o.kind != "export"]
    latencies = sorted(o.seconds for o in writes if 200 <= o.status < 300)
    statuses = Counter(o.status for o in run_.outcomes)
    other_5xx = sum(n for status, n in statuses.items() if status >= 500 and status != 503)
    line = {
        "phase": name,
        "requests": len(run_.outcomes),
        "writes per second": round(sum(1 for o in writes if o.status in (200, 201)) / seconds, 1),
        "p50 (s)": round(statistics.median(latencies), 3) if latencies else None,
        "p95 (s)": round(latencies[int(0.95 * (len(latencies) - 1))], 3) if latencies else None,
        "statuses": dict(sorted(statuses.items())),
        "5xx other than 503": other_5xx,
        "writes without an answer": sum(1 for o in writes if o.status == 0),
        "exports cut short": sum(1 for o in run_.outcomes if o.kind == "export" and not o.status),
        "acknowledged but missing": missing_acknowledged(run_),
    }
    if fault:
        unavailable = [o for o in run_.outcomes if o.status == 503]
        back = [o.at for o in run_.outcomes if 200 <= o.status < 300 and o.at > fault["started_at"]]
        # A request that started just before the stop may end in a 503, and recovery is promised
        # within 10 s of the database's return: 503s outside that window are failures.
        line["503 outside the outage"] = sum(
            1
            for o in unavailable
            if not (fault["stopped_at"] - o.seconds <= o.at <= fault["started_at"] + 10)
        )
        line["first success after the database is back (s)"] = (
            round(min(back) - fault["started_at"], 2) if back else None
        )
    return line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--outage", type=float, default=5)
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 5 <= args.seconds <= 300:
        parser.error("keep it bounded: 1 to 200 clients, 5 to 300 seconds")
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    create_cluster()
    server = None
    try:
        tokens = prepare(args.clients)
        server = start_gunicorn(APP_PORT, reliability_env(), workers=4, timeout=60, log=SERVER_LOG)
        results = []
        load, _ = phase(tokens, args.seconds, None)
        results.append(summary("load", load, {}, args.seconds))
        faulted, fault = phase(tokens, args.seconds, args.outage)
        name = f"load + PostgreSQL stopped {args.outage:g} s"
        results.append(summary(name, faulted, fault, args.seconds))
    finally:
        if server is not None:
            stop(server)
        drop_cluster()
    print(json.dumps(results, indent=2, ensure_ascii=False))
    failed = any(
        r["5xx other than 503"]
        or r["writes without an answer"]
        or r.get("503 outside the outage")
        or any(r["acknowledged but missing"].values())
        for r in results
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
