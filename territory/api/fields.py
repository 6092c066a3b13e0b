"""API fields shared by the apps: the one way a GeoJSON geometry enters through the API."""

import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from territory.communes import UnknownCommune, commune_by_insee
from territory.geometry import parse_geojson


def geometry_schema(allowed_types: tuple[str, ...]) -> dict:
    return {
        "type": "object",
        "description": "A GeoJSON geometry (RFC 7946) in WGS84 longitude/latitude, without a "
        f"crs member and without Z or M values: {', '.join(allowed_types)}.",
        "properties": {
            "type": {"type": "string", "enum": list(allowed_types)},
            "coordinates": {"type": "array", "items": {}},
        },
        "required": ["type", "coordinates"],
    }


class GeoJSONGeometryField(serializers.Field):
    """A GeoJSON geometry object read by `territory.geometry.parse_geojson`, never by GDAL.

    Its structure is judged here (types, `crs`, Z/M, finite numbers, ±180/±90, closed rings,
    the number of points); whether the shape is valid and where it lies is for the services,
    which name every problem of a request at once.
    """

    def __init__(self, *, allowed_types: tuple[str, ...], max_vertices: int, **kwargs):
        self.allowed_types = allowed_types
        self.max_vertices = max_vertices
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return parse_geojson(
                data,
                allowed_types=self.allowed_types,
                max_vertices=self.max_vertices,
                field=self.field_name,
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict[self.field_name]) from error

    def to_representation(self, value):
        return json.loads(value.geojson)


def geometry_field(*, allowed_types: tuple[str, ...], max_vertices: int, **kwargs):
    """A `GeoJSONGeometryField` whose OpenAPI schema names the accepted types."""
    field_class = extend_schema_field(geometry_schema(allowed_types))(
        type("GeoJSONGeometryField", (GeoJSONGeometryField,), {})
    )
    return field_class(allowed_types=allowed_types, max_vertices=max_vertices, **kwargs)


@extend_schema_field({"type": "string", "pattern": "^(?:[0-9]{2}|2[AB])[0-9]{3}$"})
class CommuneField(serializers.Field):
    """A commune named by its INSEE code, asked of the commune resolver.

    Unlike a `SlugRelatedField`, a malformed code (a NUL character included) is refused with the
    resolver's sentence before any query reaches the database.
    """

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(
                _("“%(code)s” is not an INSEE code: it has five characters, like 62528.")
                % {"code": str(data)[:12]}
            )
        try:
            return commune_by_insee(data)
        except UnknownCommune as error:
            raise serializers.ValidationError(str(error)) from error

    def to_representation(self, value):
        return value.insee
