"""GeoJSON FeatureCollections written by PostGIS, not by Python object by object.

`feature_collection_sql` wraps any queryset's SQL so that the database returns the finished
RFC 7946 document: WGS84 longitude/latitude, 6 decimals (about 10 cm), a top-level `id` per
feature, no `crs` member. The map pages embed it; the API and exports build on the same query.
"""

from django.db import connection

GEOJSON_DECIMALS = 6


def _feature_sql(geometry_field: str) -> str:
    return (
        "json_build_object('type', 'Feature', 'id', t.id, "
        f"'geometry', ST_AsGeoJSON(t.{geometry_field}, {GEOJSON_DECIMALS})::json, "
        f"'properties', to_jsonb(t) - '{geometry_field}' - 'id')"
    )


def feature_collection_sql(queryset, properties: list[str], geometry_field: str = "geometry"):
    """SQL and parameters that return one FeatureCollection (as text) for the queryset."""
    fields = ["id", geometry_field, *properties]
    inner_sql, params = queryset.values(*fields).query.sql_with_params()
    # inner_sql is Django's own compilation of the queryset; values stay in params.
    sql = (
        "SELECT json_build_object('type', 'FeatureCollection', 'features', "
        f"COALESCE(json_agg({_feature_sql(geometry_field)}), '[]'::json))::text "
        f"FROM ({inner_sql}) AS t"
    )
    return sql, params


def feature_collection(queryset, properties: list[str], geometry_field: str = "geometry") -> str:
    """The FeatureCollection of the queryset as a JSON text, built by PostGIS."""
    sql, params = feature_collection_sql(queryset, properties, geometry_field)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
