"""Pieces every layer's serializer shares: RFC 7946 geometry and the commune by INSEE code."""

from rest_framework import serializers
from rest_framework_gis.fields import GeometryField

from territory.geojson import GEOJSON_DECIMALS


class Rfc7946GeometryField(GeometryField):
    """WGS84 longitude/latitude, 6 decimals (about 10 cm), read-only, no `crs` member."""

    def __init__(self, **kwargs):
        kwargs.setdefault("precision", GEOJSON_DECIMALS)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class CommuneInseeField(serializers.SlugRelatedField):
    """The commune an object belongs to, as its INSEE code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "insee")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)
