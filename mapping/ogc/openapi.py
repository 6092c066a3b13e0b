"""The OpenAPI 3.0 document of the OGC API (`service-desc`), built from the catalogue."""

from territory.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from territory.catalogue import layers

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


def _items_parameters() -> list[dict]:
    return [
        limit_parameter(),
        {
            "name": "bbox",
            "in": "query",
            "required": False,
            "style": "form",
            "explode": False,
            "description": "minlon,minlat,maxlon,maxlat in WGS84 (CRS84)",
            "schema": {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
        },
        {
            "name": "offset",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 0, "default": 0},
        },
    ]


def _response(description: str, media_type: str = JSON) -> dict:
    return {
        "200": {"description": description, "content": {media_type: {"schema": {"type": "object"}}}}
    }


def _not_found() -> dict:
    return {"404": {"description": "Not found", "content": {JSON: {"schema": {"type": "object"}}}}}


def openapi_document(base_url: str) -> dict:
    """The document; `base_url` is the absolute address of the landing page."""
    paths = {
        "/": {"get": {"operationId": "getLandingPage", "responses": _response("Landing page")}},
        "/conformance": {
            "get": {"operationId": "getConformance", "responses": _response("Conformance")}
        },
        "/collections": {
            "get": {"operationId": "getCollections", "responses": _response("Collections")}
        },
    }
    for collection in layers():
        key, title = collection.key, str(collection.title)
        paths[f"/collections/{key}"] = {
            "get": {
                "operationId": f"describe-{key}",
                "summary": title,
                "responses": {**_response(title), **_not_found()},
            }
        }
        paths[f"/collections/{key}/items"] = {
            "get": {
                "operationId": f"getFeatures-{key}",
                "summary": title,
                "parameters": _items_parameters(),
                "responses": {**_response(title, GEOJSON), **_not_found()},
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
                    }
                ],
                "responses": {**_response(title, GEOJSON), **_not_found()},
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
