"""PostGIS expressions the models share.

Areas are measured on the geography type (the WGS84 spheroid), which matches the Lambert-93
measurement within a few parts per ten thousand over a commune and, unlike a transform to the
commune's CRS, is an immutable expression that PostgreSQL accepts in a generated column.
"""

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
