"""Checks every incoming geometry passes before it is stored, each failing with a sentence.

GEOS tells why a shape is invalid ("Self-intersection[2.79 50.45]"); the messages here turn that
into words a resident or a farmer understands, with the place to look at.
"""

import json
import math
import re

from django.contrib.gis.geos import (
    GEOSGeometry,
    LinearRing,
    LineString,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

_REASON_WITH_PLACE = re.compile(r"^(?P<reason>[^\[]+)\[(?P<x>[-\d.eE+]+) (?P<y>[-\d.eE+]+)\]")

TYPE_LABELS = {
    "Point": gettext_lazy("a point"),
    "LineString": gettext_lazy("a line"),
    "Polygon": gettext_lazy("an area"),
    "MultiPoint": gettext_lazy("several points"),
    "MultiLineString": gettext_lazy("several lines"),
    "MultiPolygon": gettext_lazy("several areas"),
}


def invalidity_message(geometry: GEOSGeometry) -> str:
    """A sentence saying why the geometry is invalid and where, from GEOS's reason."""
    reason = geometry.valid_reason
    match = _REASON_WITH_PLACE.match(reason)
    if match is None:
        return _("The shape is not valid (%(reason)s).") % {"reason": reason}
    place = {"lon": float(match["x"]), "lat": float(match["y"])}
    if match["reason"].strip().lower().startswith("self-intersection"):
        return (
            _(
                "The outline crosses itself near latitude %(lat).5f, longitude %(lon).5f: "
                "redraw it so that its edges do not cross."
            )
            % place
        )
    if "ring self-intersection" in match["reason"].lower():
        return (
            _(
                "The outline touches itself near latitude %(lat).5f, longitude %(lon).5f: "
                "redraw it as one simple shape."
            )
            % place
        )
    if "too few points" in match["reason"].lower():
        return _("The shape has too few points to be drawn.")
    return _(
        "The shape is not valid near latitude %(lat).5f, longitude %(lon).5f (%(reason)s)."
    ) % {
        **place,
        "reason": match["reason"].strip(),
    }


def invalidity_location(geometry: GEOSGeometry) -> list[float] | None:
    """[lon, lat] of the place GEOS names in its invalidity reason, or None."""
    match = _REASON_WITH_PLACE.match(geometry.valid_reason)
    return None if match is None else [float(match["x"]), float(match["y"])]


def invalidity_error(geometry: GEOSGeometry) -> ValidationError:
    """The refusal of an invalid geometry: its sentence, and where (params["location"]).

    The location rides in the error's params so that the API can give it to the map, which
    marks the place; the sentence is already written, so its "%" signs are escaped.
    """
    location = invalidity_location(geometry)
    message = invalidity_message(geometry)
    if location is None:
        return ValidationError(message, code="invalid_geometry")
    return ValidationError(
        message.replace("%", "%%"), code="invalid_geometry", params={"location": location}
    )


def check_geometry(
    geometry: GEOSGeometry,
    *,
    allowed_types: tuple[str, ...],
    max_vertices: int,
    field: str = "geometry",
) -> GEOSGeometry:
    """Refuse an empty, non-finite, wrongly typed, too detailed or invalid geometry.

    Returns the geometry in WGS84. Raises `ValidationError` keyed by `field`.
    """
    if geometry is None or geometry.empty:
        raise ValidationError({field: _("The drawing is empty: draw a shape on the map.")})
    if geometry.geom_type not in allowed_types:
        raise ValidationError({field: _wrong_type(allowed_types)})
    if geometry.hasz:
        raise ValidationError({field: _no_z()})
    if geometry.srid is None:
        geometry = geometry.clone()
        geometry.srid = 4326
    if geometry.srid != 4326:
        geometry = geometry.transform(4326, clone=True)
    if not all(math.isfinite(c) for c in geometry.extent):
        raise ValidationError({field: _("The shape has coordinates that are not numbers.")})
    lon0, lat0, lon1, lat1 = geometry.extent
    if not (-180 <= lon0 <= lon1 <= 180 and -90 <= lat0 <= lat1 <= 90):
        raise ValidationError({field: _out_of_range()})
    if geometry.num_coords > max_vertices:
        raise ValidationError(
            {
                field: _("The shape has %(count)d points; the limit is %(limit)d. Simplify it.")
                % {"count": geometry.num_coords, "limit": max_vertices}
            }
        )
    if not geometry.valid:
        raise ValidationError({field: invalidity_error(geometry)})
    return geometry


def check_inside_commune(geometry: GEOSGeometry, commune, *, field: str = "geometry") -> None:
    """Refuse a geometry that lies (even partly) outside the commune's boundary."""
    if not commune.boundary.contains(geometry):
        raise ValidationError(
            {
                field: _("The shape goes outside %(commune)s: keep it within the commune.")
                % {"commune": commune.name}
            }
        )


# GeoJSON read by hand ------------------------------------------------------------------------
#
# GDAL's GeoJSON reader accepts what RFC 7946 refuses (a `crs` member, which it then ignores:
# the shape would be stored as WGS84 whatever it says), keeps Z and M values the 2D columns
# refuse with a database error, and answers a malformed object with "Invalid geometry pointer
# returned from OGR_G_CreateGeometryFromJson". So the object is checked here, member by member,
# and GEOS builds the shape from coordinates already known to be good.

# How deep the `coordinates` arrays of each type nest above the positions.
_NESTING = {
    "Point": 0,
    "LineString": 1,
    "Polygon": 2,
    "MultiPoint": 1,
    "MultiLineString": 2,
    "MultiPolygon": 3,
}
# A geometry sent as text (a form's hidden field) is parsed with this limit on its size.
MAX_GEOJSON_TEXT = 5_000_000


def _wrong_type(allowed_types) -> str:
    allowed = ", ".join(str(TYPE_LABELS.get(t, t)) for t in allowed_types)
    return _("This kind of shape is not accepted here; accepted: %(allowed)s.") % {
        "allowed": allowed
    }


def _no_z() -> str:
    return _(
        "The shape has a height or a measure (a third or fourth coordinate): send longitude "
        "and latitude only."
    )


def _out_of_range() -> str:
    return _(
        "The shape has coordinates outside longitude −180 to 180 and latitude −90 to 90: "
        "send longitude first, then latitude, in WGS84 degrees."
    )


def _refuse(field: str, message: str):
    raise ValidationError({field: message})


def _not_geojson() -> str:
    return _("The shape is not a GeoJSON geometry: it needs a type and coordinates.")


def _position(value, field: str) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or not value:
        _refuse(field, _("A point of the shape is not a pair of longitude and latitude."))
    if len(value) > 2:
        _refuse(field, _no_z())
    if len(value) != 2 or not all(
        isinstance(c, int | float) and not isinstance(c, bool) for c in value
    ):
        _refuse(field, _("A point of the shape is not a pair of longitude and latitude."))
    lon, lat = float(value[0]), float(value[1])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        _refuse(field, _("The shape has coordinates that are not numbers."))
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        _refuse(field, _out_of_range())
    return lon, lat


class _Counter:
    def __init__(self, limit: int, field: str):
        self.count, self.limit, self.field = 0, limit, field

    def add(self, n: int) -> None:
        self.count += n
        if self.count > self.limit:
            _refuse(
                self.field,
                _("The shape has more than %(limit)d points. Simplify it.") % {"limit": self.limit},
            )


def _positions(value, field: str, counter: _Counter, *, minimum: int) -> list:
    if not isinstance(value, list | tuple):
        _refuse(field, _not_geojson())
    counter.add(len(value))
    positions = [_position(p, field) for p in value]
    if len(positions) < minimum:
        _refuse(field, _("The shape has too few points to be drawn."))
    return positions


def _ring(value, field: str, counter: _Counter) -> LinearRing:
    positions = _positions(value, field, counter, minimum=4)
    if positions[0] != positions[-1]:
        _refuse(
            field,
            _("The outline of an area is not closed: its last point must be its first one."),
        )
    return LinearRing(positions)


def _members(value, field: str) -> list:
    if not isinstance(value, list | tuple):
        _refuse(field, _not_geojson())
    if not value:
        _refuse(field, _("The drawing is empty: draw a shape on the map."))
    return list(value)


def _build(kind: str, coordinates, field: str, counter: _Counter) -> GEOSGeometry:
    if kind == "Point":
        counter.add(1)
        return Point(_position(coordinates, field))
    if kind == "LineString":
        return LineString(_positions(coordinates, field, counter, minimum=2))
    if kind == "Polygon":
        rings = [_ring(r, field, counter) for r in _members(coordinates, field)]
        return Polygon(*rings)
    children = {"MultiPoint": "Point", "MultiLineString": "LineString", "MultiPolygon": "Polygon"}
    collection = {"MultiPoint": MultiPoint, "MultiLineString": MultiLineString}.get(
        kind, MultiPolygon
    )
    parts = [_build(children[kind], c, field, counter) for c in _members(coordinates, field)]
    return collection(*parts)


def _loads(text: str, field: str):
    if len(text) > MAX_GEOJSON_TEXT:
        _refuse(field, _("The shape is too large to be read."))

    def refuse_constant(name):
        raise ValueError(name)

    try:
        return json.loads(text, parse_constant=refuse_constant)
    except (ValueError, RecursionError):
        _refuse(field, _("The shape could not be read: draw it again."))


def parse_geojson(
    value, *, allowed_types: tuple[str, ...], max_vertices: int, field: str = "geometry"
) -> GEOSGeometry:
    """The GEOS geometry (WGS84) of a GeoJSON geometry object, checked member by member.

    `value` is the parsed object (a dict) or its JSON text. Refuses, with a sentence keyed by
    `field`: what is not a GeoJSON geometry object, a `crs` member (RFC 7946: WGS84 only),
    GeometryCollections and Features, types outside `allowed_types`, empty coordinates, a third
    or fourth coordinate (Z, M), non-finite numbers, coordinates outside ±180/±90 (latitude and
    longitude swapped), unclosed rings and more than `max_vertices` points. The shape's validity
    (self-intersections) and place are for `check_geometry` and the services.
    """
    if isinstance(value, str | bytes):
        value = _loads(value.decode() if isinstance(value, bytes) else value, field)
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        _refuse(field, _not_geojson())
    if "crs" in value:
        _refuse(field, _("Send the geometry in WGS84 longitude/latitude, without a crs member."))
    kind = value["type"]
    if kind in ("Feature", "FeatureCollection"):
        _refuse(field, _("Send the geometry of the feature, not the feature itself."))
    if kind == "GeometryCollection":
        _refuse(
            field,
            _("A collection of shapes is not accepted here: send one shape. %(accepted)s")
            % {"accepted": _wrong_type(allowed_types)},
        )
    if kind not in _NESTING:
        _refuse(field, _not_geojson())
    if kind not in allowed_types:
        _refuse(field, _wrong_type(allowed_types))
    if "coordinates" not in value:
        _refuse(field, _not_geojson())
    coordinates = value["coordinates"]
    if coordinates in ([], ()):
        _refuse(field, _("The drawing is empty: draw a shape on the map."))
    geometry = _build(kind, coordinates, field, _Counter(max_vertices, field))
    geometry.srid = 4326
    return geometry


def geometry_from_geojson(
    value, *, allowed_types: tuple[str, ...], max_vertices: int, field: str = "geometry"
) -> GEOSGeometry:
    """The whole gate for a GeoJSON geometry: `parse_geojson`, then `check_geometry`."""
    geometry = parse_geojson(
        value, allowed_types=allowed_types, max_vertices=max_vertices, field=field
    )
    return check_geometry(
        geometry, allowed_types=allowed_types, max_vertices=max_vertices, field=field
    )


def geometry_from_shape(
    shape, *, allowed_types: tuple[str, ...], max_vertices: int, field: str = "geometry"
) -> GEOSGeometry:
    """The same gate for one geometry read from a file: a shapely geometry, or a GEOS one.

    A shapely geometry is taken as WGS84 longitude/latitude; a GEOS one keeps its SRID and is
    brought to WGS84 by `check_geometry`. Z and M values are refused, as on the API.
    """
    if shape is None:
        _refuse(field, _("The drawing is empty: draw a shape on the map."))
    if isinstance(shape, GEOSGeometry):
        return check_geometry(
            shape, allowed_types=allowed_types, max_vertices=max_vertices, field=field
        )
    if not isinstance(shape, BaseGeometry):
        _refuse(field, _not_geojson())
    if getattr(shape, "has_z", False):
        _refuse(field, _no_z())
    return geometry_from_geojson(
        _listed(mapping(shape)), allowed_types=allowed_types, max_vertices=max_vertices, field=field
    )


def _listed(value):
    """shapely's mapping() writes tuples; the gate reads any sequence, but not nested dicts."""
    if isinstance(value, dict):
        return {k: _listed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_listed(v) for v in value]
    return value
