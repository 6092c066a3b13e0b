"""Pieces every layer's serializer shares: RFC 7946 geometry, the commune by INSEE code, and the
fields of the layer's catalogue entry.
"""

from decimal import ROUND_HALF_EVEN, Decimal

from rest_framework import serializers
from rest_framework_gis.fields import GeometryField

from territory import catalogue
from territory.geojson import GEOJSON_DECIMALS

KIND_FIELDS = {
    catalogue.STR: serializers.CharField,
    catalogue.INT: serializers.IntegerField,
    catalogue.FLOAT: serializers.FloatField,
    catalogue.BOOL: serializers.BooleanField,
    catalogue.DATE: serializers.DateField,
    catalogue.DATETIME: serializers.DateTimeField,
}


class Rfc7946GeometryField(GeometryField):
    """WGS84 longitude/latitude, 6 decimals (about 10 cm), read-only, no `crs` member.

    Rounded as PostGIS's ST_AsGeoJSON rounds (half to even on the shortest decimal writing of
    the number, where Python's round() works on its binary value: 2.7932395 gives 2.79324, not
    2.793239), so a feature read alone says what the pages, exports and OGC API say.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("precision", GEOJSON_DECIMALS)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def _recursive_round(self, value, precision):
        if isinstance(value, list | tuple):
            return [self._recursive_round(v, precision) for v in value]
        step = Decimal(1).scaleb(-precision)
        return float(Decimal(repr(value)).quantize(step, ROUND_HALF_EVEN))


class CommuneInseeField(serializers.SlugRelatedField):
    """The commune an object belongs to, as its INSEE code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "insee")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class CatalogueFieldsMixin:
    """A read serializer whose fields are its catalogue layer's (territory.catalogue).

    `Meta.layer` names the layer; its fields are `id`, the layer's public columns under their
    API names, `Meta.extra_fields` (what only the API shows: labels, links, the owner) and the
    geometry. They are read from the catalogue when the serializer is used, not when it is
    imported, so a column added to a layer reaches the API with every other output. Every field
    is read-only: writes have their own serializers and go through the services.
    """

    def _layer(self):
        return catalogue.layer(self.Meta.layer)

    def get_field_names(self, declared_fields, info):
        return self._layer().api_field_names(tuple(getattr(self.Meta, "extra_fields", ())))

    def get_extra_kwargs(self):
        extra_kwargs = super().get_extra_kwargs()
        for name in self.get_field_names({}, None):
            extra_kwargs.setdefault(name, {})["read_only"] = True
        return extra_kwargs

    def get_fields(self):
        fields = super().get_fields()
        # The layer says which columns are numbers: a decimal column (an area computed by
        # PostGIS) is sent as a JSON number, and documented so, not as a decimal string.
        # An address a file may leave empty (CNIG's URLFIC) is sent as "" : a string, not a URI.
        for name, field in fields.items():
            column = self._layer().column(name)
            if column is None:
                continue
            decimal = isinstance(field, serializers.DecimalField)
            if isinstance(field, serializers.ModelField) or (
                decimal and column.kind == catalogue.FLOAT
            ):
                # A generated column reaches DRF as an untyped ModelField: the layer types it.
                fields[name] = KIND_FIELDS[column.kind](
                    read_only=True, label=field.label, allow_null=True
                )
            elif isinstance(field, serializers.URLField):
                fields[name] = serializers.CharField(
                    read_only=True, label=field.label, allow_null=field.allow_null
                )
        return fields

    def build_unknown_field(self, field_name, model_class):
        # A column the catalogue computes (an annotation): read as the queryset gives it.
        column = self._layer().column(field_name)
        if column is not None and column.annotation is not None:
            return serializers.ReadOnlyField, {}
        return super().build_unknown_field(field_name, model_class)


class CatalogueQuerysetMixin:
    """A read view set whose rows carry the columns its catalogue layer computes.

    `catalogue_layer` names the layer; its serializer is a `CatalogueFieldsMixin` of that layer.
    """

    catalogue_layer = ""

    def get_queryset(self):
        return catalogue.layer(self.catalogue_layer).api_queryset(super().get_queryset())
