"""French is the users' language: its translation must be complete."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/fr/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)


def test_every_app_with_interface_text_has_a_french_catalogue():
    apps = {path.relative_to(ROOT).parts[0] for path in CATALOGUES}
    assert {
        "accounts",
        "territory",
        "land_use",
        "heritage",
        "mapping",
        "onboarding",
        "locale",
    } <= apps


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_french_catalogue_is_complete(catalogue):
    entries = polib.pofile(str(catalogue))
    missing = [e.msgid for e in entries if not e.obsolete and not e.msgstr and not e.msgstr_plural]
    fuzzy = [e.msgid for e in entries if not e.obsolete and "fuzzy" in e.flags]
    assert missing == []
    assert fuzzy == []


def test_the_catalogues_hold_every_translatable_string_of_the_code(tmp_path):
    """makemessages run on a copy of each app finds no string missing from its catalogue."""
    for catalogue in CATALOGUES:
        app_dir = catalogue.parents[3]
        copy = tmp_path / app_dir.name
        ignore = shutil.ignore_patterns(
            "__pycache__",
            "*.mo",
            ".venv",
            "node_modules",
            "tests",
            "fixtures",
            "staticfiles",
            ".git",
        )
        shutil.copytree(app_dir, copy, ignore=ignore)
        command = [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "fr", "-v", "0"]
        result = subprocess.run(command, cwd=copy, capture_output=True, text=True, check=False)  # noqa: S603
        assert result.returncode == 0, result.stderr
        before = {e.msgid for e in polib.pofile(str(catalogue)) if not e.obsolete}
        after = {
            e.msgid
            for e in polib.pofile(str(copy / "locale/fr/LC_MESSAGES/django.po"))
            if not e.obsolete
        }
        assert after - before == set(), f"{app_dir.name}: run makemessages and translate"
