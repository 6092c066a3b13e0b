"""Parcels in empty farmland of Loos-en-Gohelle, away from the illustrative ones, for the tests."""

from django.contrib.gis.geos import Polygon

# South-west of the town centre, inside the commune, where no illustrative parcel lies.
FIELDS_ORIGIN = (2.7850, 50.4500)
# A point in Lens (INSEE 62498), outside Loos-en-Gohelle.
LENS = (2.8320, 50.4320)


def field(column: int = 0, row: int = 0, *, size: float = 0.002, origin=FIELDS_ORIGIN) -> Polygon:
    """A square of about 140 m by 220 m (about 3 ha), one of a grid of separate fields."""
    lon = origin[0] + column * size * 1.5
    lat = origin[1] + row * size * 1.5
    square = Polygon.from_bbox((lon, lat, lon + size, lat + size))
    square.srid = 4326
    return square
