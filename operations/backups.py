"""Backups of the whole database with PostgreSQL's own tools, and their restore into an empty one.

A backup is `pg_dump`'s custom format (compressed, restorable table by table, checked by
`pg_restore --list`). Its file name carries the moment and the schema version, so a restore can
tell whether the code that reads it knows that schema:
`cadre-de-vie_<database>_<YYYYMMDD-HHMMSS>_schema-<migrations applied>-<digest>.dump`.
"""

import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import psycopg
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FILE_NAME = re.compile(
    r"^cadre-de-vie_(?P<database>[\w-]+)_(?P<moment>\d{8}-\d{6})_schema-(?P<schema>\d+-[0-9a-f]{8})\.dump$"
)


class BackupError(Exception):
    """A backup or a restore refused or failed; the message says why, for the person running it."""


@dataclass(frozen=True)
class RestoreReport:
    tables: dict[str, int]  # row count per table
    invalid_geometries: dict[str, int]  # table.column → rows with an invalid geometry


def schema_version(using: str = "default") -> str:
    """The applied migrations, as their count and a digest of their names."""
    applied = sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connections[using]).applied_migrations()
    )
    digest = hashlib.sha256("\n".join(applied).encode()).hexdigest()[:8]
    return f"{len(applied)}-{digest}"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian package postgresql-client).")
    return path


def _libpq_environment(settings_dict: dict, dbname: str) -> dict[str, str]:
    """PostgreSQL's own variables, so no password ever appears on a command line."""
    environment = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = settings_dict["PASSWORD"]
    environment["PGDATABASE"] = dbname
    return environment


def backup(directory: Path, *, using: str = "default", now: datetime | None = None) -> Path:
    """Write a backup of the database into `directory`; returns the file written."""
    settings_dict = connections[using].settings_dict
    moment = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    name = f"cadre-de-vie_{settings_dict['NAME']}_{moment}_schema-{schema_version(using)}.dump"
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    partial = directory / f".{name}.partial"
    command = [
        _tool("pg_dump"),
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        f"--file={partial}",
    ]
    result = subprocess.run(  # noqa: S603 (our own arguments, no shell)
        command,
        env=_libpq_environment(settings_dict, settings_dict["NAME"]),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    # Written under a hidden name, then renamed: a backup file that exists is a whole one.
    partial.rename(target)
    return target


def parse_file_name(path: Path) -> dict[str, str]:
    match = FILE_NAME.match(path.name)
    if match is None:
        raise BackupError(
            f"{path.name} is not named like a backup of this application "
            "(cadre-de-vie_<database>_<date>_schema-<version>.dump)."
        )
    return match.groupdict()


def _connect(settings_dict: dict, dbname: str):
    return psycopg.connect(
        dbname=dbname,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        autocommit=True,
    )


def _user_tables(connection) -> list[str]:
    rows = connection.execute(
        "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema', 'tiger', 'topology') "
        "AND tablename <> 'spatial_ref_sys' ORDER BY 1"
    ).fetchall()
    return [row[0] for row in rows]


def restore(path: Path, *, dbname: str, using: str = "default") -> RestoreReport:
    """Restore a backup into the database `dbname`, which must exist and hold no table.

    One transaction: a restore that fails leaves the database as empty as it was. Then every row
    is counted and every geometry checked, which is what a restore test is for.
    """
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    parse_file_name(path)
    settings_dict = connections[using].settings_dict
    try:
        with _connect(settings_dict, dbname) as connection:
            existing = _user_tables(connection)
    except psycopg.OperationalError as error:
        raise BackupError(f"Cannot connect to the database {dbname}: {error}") from error
    if existing:
        raise BackupError(
            f"The database {dbname} already holds {len(existing)} tables: restore into an empty "
            "database (createdb), never over a live one."
        )
    command = [
        _tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={dbname}",
        str(path),
    ]
    result = subprocess.run(  # noqa: S603 (our own arguments, no shell)
        command,
        env=_libpq_environment(settings_dict, dbname),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing was restored: {result.stderr.strip()}")
    return inspect(dbname, using=using)


def inspect(dbname: str, *, using: str = "default") -> RestoreReport:
    """Row counts of every table and invalid geometries of every geometry column of `dbname`."""
    settings_dict = connections[using].settings_dict
    with _connect(settings_dict, dbname) as connection:
        tables = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in _user_tables(connection)
        }
        has_postgis = connection.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis')"
        ).fetchone()[0]
        columns = (
            has_postgis
            and connection.execute(
                "SELECT quote_ident(f_table_schema) || '.' || quote_ident(f_table_name), "
                "quote_ident(f_geometry_column) FROM geometry_columns ORDER BY 1, 2"
            ).fetchall()
        )
        invalid = {}
        for table, column in columns or ():
            count = connection.execute(
                f"SELECT count(*) FROM {table} WHERE NOT ST_IsValid({column})"  # noqa: S608
            ).fetchone()[0]
            invalid[f"{table}.{column}"] = count
    return RestoreReport(tables=tables, invalid_geometries=invalid)
