"""A minimal dBase III writer, for the exact field widths the CNIG standard prescribes.

GDAL's Shapefile driver sizes text fields itself (80 characters, or the longest value with
RESIZE=YES) and pyogrio gives no way to set a width, so the attribute table of a CNIG shapefile is
written here: character fields only (the standard's dates are AAAAMMJJ text), UTF-8 as the .cpg
beside it says.
"""

import struct
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path


def _fit(value: str, width: int) -> bytes:
    """The value encoded in UTF-8, cut on a character boundary to at most `width` bytes."""
    encoded = value.encode("utf-8")
    while len(encoded) > width:
        value = value[:-1]
        encoded = value.encode("utf-8")
    return encoded.ljust(width, b" ")


def write_dbf(
    path: Path, fields: Sequence[tuple[str, int]], records: Iterable[Sequence[str | None]]
) -> None:
    """Write `records` (one text value per field) with the character `fields` (name, width)."""
    records = list(records)
    header_length = 32 + 32 * len(fields) + 1
    record_length = 1 + sum(width for _name, width in fields)
    today = date.today()
    with path.open("wb") as handle:
        handle.write(
            struct.pack(
                "<BBBBIHH20x",
                0x03,
                today.year - 1900,
                today.month,
                today.day,
                len(records),
                header_length,
                record_length,
            )
        )
        for name, width in fields:
            handle.write(struct.pack("<11sc4xBB14x", name.encode("ascii"), b"C", width, 0))
        handle.write(b"\r")
        for record in records:
            handle.write(b" ")
            for (_name, width), value in zip(fields, record, strict=True):
                handle.write(_fit(value or "", width))
        handle.write(b"\x1a")


def read_dbf_fields(path: Path) -> dict[str, tuple[str, int]]:
    """The fields of a .dbf: {NAME: (type letter, width)}."""
    with path.open("rb") as handle:
        header = handle.read(32)
        header_length = struct.unpack("<H", header[8:10])[0]
        fields = {}
        for _index in range((header_length - 33) // 32):
            descriptor = handle.read(32)
            if descriptor[:1] == b"\r":
                break
            name = descriptor[:11].split(b"\x00", 1)[0].decode("ascii", "replace")
            fields[name.upper()] = (descriptor[11:12].decode("ascii"), descriptor[16])
        return fields
