"""Valid geometries inside Loos-en-Gohelle for the tests."""

from django.contrib.gis.geos import LineString, Polygon

# A point in the town centre, well inside the commune's boundary.
TOWN_CENTRE = (2.7942, 50.4583)


def square(lon: float = TOWN_CENTRE[0], lat: float = TOWN_CENTRE[1], half: float = 0.0005):
    box = Polygon.from_bbox((lon - half, lat - half, lon + half, lat + half))
    box.srid = 4326
    return box


def line_in_town():
    return LineString((2.7930, 50.4575), (2.7960, 50.4590), srid=4326)


def bowtie():
    """A polygon whose outline crosses itself in the town centre."""
    lon, lat = TOWN_CENTRE
    d = 0.001
    ring = (
        (lon - d, lat - d),
        (lon + d, lat + d),
        (lon + d, lat - d),
        (lon - d, lat + d),
        (lon - d, lat - d),
    )
    return Polygon(ring, srid=4326)
