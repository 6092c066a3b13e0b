"""Coordinate reference systems of the OGC API (Features Part 2: CRS by reference).

Every geometry is stored in WGS84 longitude/latitude (territory.querysets.STORAGE_SRID, which
is CRS84 in the OGC's terms: longitude first). A client may ask for the features in another CRS
(`crs`), give its `bbox` (`bbox-crs`) or its filter's geometries (`filter-crs`) in one: CRS84,
EPSG:4326 (the same datum, latitude first, as EPSG defines its axes) and the projected CRS of
the communes served (Lambert-93, EPSG:2154, in metropolitan France). PostGIS transforms.
"""

from dataclasses import dataclass

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import Transform
from django.db.models import F, Func, Value
from django.utils.translation import gettext as _

from territory.models import Commune
from territory.querysets import STORAGE_SRID

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CRS84H = "http://www.opengis.net/def/crs/OGC/0/CRS84h"
EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/"
LAMBERT_93 = 2154


@dataclass(frozen=True)
class Crs:
    """A CRS a client may name: its URI, its SRID and whether its first axis is latitude."""

    uri: str
    srid: int
    latitude_first: bool = False
    # CRS84h: longitude, latitude and ellipsoidal height (a six-number bbox).
    has_height: bool = False

    @property
    def header(self) -> str:
        """The `Content-Crs` header's value: the URI between angle brackets."""
        return f"<{self.uri}>"

    @property
    def is_geographic(self) -> bool:
        return self.srid == STORAGE_SRID


DEFAULT = Crs(CRS84, STORAGE_SRID)
WGS84_LAT_LON = Crs(f"{EPSG_URI}4326", STORAGE_SRID, latitude_first=True)
HEIGHT = Crs(CRS84H, STORAGE_SRID, has_height=True)


class UnsupportedCrs(ValueError):
    """A `crs`, `bbox-crs` or `filter-crs` this server does not offer (400)."""


def projected_srids() -> list[int]:
    """Lambert-93 and the projected CRS of every commune served, in order."""
    srids = set(Commune.objects.values_list("projected_srid", flat=True).distinct())
    srids.add(LAMBERT_93)
    return sorted(srid for srid in srids if srid and srid != STORAGE_SRID)


def supported() -> list[Crs]:
    """The CRSs of every collection: CRS84 first (the default), then EPSG:4326, the projected."""
    return [DEFAULT, WGS84_LAT_LON, *(Crs(f"{EPSG_URI}{srid}", srid) for srid in projected_srids())]


def supported_uris() -> list[str]:
    return [entry.uri for entry in supported()]


def parse(raw: str | None, parameter: str, *, allow_height: bool = False) -> Crs:
    """The CRS a parameter names (CRS84 when absent); UnsupportedCrs with a sentence otherwise."""
    if raw in (None, ""):
        return DEFAULT
    uri = raw.strip()
    if allow_height and uri == CRS84H:
        return HEIGHT
    for entry in supported():
        if entry.uri == uri:
            return entry
    raise UnsupportedCrs(
        _("%(parameter)s names a coordinate reference system this server does not offer: %(uris)s.")
        % {"parameter": parameter, "uris": ", ".join(supported_uris())}
    )


class _FlipCoordinates(Func):
    function = "ST_FlipCoordinates"
    output_field = GeometryField(srid=STORAGE_SRID)


class _WithoutSrid(Func):
    """ST_SetSRID(geometry, 0): PostGIS would otherwise write a `crs` member into each
    GeoJSON geometry not in EPSG:4326 (the CRS is said once, by the `Content-Crs` header)."""

    function = "ST_SetSRID"
    output_field = GeometryField(srid=0)


def geometry_expression(geometry_field: str, crs: Crs):
    """The expression of the geometry column written in `crs` (None when it is the stored one)."""
    if crs.srid == STORAGE_SRID:
        return _FlipCoordinates(F(geometry_field)) if crs.latitude_first else None
    return _WithoutSrid(Transform(geometry_field, crs.srid), Value(0))
