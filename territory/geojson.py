"""GeoJSON FeatureCollections written by PostGIS, not by Python object by object.

`feature_collection_sql` wraps any queryset's SQL so that the database returns the finished
RFC 7946 document: WGS84 longitude/latitude, 6 decimals (about 10 cm), a top-level `id` per
feature, no `crs` member. The map pages embed it; the API and exports build on the same query.

Small layers take the one-query path (`feature_collection`, `features_array`). Large ones are
streamed by `stream_feature_collection`: PostgreSQL writes each feature's JSON, a server-side
cursor hands them over a few thousand at a time, and Python only joins them with commas, so the
worker's memory does not grow with the layer.
"""

from collections.abc import Iterator

from django.core.exceptions import EmptyResultSet
from django.db import connection

GEOJSON_DECIMALS = 6
STREAM_CHUNK_SIZE = 2000
EMPTY_COLLECTION = '{"type":"FeatureCollection","features":[]}'


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _feature_sql(
    geometry_field: str, properties: list[str], properties_column: str | None = None
) -> str:
    """One feature's JSON text, assembled by PostgreSQL from the row `t`.

    The properties are named one by one: `to_jsonb(t)` of a row that holds a geometry costs
    thirty times more (PostgreSQL converts the geometry too before it is dropped). A caller that
    builds the properties' object itself (the REST API's pages) names its column instead.
    """
    if properties_column is not None:
        properties_json = f"t.{_quoted(properties_column)}::text"
    else:
        pairs = ", ".join(f"'{name}', t.{_quoted(name)}" for name in properties)
        properties_json = f"json_build_object({pairs})::text"
    geometry = f"ST_AsGeoJSON(t.{_quoted(geometry_field)}, {GEOJSON_DECIMALS})"
    return (
        '\'{"type":"Feature","id":\' || t.id || \',"geometry":\' || '
        f"COALESCE({geometry}, 'null') || ',\"properties\":' || "
        f"{properties_json} || '}}'"
    )


def _inner_sql(queryset, properties: list[str], geometry_field: str):
    fields = ["id", geometry_field, *properties]
    # Django's own compilation of the queryset; values stay in params.
    return queryset.values(*fields).query.sql_with_params()


def feature_collection_sql(queryset, properties: list[str], geometry_field: str = "geometry"):
    """SQL and parameters that return one FeatureCollection (as text) for the queryset."""
    inner_sql, params = _inner_sql(queryset, properties, geometry_field)
    sql = (
        'SELECT \'{"type":"FeatureCollection","features":[\' || '
        f"COALESCE(string_agg({_feature_sql(geometry_field, properties)}, ','), '') || ']}}' "
        f"FROM ({inner_sql}) AS t"
    )
    return sql, params


def feature_collection(queryset, properties: list[str], geometry_field: str = "geometry") -> str:
    """The FeatureCollection of the queryset as a JSON text, built by PostGIS."""
    try:
        sql, params = feature_collection_sql(queryset, properties, geometry_field)
    except EmptyResultSet:  # a queryset that can match nothing (.none(), pk__in=[])
        return EMPTY_COLLECTION
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def features_array(
    queryset,
    properties: list[str],
    geometry_field: str = "geometry",
    *,
    properties_column: str | None = None,
) -> str:
    """The JSON array of the queryset's features (a page, a single feature), built by PostGIS,
    in the queryset's order; `properties_column` names a column that holds each feature's
    properties as one JSON object (then `properties` is not read)."""
    columns = [properties_column] if properties_column is not None else properties
    try:
        inner_sql, params = _inner_sql(queryset, columns, geometry_field)
    except EmptyResultSet:
        return "[]"
    feature = _feature_sql(geometry_field, properties, properties_column)
    sql = f"SELECT '[' || COALESCE(string_agg({feature}, ','), '') || ']' FROM ({inner_sql}) AS t"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def stream_feature_collection(
    queryset,
    properties: list[str],
    geometry_field: str = "geometry",
    *,
    chunk_size: int = STREAM_CHUNK_SIZE,
) -> Iterator[str]:
    """The FeatureCollection in pieces: one feature per row of a server-side (named) cursor."""
    try:
        inner_sql, params = _inner_sql(queryset, properties, geometry_field)
    except EmptyResultSet:
        yield EMPTY_COLLECTION
        return
    sql = f"SELECT {_feature_sql(geometry_field, properties)} FROM ({inner_sql}) AS t"
    yield '{"type":"FeatureCollection","features":['
    separator = ""
    # chunked_cursor() is a named cursor (WITH HOLD when no transaction is open, which is the
    # case once the view has returned and the response is being sent).
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_size):
            yield separator + ",".join(row[0] for row in rows)
            separator = ","
    yield "]}"
