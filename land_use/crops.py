"""The RPG crop codes (CODE_CULTU) and their crop groups, from land_use/data/rpg_cultures.csv.

Source: « Nomenclature des cultures du RPG », ASP/IGN. The labels stay in French, as published.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CROP_CODES_FILE = Path(__file__).resolve().parent / "data" / "rpg_cultures.csv"


@dataclass(frozen=True)
class Crop:
    code: str
    label: str
    group_code: int
    group_label: str


@cache
def crops() -> dict[str, Crop]:
    """Every known CODE_CULTU, keyed by code."""
    with CROP_CODES_FILE.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {
            row["code"]: Crop(
                code=row["code"],
                label=row["label"],
                group_code=int(row["group_code"]),
                group_label=row["group_label"],
            )
            for row in csv.DictReader(lines, delimiter=";")
        }


def crop(code: str) -> Crop | None:
    """The crop of a code (case and spaces forgiven), or None when the code is not in the list."""
    return crops().get((code or "").strip().upper())


def crop_choices() -> list[tuple[str, str]]:
    """(code, "CODE - label") pairs for form fields, sorted by label."""
    return sorted(
        ((c.code, f"{c.code} – {c.label}") for c in crops().values()), key=lambda pair: pair[1]
    )
