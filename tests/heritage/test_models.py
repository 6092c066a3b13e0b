import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from heritage.models import MONUMENT_SURROUNDINGS_M, HeritageSite


def _distance_m(a, b) -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Distance(ST_GeomFromEWKT(%s)::geography, ST_GeomFromEWKT(%s)::geography)",
            [a.ewkt, b.ewkt],
        )
        return cursor.fetchone()[0]


def test_the_protection_perimeter_of_the_11_19_base_is_a_500_m_buffer(loos):
    base = HeritageSite.objects.get(commune=loos, name="Base 11/19")
    assert base.historic_monument != "none"
    perimeter = base.protection_perimeter
    assert perimeter is not None
    assert perimeter.contains(base.geometry)
    # Every vertex of the perimeter's outline lies 500 m from the base, to the metre.
    for lon, lat in perimeter.exterior_ring.coords[::4]:
        assert _distance_m(Point(lon, lat, srid=4326), base.geometry) == pytest.approx(
            MONUMENT_SURROUNDINGS_M, abs=1.5
        )
    # And the perimeter's area is the base's area widened by 500 m (within the arcs' chords).
    projected = perimeter.transform(2154, clone=True)
    base_projected = base.geometry.transform(2154, clone=True)
    expected = base_projected.buffer(MONUMENT_SURROUNDINGS_M, 32).area
    assert projected.area == pytest.approx(expected, rel=0.01)


def test_a_site_without_protection_has_no_perimeter(loos):
    heap = HeritageSite.objects.get(commune=loos, name="Terril 74 (est)")
    assert heap.historic_monument == "none"
    assert heap.protection_perimeter is None


def test_changing_the_geometry_moves_the_perimeter_with_it(loos):
    church = HeritageSite.objects.get(commune=loos, kind="church")
    church.historic_monument = "registered"
    church.merimee_ref = "PA00000000"
    church.geometry = Point(2.7942, 50.4583, srid=4326)
    church.save()
    church.refresh_from_db()
    assert church.protection_perimeter.contains(Point(2.7942, 50.4620, srid=4326))  # ~410 m N
    assert not church.protection_perimeter.contains(Point(2.7942, 50.4640, srid=4326))  # ~630 m
