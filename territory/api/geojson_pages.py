"""A layer's page of the REST API written by PostGIS, with the serializer's JSON contract.

drf-gis serialises a page feature by feature in Python (about 1 s for 1,000 proposals); the
OGC API and the exports have PostGIS write each feature's JSON (territory.geojson). This module
gives the REST API's list endpoints the same path: `PostgisGeoJsonListMixin.list` filters and
pages the queryset as before, then asks PostGIS for the page's features, whose properties are
the read serializer's fields translated into SQL one by one (`properties_expression`):

- a model field or an annotation read through its source: the value, formatted as the DRF
  field writes it (date-times as ISO 8601 in the current time zone with `Z` for UTC, decimals
  as text or numbers as the field says, floats as floats);
- `get_<field>_display`: the choices' labels in the active language, as a CASE;
- a foreign key's slug or primary key, a many-to-many's primary keys;
- anything the serializer computes in Python (method fields, nested lists, links, fields shown
  to some people only): the serializer's `sql_properties()` gives its SQL, and
  `sql_conditional_properties()` the fields present only where a condition holds.

A field with no SQL translation makes the page fall back to the serializer, whole, so the
contract never changes silently; a test per layer proves that the two pages are equal.
Retrieve and writes stay on the serializers.
"""

import json
import re
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    Expression,
    F,
    FloatField,
    Func,
    JSONField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models import ExpressionWrapper as Wrapper
from django.db.models.functions import Cast, Concat
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.relations import ManyRelatedField, PrimaryKeyRelatedField, SlugRelatedField
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework_gis.fields import GeometryField

from territory.geojson import GEOJSON_DECIMALS, features_array

PROPERTIES_COLUMN = "api_geojson_properties"
_DISPLAY = re.compile(r"^get_(\w+)_display$")
_URL_MARK = 987654321


class NotInSql(Exception):
    """A serializer field this module cannot write in SQL: the page goes through the serializer."""


class JsonBuildObject(Func):
    """`json_build_object(k1, v1, ...)`: keys in the serializer's order (Django's JSONObject is
    jsonb on PostgreSQL, which sorts the keys)."""

    function = "json_build_object"
    output_field = JSONField()

    def __init__(self, **pairs):
        arguments = []
        for key, value in pairs.items():
            arguments += [Value(key, output_field=TextField()), value]
        super().__init__(*arguments, output_field=JSONField())


class JsonArray(Subquery):
    """The JSON array of the one column of `queryset` (its objects or values), in its order,
    `[]` when it has no row. The rows are numbered in the subquery and aggregated in that order,
    so the order holds whatever the plan."""

    template = (
        "(SELECT COALESCE(json_agg(_a._v ORDER BY _a._n), '[]'::json) FROM "
        "(SELECT _s._v, row_number() OVER () AS _n FROM (%(subquery)s) AS _s(_v)) AS _a)"
    )
    output_field = JSONField()


class JsonLiteral(Func):
    """A constant JSON value (a list computed in Python once per page, not per feature)."""

    template = "%(expressions)s::json"
    output_field = JSONField()

    def __init__(self, value):
        super().__init__(Value(json.dumps(value, ensure_ascii=False)), output_field=JSONField())


class IsoDateTime(Expression):
    """A timestamp as DRF's DateTimeField writes it: ISO 8601 in the current time zone,
    microseconds only when there are some, `Z` for UTC, null for null."""

    output_field = TextField()

    def __init__(self, expression, zone_name: str):
        super().__init__(output_field=TextField())
        self.expression = expression
        self.zone_name = zone_name

    def get_source_expressions(self):
        return [self.expression]

    def set_source_expressions(self, expressions):
        (self.expression,) = expressions

    def resolve_expression(self, *args, **kwargs):
        clone = self.copy()
        clone.expression = self.expression.resolve_expression(*args, **kwargs)
        return clone

    def as_sql(self, compiler, connection):
        inner, inner_params = compiler.compile(self.expression)
        sql, params = [], []

        def piece(text: str, *parts):
            # `{v}` is the timestamp, `{z}` the zone: each brings its parameters in order.
            for chunk in re.split(r"(\{v\}|\{z\})", text):
                if chunk == "{v}":
                    sql.append(f"({inner})")
                    params.extend(inner_params)
                elif chunk == "{z}":
                    sql.append("%s")
                    params.append(self.zone_name)
                else:
                    sql.append(chunk)

        offset = "(({v} AT TIME ZONE {z}) - ({v} AT TIME ZONE 'UTC'))"
        piece(
            "CASE WHEN {v} IS NULL THEN NULL ELSE "
            "to_char({v} AT TIME ZONE {z}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
            "CASE WHEN date_trunc('second', {v}) = {v} THEN '' "
            "ELSE to_char({v} AT TIME ZONE {z}, '.US') END || "
            f"CASE WHEN {offset} = interval '0' THEN 'Z' "
            f"WHEN {offset} < interval '0' THEN '-' || to_char(-{offset}, 'HH24:MI') "
            f"ELSE '+' || to_char({offset}, 'HH24:MI') END END"
        )
        return "".join(sql), params


def iso_datetime(expression) -> IsoDateTime:
    return IsoDateTime(expression, timezone.get_current_timezone_name())


def url_expression(viewname: str, pk="pk", request=None):
    """The object's address (`reverse(viewname, args=[pk])`), absolute when `request` is given."""
    path = reverse(viewname, args=[_URL_MARK])
    if request is not None:
        path = request.build_absolute_uri(path)
    before, after = path.split(str(_URL_MARK))
    text = TextField()
    key = F(pk) if isinstance(pk, str) else pk
    return Concat(
        Value(before, output_field=text),
        Cast(key, text),
        Value(after, output_field=text),
        output_field=text,
    )


def choices_labels(path: str, choices, output_field=None) -> Case:
    """A column's values replaced by their labels in the active language (unknown values kept)."""
    return Case(
        *(When(**{path: value}, then=Value(str(label))) for value, label in choices),
        default=Cast(F(path), TextField()),
        output_field=output_field or TextField(),
    )


def boolean(condition: Q) -> Wrapper:
    return Wrapper(condition, output_field=BooleanField())


def _model_field(model, path: str):
    field = None
    for name in path.split("__"):
        field = model._meta.get_field(name)
        model = field.related_model
    return field


def field_expression(field: serializers.Field, model):
    """The SQL of one serializer field whose value is a column or an annotation."""
    if isinstance(field, serializers.SerializerMethodField) or field.source == "*":
        raise NotInSql(field.field_name)
    path = "__".join(field.source_attrs)
    if isinstance(field, ManyRelatedField):
        child = field.child_relation
        if not isinstance(child, PrimaryKeyRelatedField) or child.pk_field is not None:
            raise NotInSql(field.field_name)
        relation = _model_field(model, path)
        related = relation.related_model
        ordering = list(related._meta.ordering) or ["pk"]
        last = "-pk" if ordering[0].startswith("-") else "pk"
        rows = (
            related._default_manager.filter(**{relation.remote_field.name: OuterRef("pk")})
            if relation.many_to_many and not relation.concrete
            else related._default_manager.filter(**{relation.related_query_name(): OuterRef("pk")})
        )
        return JsonArray(rows.order_by(*ordering, last).values("pk"))
    if isinstance(field, SlugRelatedField):
        return F(f"{path}__{field.slug_field}")
    if isinstance(field, PrimaryKeyRelatedField):
        if field.pk_field is not None:
            raise NotInSql(field.field_name)
        return F(path)
    if isinstance(field, serializers.CharField) and (match := _DISPLAY.match(path)):
        name = match.group(1)
        return choices_labels(name, model._meta.get_field(name).flatchoices)
    if isinstance(field, serializers.DateTimeField):
        if getattr(field, "format", api_settings.DATETIME_FORMAT) != ISO_8601 or getattr(
            field, "timezone", None
        ):
            raise NotInSql(field.field_name)
        return iso_datetime(F(path))
    if isinstance(field, serializers.DecimalField):
        if field.decimal_places is None:
            raise NotInSql(field.field_name)
        exact = Cast(
            F(path),
            DecimalField(max_digits=field.max_digits or 65, decimal_places=field.decimal_places),
        )
        as_text = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        return Cast(exact, TextField()) if as_text else Cast(exact, FloatField())
    if isinstance(field, serializers.FloatField):
        return Cast(F(path), FloatField())
    if isinstance(field, serializers.CharField | serializers.ChoiceField):
        return Cast(F(path), TextField())
    if isinstance(field, serializers.DateField):
        if getattr(field, "format", api_settings.DATE_FORMAT) != ISO_8601:
            raise NotInSql(field.field_name)
        return F(path)
    if isinstance(
        field, serializers.IntegerField | serializers.BooleanField | serializers.ReadOnlyField
    ):
        return F(path)
    raise NotInSql(field.field_name)


@dataclass(frozen=True)
class PageSql:
    """What PostGIS needs to write a page as the serializer would: the properties' expression
    (one JSON object per row) and the geometry column."""

    properties: Expression
    geometry_field: str


def page_sql(serializer) -> PageSql:
    """The serializer's features in SQL; NotInSql when one of its fields cannot be."""
    meta = serializer.Meta
    fields = serializer.fields
    geometry = fields[meta.geo_field]
    if not isinstance(geometry, GeometryField) or geometry.precision != GEOJSON_DECIMALS:
        raise NotInSql(meta.geo_field)
    if geometry.source_attrs != [meta.geo_field] or meta.id_field != meta.model._meta.pk.name:
        raise NotInSql(meta.geo_field)
    custom = serializer.sql_properties() if hasattr(serializer, "sql_properties") else {}
    condition, conditional = (
        serializer.sql_conditional_properties()
        if hasattr(serializer, "sql_conditional_properties")
        else (None, ())
    )
    pairs = {}
    for name, field in fields.items():
        if name in (meta.geo_field, meta.id_field, "id"):
            continue
        pairs[name] = custom[name] if name in custom else field_expression(field, meta.model)
    properties = JsonBuildObject(**pairs)
    if condition is not None:
        public = {name: value for name, value in pairs.items() if name not in conditional}
        properties = Case(
            When(condition, then=properties),
            default=JsonBuildObject(**public),
            output_field=JSONField(),
        )
    return PageSql(properties, meta.geo_field)


class PostgisGeoJsonListMixin:
    """A list view set whose pages of GeoJSON are written by PostGIS (see the module's text).

    Needs `territory.api.pagination.GeoJsonPagination` and a `GeoFeatureModelSerializer`; the
    serializer's output stays the contract (`geojson_by_postgis = False` serves it, for tests
    and comparison).
    """

    geojson_by_postgis = True

    def list(self, request, *args, **kwargs):
        paginator = self.paginator
        if not self.geojson_by_postgis or not hasattr(paginator, "page_queryset"):
            return super().list(request, *args, **kwargs)
        serializer = self.get_serializer()
        try:
            sql = page_sql(serializer)
        except NotInSql:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        page = paginator.page_queryset(queryset, request, view=self)
        features = features_array(
            # As text: a filter asking for DISTINCT rows (two values of a multiple choice)
            # compares every column, and json has no equality.
            page.annotate(**{PROPERTIES_COLUMN: Cast(sql.properties, TextField())}),
            [],
            sql.geometry_field,
            properties_column=PROPERTIES_COLUMN,
        )
        body = paginator.geojson_page(features)
        if getattr(request, "accepted_renderer", None) is not None and (
            request.accepted_renderer.format != "json"
        ):
            # The browsable API renders Python data; every JSON client gets PostGIS's text.
            return Response(json.loads(body))
        return HttpResponse(body, content_type="application/json")
