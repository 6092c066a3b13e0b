"""The OpenAPI 3.0 document of the OGC API (`service-desc`), built from the catalogue."""

from territory.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from territory.catalogue import json_schema_type, layers

GEOJSON = "application/geo+json"
JSON = "application/json"


def limit_parameter() -> dict:
    return {
        "name": "limit",
        "in": "query",
        "required": False,
        "style": "form",
        "explode": False,
        "description": (
            f"Number of features in a page: {DEFAULT_PAGE_SIZE} by default; a larger value "
            f"than {MAX_PAGE_SIZE} is served as {MAX_PAGE_SIZE}."
        ),
        "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_PAGE_SIZE,
            "default": DEFAULT_PAGE_SIZE,
        },
    }


def _query(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "style": "form",
        "explode": False,
        "description": description,
        "schema": schema,
    }


def _crs_schema(crs_uris: list[str] | None) -> dict:
    schema = {"type": "string", "format": "uri"}
    return {**schema, "enum": crs_uris} if crs_uris else schema


def items_parameters(crs_uris: list[str] | None = None) -> list[dict]:
    """The query parameters of `/collections/<id>/items` (the queryables come on top)."""
    return [
        limit_parameter(),
        _query(
            "offset",
            "Number of features skipped: the pages' `next` links carry it.",
            {"type": "integer", "minimum": 0, "default": 0},
        ),
        _query(
            "bbox",
            "Lower left corner then upper right corner: min longitude, min latitude, max "
            "longitude, max latitude in CRS84 (six numbers with min and max heights, CRS84h), "
            "or in the order of the axes of `bbox-crs`. A west edge east of the east edge "
            "crosses the antimeridian.",
            {
                "type": "array",
                "oneOf": [{"minItems": 4, "maxItems": 4}, {"minItems": 6, "maxItems": 6}],
                "items": {"type": "number"},
            },
        ),
        _query("bbox-crs", "The CRS of `bbox` (CRS84 by default).", _crs_schema(crs_uris)),
        _query(
            "crs", "The CRS of the features' coordinates (CRS84 by default).", _crs_schema(crs_uris)
        ),
        _query(
            "datetime",
            "An RFC 3339 date-time or an interval (`start/end`, `..` for an open end); "
            "layers whose features have no time ignore it.",
            {"type": "string"},
        ),
        _query(
            "filter", "A CQL2 filter on the queryables, such as typezone = 'U'.", {"type": "string"}
        ),
        _query(
            "filter-lang",
            "The language of `filter`.",
            {
                "type": "string",
                # cql-text: the draft's name, which GDAL's OAPIF driver looks for.
                "enum": ["cql2-text", "cql2-json", "cql-text"],
                "default": "cql2-text",
            },
        ),
        _query(
            "filter-crs",
            "The CRS of the geometries in `filter` (CRS84 by default).",
            _crs_schema(crs_uris),
        ),
        *common_parameters(),
    ]


def item_parameters(crs_uris: list[str] | None = None) -> list[dict]:
    """The query parameters of `/collections/<id>/items/<fid>`."""
    return [
        _query(
            "crs", "The CRS of the feature's coordinates (CRS84 by default).", _crs_schema(crs_uris)
        ),
        *common_parameters(),
    ]


def common_parameters() -> list[dict]:
    """Taken by every operation."""
    return [
        _query("f", "The format: JSON.", {"type": "string", "enum": ["json", "geojson"]}),
        _query(
            "commune",
            "The INSEE code of one commune (every commune when absent).",
            {"type": "string", "pattern": "^(?:[0-9]{2}|2[AB])[0-9]{3}$"},
        ),
    ]


ITEMS_PARAMETERS = items_parameters()
ITEM_PARAMETERS = item_parameters()


def _queryable_parameters(collection) -> list[dict]:
    return [
        _query(
            column.name,
            f"Only the features whose {column.name} has this value.",
            json_schema_type(column),
        )
        for column in collection.columns
    ]


def _response(description: str, media_type: str = JSON, headers: dict | None = None) -> dict:
    success = {"description": description, "content": {media_type: {"schema": {"type": "object"}}}}
    if headers:
        success["headers"] = headers
    return {"200": success, "400": _exception("A parameter is unknown or has a wrong value")}


CONTENT_CRS = {
    "Content-Crs": {
        "description": "The CRS of the coordinates, as <URI>.",
        "schema": {"type": "string"},
    }
}
EXCEPTION = {
    "type": "object",
    "required": ["code"],
    "properties": {"code": {"type": "string"}, "description": {"type": "string"}},
}


def _exception(description: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": EXCEPTION}}}


def _not_found() -> dict:
    return {"404": _exception("Not found")}


def _simple(operation_id: str, description: str, media_type: str = JSON) -> dict:
    return {
        "get": {
            "operationId": operation_id,
            "parameters": common_parameters(),
            "responses": _response(description, media_type),
        }
    }


def openapi_document(base_url: str, crs_uris: list[str] | None = None) -> dict:
    """The document; `base_url` is the absolute address of the landing page, `crs_uris` the
    coordinate reference systems offered."""
    paths = {
        "/": _simple("getLandingPage", "Landing page"),
        "/api": _simple(
            "getApiDefinition", "This document", "application/vnd.oai.openapi+json;version=3.0"
        ),
        "/conformance": _simple("getConformance", "Conformance"),
        "/collections": _simple("getCollections", "Collections"),
    }
    for collection in layers():
        key, title = collection.key, str(collection.title)
        paths[f"/collections/{key}"] = {
            "get": {
                "operationId": f"describe-{key}",
                "summary": title,
                "parameters": common_parameters(),
                "responses": {**_response(title), **_not_found()},
            }
        }
        for document, operation in (("schema", "getSchema"), ("queryables", "getQueryables")):
            paths[f"/collections/{key}/{document}"] = {
                "get": {
                    "operationId": f"{operation}-{key}",
                    "summary": title,
                    "parameters": common_parameters(),
                    "responses": {**_response(title, "application/schema+json"), **_not_found()},
                }
            }
        paths[f"/collections/{key}/items"] = {
            "get": {
                "operationId": f"getFeatures-{key}",
                "summary": title,
                "parameters": [*items_parameters(crs_uris), *_queryable_parameters(collection)],
                "responses": {**_response(title, GEOJSON, CONTENT_CRS), **_not_found()},
            }
        }
        paths[f"/collections/{key}/items/{{featureId}}"] = {
            "get": {
                "operationId": f"getFeature-{key}",
                "parameters": [
                    {
                        "name": "featureId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    },
                    *item_parameters(crs_uris),
                ],
                "responses": {**_response(title, GEOJSON, CONTENT_CRS), **_not_found()},
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Cadre de vie – OGC API - Features",
            "version": "1.0.0",
            "description": "The layers of the participatory map, for QGIS and GDAL.",
        },
        "servers": [{"url": base_url.rstrip("/")}],
        "paths": paths,
    }
