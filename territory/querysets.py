"""Reusable spatial filters. Every geometry column of the project is stored in WGS84 (EPSG:4326)."""

from django.contrib.gis.geos import GEOSGeometry, Polygon
from django.db import models

from territory.db import GeographyArea

STORAGE_SRID = 4326


def bbox_polygon(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> Polygon:
    """A WGS84 box that carries its SRID, so no lookup ever guesses it."""
    box = Polygon.from_bbox((min_lon, min_lat, max_lon, max_lat))
    box.srid = STORAGE_SRID
    return box


def in_storage_srid(geometry: GEOSGeometry) -> GEOSGeometry:
    """The geometry in the storage SRID; one without an SRID is refused rather than guessed."""
    if not geometry.srid:
        raise ValueError("A geometry used in a spatial filter must carry its SRID.")
    if geometry.srid != STORAGE_SRID:
        geometry = geometry.transform(STORAGE_SRID, clone=True)
    return geometry


class SpatialQuerySet(models.QuerySet):
    """Filters shared by every layer; the geometry column is named by `geometry_field`."""

    geometry_field = "geometry"

    def in_bbox(self, min_lon: float, min_lat: float, max_lon: float, max_lat: float):
        box = bbox_polygon(min_lon, min_lat, max_lon, max_lat)
        return self.filter(**{f"{self.geometry_field}__intersects": box})

    def intersecting(self, geometry: GEOSGeometry):
        return self.filter(**{f"{self.geometry_field}__intersects": in_storage_srid(geometry)})

    def in_commune(self, commune):
        return self.filter(commune=commune)


class CommuneQuerySet(SpatialQuerySet):
    geometry_field = "boundary"

    def with_area_km2(self):
        """Annotate `area_km2`, measured on the spheroid (PostGIS geography), not in degrees."""
        return self.annotate(area_km2=GeographyArea("boundary") / 1_000_000)
