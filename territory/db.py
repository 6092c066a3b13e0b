"""PostGIS expressions the models share.

Areas are measured on the geography type (the WGS84 spheroid), which matches the Lambert-93
measurement within a few parts per ten thousand over a commune and, unlike a transform to the
commune's CRS, is an immutable expression that PostgreSQL accepts in a generated column.
"""

import zlib

from django.contrib.gis.db.models import GeometryField
from django.db import connection, models


class GeographyArea(models.Func):
    """Area in square metres of a WGS84 geometry, measured on the spheroid."""

    template = "ST_Area(%(expressions)s::geography)"
    output_field = models.FloatField()


class GeographyAreaHectares(models.Func):
    """Area in hectares, rounded to the square metre's precision (4 decimals)."""

    template = "ROUND((ST_Area(%(expressions)s::geography) / 10000.0)::numeric, 4)"
    output_field = models.DecimalField(max_digits=12, decimal_places=4)


class GeographyBuffer(models.Func):
    """A buffer of `distance` metres around a WGS84 geometry, computed on the spheroid."""

    template = "ST_Buffer(%(expressions)s::geography, %(distance)s)::geometry"
    output_field = GeometryField(srid=4326)

    def __init__(self, expression, *, distance: float, **extra):
        super().__init__(expression, distance=float(distance), **extra)


def geography_area_m2(geometry) -> float:
    """Area in square metres of an unsaved WGS84 geometry, measured by PostGIS like stored ones."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Area(ST_SetSRID(ST_GeomFromWKB(%s), 4326)::geography)",
            [bytes(geometry.wkb)],
        )
        return float(cursor.fetchone()[0])


def advisory_xact_lock(namespace: str, *keys: int) -> None:
    """Wait for PostgreSQL's advisory locks (`namespace`, key), held until the transaction ends.

    A check-then-write rule that spans rows (no overlap between parcels, say) cannot be held by
    a row lock: the row that would conflict does not exist yet. Every writer that checks the
    rule takes the same lock first, so the checks run one after the other. The keys are taken
    in ascending order, so two writers needing several never wait for each other in a circle.
    Outside a transaction the lock would be released at once: that is a programming error.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("advisory_xact_lock() needs a transaction (transaction.atomic).")
    # PostgreSQL's two-key form takes two int4: the namespace's CRC-32, read as a signed int.
    space = zlib.crc32(namespace.encode())
    space -= 2**32 if space >= 2**31 else 0
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [space, key])
