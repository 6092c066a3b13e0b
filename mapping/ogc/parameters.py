"""The query parameters of the OGC API, read and checked: `bbox` (with `bbox-crs`), `datetime`,
`f`, and the refusal of a parameter the API definition does not name (Part 1, 400).

Every refusal is an `InvalidParameter` whose message is a sentence for the person; the views
answer it with a 400 and a JSON exception body.
"""

import datetime as dt
import math
import re

from django.contrib.gis.geos import Polygon
from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from mapping.ogc import crs as crs_module
from territory.catalogue import BOOL, DATE, DATETIME, FLOAT, INT, Column

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class InvalidParameter(ValueError):
    """A query parameter that is unknown or has a wrong value (400)."""


# Asked for by every operation; `commune` is the commune resolver's (one commune's features).
COMMON = ("f", "commune")
FORMATS = ("json", "geojson")


def refuse_unknown(request, allowed: tuple[str, ...] | set[str]) -> None:
    """Part 1 /req/core/query-param-unknown: a parameter the API does not define is a 400."""
    unknown = sorted(set(request.GET) - set(allowed) - set(COMMON))
    if unknown:
        raise InvalidParameter(
            _("This address does not take the parameter %(names)s. It takes: %(allowed)s.")
            % {
                "names": ", ".join(name[:40] for name in unknown),
                "allowed": ", ".join(sorted({*allowed, *COMMON})),
            }
        )
    fmt = request.GET.get("f")
    if fmt is not None and fmt not in FORMATS:
        raise InvalidParameter(
            _("f=%(format)s is not a format served here: the documents are JSON (f=json).")
            % {"format": fmt[:20]}
        )


def _numbers(raw: str, name: str) -> list[float]:
    try:
        numbers = [float(part) for part in raw.split(",")]
    except ValueError as error:
        raise InvalidParameter(
            _("Every value of %(name)s must be a number.") % {"name": name}
        ) from error
    if not all(math.isfinite(number) for number in numbers):
        raise InvalidParameter(
            _("Every value of %(name)s must be a finite number.") % {"name": name}
        )
    return numbers


def bbox_condition(raw: str, bbox_crs: crs_module.Crs, geometry_field: str) -> Q:
    """The features whose geometry intersects the box (Part 1 and Part 2's `bbox-crs`).

    Four numbers (lower corner, upper corner) or six (with the minimum and maximum height,
    which a 2D layer ignores), axes in the order of the CRS: longitude first in CRS84,
    latitude first in EPSG:4326, easting first in Lambert-93. In a geographic CRS a box whose
    west edge is east of its east edge crosses the antimeridian: it is the two boxes either side.
    """
    numbers = _numbers(raw, "bbox")
    if len(numbers) == 6:
        if not (bbox_crs.has_height or bbox_crs == crs_module.DEFAULT):
            raise InvalidParameter(
                _("bbox takes six numbers only with heights (CRS84h); in %(crs)s it takes four.")
                % {"crs": bbox_crs.uri}
            )
        low_x, low_y, low_z, high_x, high_y, high_z = numbers
        if low_z > high_z:
            raise InvalidParameter(_("The minimum height of bbox must come before its maximum."))
    elif len(numbers) == 4 and not bbox_crs.has_height:
        low_x, low_y, high_x, high_y = numbers
    else:
        raise InvalidParameter(
            _(
                "bbox takes four numbers, the lower left corner then the upper right one (min "
                "longitude, min latitude, max longitude, max latitude in CRS84), or six with "
                "heights, separated by commas."
            )
        )
    if not bbox_crs.is_geographic:
        if low_x > high_x or low_y > high_y:
            raise InvalidParameter(
                _("The lower left corner of bbox must come before its upper right corner.")
            )
        return Q(**{f"{geometry_field}__intersects": _box(low_x, low_y, high_x, high_y, bbox_crs)})
    if bbox_crs.latitude_first:
        low_x, low_y, high_x, high_y = low_y, low_x, high_y, high_x
    if not all(-180 <= x <= 180 for x in (low_x, high_x)):
        raise InvalidParameter(_("Longitudes go from -180 to 180."))
    if not all(-90 <= y <= 90 for y in (low_y, high_y)):
        raise InvalidParameter(
            _(
                "Latitudes go from -90 to 90: are longitude and latitude swapped? In CRS84 the "
                "order is min longitude, min latitude, max longitude, max latitude."
            )
        )
    if low_y > high_y:
        raise InvalidParameter(_("The minimum latitude of bbox must come before its maximum."))
    lookup = f"{geometry_field}__intersects"
    if low_x > high_x:  # across the antimeridian
        return Q(**{lookup: _box(low_x, low_y, 180, high_y)}) | Q(
            **{lookup: _box(-180, low_y, high_x, high_y)}
        )
    return Q(**{lookup: _box(low_x, low_y, high_x, high_y)})


def _box(low_x, low_y, high_x, high_y, in_crs: crs_module.Crs = crs_module.DEFAULT) -> Polygon:
    box = Polygon.from_bbox((low_x, low_y, high_x, high_y))
    box.srid = in_crs.srid  # Django transforms it to the column's SRID in SQL
    return box


def _instant(raw: str) -> tuple[dt.datetime, dt.datetime] | None:
    """An RFC 3339 date-time (an instant), or a date (its whole day, in UTC)."""
    try:
        # A date alone is a day (Python reads "2024-05-31" as its midnight otherwise).
        moment = None if _DATE_ONLY.match(raw) else parse_datetime(raw)
        if moment is not None:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
            return moment, moment
        day = parse_date(raw)
    except ValueError:
        return None
    if day is None:
        return None
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return start, start + dt.timedelta(days=1) - dt.timedelta(microseconds=1)


def parse_datetime_parameter(raw: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """`datetime`: an instant, or an interval `start/end` whose open end is `..` or empty."""
    parts = raw.split("/")
    if len(parts) == 1:
        bounds = _instant(parts[0])
        if bounds is None:
            raise _bad_datetime()
        return bounds
    if len(parts) != 2 or all(part in ("", "..") for part in parts):
        raise _bad_datetime()
    start = None if parts[0] in ("", "..") else _instant(parts[0])
    end = None if parts[1] in ("", "..") else _instant(parts[1])
    if (parts[0] not in ("", "..") and start is None) or (
        parts[1] not in ("", "..") and end is None
    ):
        raise _bad_datetime()
    low, high = (start[0] if start else None), (end[1] if end else None)
    if low and high and low > high:
        raise InvalidParameter(_("The start of datetime must come before its end."))
    return low, high


def _bad_datetime() -> InvalidParameter:
    return InvalidParameter(
        _(
            "datetime takes a date and time as in 2024-05-31T12:00:00Z, or an interval "
            "such as 2024-01-01T00:00:00Z/2024-12-31T23:59:59Z, open with .. on one side."
        )
    )


def datetime_condition(raw: str, start_field: str, end_field: str | None) -> Q:
    """The features whose time (an instant, or from `start_field` to `end_field`) meets the
    instant or interval `raw`."""
    low, high = parse_datetime_parameter(raw)
    condition = Q()
    if high is not None:
        condition &= Q(**{f"{start_field}__lte": high})
    if low is not None:
        if end_field is None:
            condition &= Q(**{f"{start_field}__gte": low})
        else:
            condition &= Q(**{f"{end_field}__gte": low}) | Q(
                **{f"{end_field}__isnull": True, f"{start_field}__gte": low}
            )
    return condition


def property_value(column: Column, raw: str):
    """A queryable given as a parameter (`?typezone=U`), as a value of its column's kind."""
    name = column.name
    if column.kind == INT:
        try:
            return int(raw)
        except ValueError as error:
            raise InvalidParameter(
                _("%(name)s must be a whole number.") % {"name": name}
            ) from error
    if column.kind == FLOAT:
        try:
            value = float(raw)
        except ValueError as error:
            raise InvalidParameter(_("%(name)s must be a number.") % {"name": name}) from error
        if not math.isfinite(value):
            raise InvalidParameter(_("%(name)s must be a number.") % {"name": name})
        return value
    if column.kind == BOOL:
        if raw not in ("true", "false"):
            raise InvalidParameter(_("%(name)s must be true or false.") % {"name": name})
        return raw == "true"
    if column.kind in (DATE, DATETIME):
        bounds = _instant(raw)
        if bounds is None:
            raise InvalidParameter(
                _("%(name)s must be a date such as 2024-05-31.") % {"name": name}
            )
        return bounds[0].date() if column.kind == DATE else bounds[0]
    return raw
