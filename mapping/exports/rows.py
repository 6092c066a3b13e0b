"""Rows of a layer straight from PostGIS, through a server-side cursor.

The geometry arrives already encoded by the database (WKT for CSV, WKB in the projected CRS for
the GeoPackage), so no GEOS object is built per feature.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection

from territory.catalogue import DATE, DATETIME, FLOAT, Column, Layer
from territory.geojson import GEOJSON_DECIMALS

CHUNK_SIZE = 2000


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def iter_rows(
    collection: Layer,
    queryset,
    columns: tuple[Column, ...],
    *,
    geometry: str,
    srid: int | None = None,
) -> Iterator[tuple]:
    """(id, encoded geometry, value, ...) per feature; `geometry` is "wkt" or "wkb"."""
    field = collection.geometry_field
    try:
        inner_sql, inner_params = queryset.values(
            "id", field, *(column.name for column in columns)
        ).query.sql_with_params()
    except EmptyResultSet:  # a queryset that can match nothing
        return
    params: list = []
    if geometry == "wkt":
        geometry_sql = f"ST_AsText(t.{_quoted(field)}, {GEOJSON_DECIMALS})"
    elif geometry == "wkb":
        geometry_sql = f"ST_AsBinary(ST_Transform(t.{_quoted(field)}, %s))"
        params.append(srid)
    else:
        raise ValueError(f"Unknown geometry encoding {geometry!r}")
    selected = ", ".join(f"t.{_quoted(column.name)}" for column in columns)
    sql = f"SELECT t.id, {geometry_sql}{', ' if selected else ''}{selected} FROM ({inner_sql}) AS t"  # noqa: S608 - identifiers come from the catalogue, values stay parameters
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [*params, *inner_params])
        while chunk := cursor.fetchmany(CHUNK_SIZE):
            yield from chunk


def utc_iso(value: datetime | None) -> str | None:
    """A timestamp in UTC ISO 8601 form, e.g. 2026-11-26T08:50:00Z."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def plain(value, column: Column):
    """A database value as text-friendly Python: dates ISO, decimals float."""
    if value is None:
        return None
    if column.kind == DATETIME and isinstance(value, datetime):
        return utc_iso(value)
    if column.kind == DATE and isinstance(value, date):
        return value.isoformat()
    if column.kind == FLOAT and isinstance(value, Decimal):
        return float(value)
    return value
