"""`?bbox=minlon,minlat,maxlon,maxlat` (WGS84) on every layer of the API.

drf-gis's InBBoxFilter builds its box without an SRID and Django then assumes the column's; this
filter builds the box with its SRID (territory.querysets.bbox_polygon), validates the numbers and
refuses, with a sentence, a box that is malformed, out of range or has latitude and longitude
swapped.
"""

import math

import django_filters
from django import forms
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from territory.querysets import bbox_polygon


def parse_bbox(raw: str) -> tuple[float, float, float, float]:
    """Four finite WGS84 numbers, min before max; raises ValidationError with a sentence."""
    parts = raw.split(",")
    if len(parts) != 4:
        raise ValidationError(
            {
                "bbox": _(
                    "bbox takes four numbers: min longitude, min latitude, max longitude, "
                    "max latitude, separated by commas."
                )
            }
        )
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
    except ValueError as error:
        raise ValidationError({"bbox": _("Every value of bbox must be a number.")}) from error
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise ValidationError({"bbox": _("Every value of bbox must be a finite number.")})
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise ValidationError({"bbox": _("Longitudes go from -180 to 180.")})
    if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise ValidationError(
            {
                "bbox": _(
                    "Latitudes go from -90 to 90: are longitude and latitude swapped? The "
                    "order is min longitude, min latitude, max longitude, max latitude."
                )
            }
        )
    if min_lon > max_lon or min_lat > max_lat:
        raise ValidationError(
            {
                "bbox": _(
                    "The minimum of bbox must come before its maximum: min longitude, min "
                    "latitude, max longitude, max latitude."
                )
            }
        )
    return min_lon, min_lat, max_lon, max_lat


class BBoxFilter(BaseFilterBackend):
    """Keeps the features whose geometry intersects the box (the view's `bbox_filter_field`)."""

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get("bbox")
        if not raw:
            return queryset
        field = getattr(view, "bbox_filter_field", "geometry")
        box = bbox_polygon(*parse_bbox(raw))
        return queryset.filter(**{f"{field}__intersects": box})

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "bbox",
                "required": False,
                "in": "query",
                "description": "minlon,minlat,maxlon,maxlat in WGS84 (EPSG:4326)",
                "schema": {"type": "string", "example": "2.78,50.44,2.80,50.46"},
            }
        ]


class YearFilter(django_filters.NumberFilter):
    """`?year=2024`: a whole year from 1 to 9999, the range of Python's dates; anything else is
    refused with Django's sentence (a year such as -5 or 1e10 used to reach the date arithmetic
    and fail there)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)
