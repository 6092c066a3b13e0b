"""Checks every incoming geometry passes before it is stored, each failing with a sentence.

GEOS tells why a shape is invalid ("Self-intersection[2.79 50.45]"); the messages here turn that
into words a resident or a farmer understands, with the place to look at.
"""

import math
import re

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
        allowed = ", ".join(str(TYPE_LABELS.get(t, t)) for t in allowed_types)
        raise ValidationError(
            {
                field: _("This kind of shape is not accepted here; accepted: %(allowed)s.")
                % {"allowed": allowed}
            }
        )
    if geometry.srid is None:
        geometry = geometry.clone()
        geometry.srid = 4326
    if geometry.srid != 4326:
        geometry = geometry.transform(4326, clone=True)
    if not all(math.isfinite(c) for c in geometry.extent):
        raise ValidationError({field: _("The shape has coordinates that are not numbers.")})
    if geometry.num_coords > max_vertices:
        raise ValidationError(
            {
                field: _("The shape has %(count)d points; the limit is %(limit)d. Simplify it.")
                % {"count": geometry.num_coords, "limit": max_vertices}
            }
        )
    if not geometry.valid:
        raise ValidationError({field: invalidity_message(geometry)})
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
