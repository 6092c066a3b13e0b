"""Backups are tested by restoring them: into an empty database, every row and geometry back."""

import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from mapping.models import Proposal
from operations.backups import FILE_NAME, inspect, schema_version
from tests.mapping.factories import CommentFactory, ProposalFactory


def _admin():
    return psycopg.connect(
        dbname="postgres",
        host=connection.settings_dict.get("HOST") or None,
        port=connection.settings_dict.get("PORT") or None,
        user=connection.settings_dict.get("USER") or None,
        autocommit=True,
    )


@pytest.fixture
def empty_database():
    name = f"test_restore_{uuid.uuid4().hex[:8]}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def town_with_contributions(loos_live):
    proposal = ProposalFactory(commune=loos_live)
    CommentFactory(proposal=proposal)
    ProposalFactory(commune=loos_live, consultation=proposal.consultation)
    return loos_live


def _backup(tmp_path: Path) -> Path:
    call_command("backup", output_dir=tmp_path)
    (written,) = tmp_path.glob("*.dump")
    return written


def test_the_backup_file_is_named_with_the_date_and_the_schema_version(
    town_with_contributions, tmp_path
):
    written = _backup(tmp_path)
    parts = FILE_NAME.match(written.name)
    assert parts is not None, written.name
    assert parts["schema"] == schema_version()
    assert parts["database"] == connection.settings_dict["NAME"]
    assert not list(tmp_path.glob(".*.partial"))


def test_a_backup_restored_into_an_empty_database_has_every_row_and_valid_geometries(
    town_with_contributions, tmp_path, empty_database
):
    written = _backup(tmp_path)
    call_command("restore", str(written), dbname=empty_database)
    source = inspect(connection.settings_dict["NAME"])
    restored = inspect(empty_database)
    assert restored.tables == source.tables
    assert restored.tables["public.mapping_proposal"] == Proposal.objects.count()
    assert restored.tables["public.mapping_comment"] >= 1
    assert restored.invalid_geometries, "the geometry columns were not found"
    assert set(restored.invalid_geometries.values()) == {0}
    assert "public.territory_commune.boundary" in restored.invalid_geometries


def test_a_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(
    town_with_contributions, tmp_path
):
    written = _backup(tmp_path)
    ProposalFactory(commune=town_with_contributions)
    before = inspect(connection.settings_dict["NAME"]).tables
    with pytest.raises(CommandError, match="already holds"):
        call_command("restore", str(written), dbname=connection.settings_dict["NAME"])
    assert inspect(connection.settings_dict["NAME"]).tables == before


def test_a_file_not_named_like_a_backup_is_refused(tmp_path, empty_database, transactional_db):
    stray = tmp_path / "dump.sql"
    stray.write_text("DROP TABLE mapping_proposal;")
    with pytest.raises(CommandError, match="not named like a backup"):
        call_command("restore", str(stray), dbname=empty_database)
    assert inspect(empty_database).tables == {}


def test_a_damaged_backup_restores_nothing(town_with_contributions, tmp_path, empty_database):
    written = _backup(tmp_path)
    damaged_dir = tmp_path / "damaged"
    damaged_dir.mkdir()
    damaged = damaged_dir / written.name
    whole = written.read_bytes()
    damaged.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CommandError, match="nothing was restored"):
        call_command("restore", str(damaged), dbname=empty_database)
    assert inspect(empty_database).tables == {}
