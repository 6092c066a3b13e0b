"""OGC API - Features views: landing page, conformance, collections, items, single items, and
each collection's schema (Part 5) and queryables (Part 3).

Every collection is a layer of the catalogue (territory.catalogue). The features are written by
PostGIS (territory.geojson); a page holds at most MAX_PAGE_SIZE of them, and a larger `limit` is
served capped rather than refused, as the standard asks. Items are filtered by the value of a
queryable property (`?typezone=U`), as Part 1 allows.
"""

import json
from urllib.parse import urlencode

from django.contrib.gis.db.models import Extent
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from rest_framework.exceptions import ValidationError as ApiValidationError

from accounts.roles import is_planner
from mapping.ogc.openapi import GEOJSON, openapi_document
from territory.api.filters import parse_bbox
from territory.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from territory.catalogue import BOOL, INT, REGISTRY, STR, Layer, json_schema_type, layers
from territory.communes import UnknownCommune, commune_or_all
from territory.geojson import features_array
from territory.querysets import bbox_polygon

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
OPENAPI_JSON = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA_JSON = "application/schema+json"
JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
REL_SCHEMA = "http://www.opengis.net/def/rel/ogc/1.0/schema"
REL_QUERYABLES = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
# The column kinds a client may filter items by, with an exact value.
QUERYABLE_KINDS = (STR, INT, BOOL)


def _url(request, name: str, *args, query: dict | None = None) -> str:
    url = request.build_absolute_uri(reverse(f"ogc:{name}", args=args))
    return f"{url}?{urlencode(query)}" if query else url


def _json(data: dict, *, content_type: str = "application/json", status: int = 200):
    return JsonResponse(
        data, status=status, content_type=content_type, json_dumps_params={"ensure_ascii": False}
    )


def _error(status: int, code: str, description: str):
    return _json({"code": code, "description": description}, status=status)


def _collection_or_none(key: str) -> Layer | None:
    return REGISTRY.get(key)


def _queryable_columns(collection: Layer):
    return [column for column in collection.columns if column.kind in QUERYABLE_KINDS]


@require_safe
def landing(request):
    return _json(
        {
            "title": "Cadre de vie",
            "description": str(_("The layers of the participatory map, for QGIS and GDAL.")),
            "links": [
                {"href": _url(request, "landing"), "rel": "self", "type": "application/json"},
                {
                    "href": _url(request, "openapi"),
                    "rel": "service-desc",
                    "type": OPENAPI_JSON,
                    "title": "OpenAPI 3.0",
                },
                {
                    "href": _url(request, "conformance"),
                    "rel": "conformance",
                    "type": "application/json",
                },
                {"href": _url(request, "collections"), "rel": "data", "type": "application/json"},
            ],
        }
    )


@require_safe
def openapi(request):
    return _json(openapi_document(_url(request, "landing")), content_type=OPENAPI_JSON)


@require_safe
def conformance(request):
    return _json({"conformsTo": CONFORMANCE})


def _describe(request, collection: Layer) -> dict:
    rows = collection.rows(None, request.user)
    extent = rows.aggregate(extent=Extent(collection.geometry_field))["extent"]
    description = {
        "id": collection.key,
        "title": str(collection.title),
        "description": str(collection.description),
        "itemType": "feature",
        "crs": [CRS84],
        "links": [
            {
                "href": _url(request, "collection", collection.key),
                "rel": "self",
                "type": "application/json",
            },
            {"href": _url(request, "items", collection.key), "rel": "items", "type": GEOJSON},
            {
                "href": _url(request, "schema", collection.key),
                "rel": REL_SCHEMA,
                "type": SCHEMA_JSON,
            },
            {
                "href": _url(request, "queryables", collection.key),
                "rel": REL_QUERYABLES,
                "type": SCHEMA_JSON,
            },
        ],
    }
    if extent is not None:
        description["extent"] = {"spatial": {"bbox": [list(extent)], "crs": CRS84}}
    return description


@require_safe
def collections(request):
    return _json(
        {
            "links": [
                {"href": _url(request, "collections"), "rel": "self", "type": "application/json"}
            ],
            "collections": [_describe(request, c) for c in layers()],
        }
    )


@require_safe
def collection(request, collection_id):
    found = _collection_or_none(collection_id)
    if found is None:
        return _not_found(collection_id)
    return _json(_describe(request, found))


def _not_found(collection_id):
    return _error(404, "NotFound", _("There is no layer named %(name)s.") % {"name": collection_id})


def _geometry_schema(collection: Layer) -> dict:
    geometry_type = collection.geometry_type
    shape = "any" if geometry_type == "Unknown" else geometry_type.lower()
    return {"format": f"geometry-{shape}", "x-ogc-role": "primary-geometry"}


def _json_schema(request, name: str, collection: Layer, properties: dict, **extra) -> dict:
    return {
        "$schema": JSON_SCHEMA,
        "$id": _url(request, name, collection.key),
        "type": "object",
        "title": str(collection.title),
        "description": str(collection.description),
        "properties": properties,
        **extra,
    }


def _property(column) -> dict:
    return {"title": str(column.title or column.name), **json_schema_type(column)}


@require_safe
def schema(request, collection_id):
    """The features' properties and their types (OGC API - Features Part 5)."""
    found = _collection_or_none(collection_id)
    if found is None:
        return _not_found(collection_id)
    columns = found.columns_for(personal=is_planner(request.user))
    properties = {
        "id": {"type": "integer", "x-ogc-role": "id"},
        found.geometry_field: _geometry_schema(found),
        **{column.name: _property(column) for column in columns},
    }
    return _json(_json_schema(request, "schema", found, properties), content_type=SCHEMA_JSON)


@require_safe
def queryables(request, collection_id):
    """The properties items can be filtered by, `?name=value` (OGC API - Features Part 3)."""
    found = _collection_or_none(collection_id)
    if found is None:
        return _not_found(collection_id)
    properties = {column.name: _property(column) for column in _queryable_columns(found)}
    document = _json_schema(request, "queryables", found, properties, additionalProperties=False)
    return _json(document, content_type=SCHEMA_JSON)


def _property_filters(request, collection: Layer) -> dict:
    """The queryable properties given in the query string, as typed values."""
    filters = {}
    for column in _queryable_columns(collection):
        raw = request.GET.get(column.name)
        if raw is None:
            continue
        if column.kind == INT:
            try:
                filters[column.name] = int(raw)
            except ValueError as error:
                raise ValueError(
                    _("%(name)s must be a whole number.") % {"name": column.name}
                ) from error
        elif column.kind == BOOL:
            if raw not in ("true", "false"):
                raise ValueError(_("%(name)s must be true or false.") % {"name": column.name})
            filters[column.name] = raw == "true"
        else:
            filters[column.name] = raw
    return filters


# PostgreSQL's OFFSET is a 64-bit integer: a larger one is a database error, not an empty page.
MAX_OFFSET = 2**53


def _int_parameter(
    request, name: str, default: int, minimum: int, maximum: int = MAX_OFFSET
) -> int:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError as error:
        raise ValueError(_("%(name)s must be a whole number.") % {"name": name}) from error
    if value < minimum:
        raise ValueError(
            _("%(name)s must be at least %(minimum)s.") % {"name": name, "minimum": minimum}
        )
    if value > maximum:
        raise ValueError(
            _("%(name)s must be at most %(maximum)s.") % {"name": name, "maximum": maximum}
        )
    return value


@require_safe
def items(request, collection_id):
    found = _collection_or_none(collection_id)
    if found is None:
        return _not_found(collection_id)
    try:
        limit = min(_int_parameter(request, "limit", DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE)
        offset = _int_parameter(request, "offset", 0, 0)
        box = bbox_polygon(*parse_bbox(request.GET["bbox"])) if request.GET.get("bbox") else None
        property_filters = _property_filters(request, found)
        commune = commune_or_all(request)
    except ValueError as error:
        return _error(400, "InvalidParameterValue", str(error))
    except ApiValidationError as error:
        return _error(400, "InvalidParameterValue", " ".join(map(str, error.detail["bbox"])))
    except UnknownCommune as error:
        return _error(404, "NotFound", str(error))
    personal = is_planner(request.user)
    queryset = found.queryset(commune=commune, user=request.user, personal=personal)
    if box is not None:
        queryset = queryset.filter(**{f"{found.geometry_field}__intersects": box})
    if property_filters:
        queryset = queryset.filter(**property_filters)
    matched = queryset.count()
    features = features_array(
        queryset[offset : offset + limit],
        found.property_names(personal=personal),
        found.geometry_field,
    )
    returned = max(0, min(limit, matched - offset))
    query = {k: v for k, v in request.GET.items() if k not in ("offset", "limit")}
    links = [
        {
            "href": _url(
                request, "items", found.key, query={**query, "limit": limit, "offset": offset}
            ),
            "rel": "self",
            "type": GEOJSON,
        },
        {
            "href": _url(request, "collection", found.key),
            "rel": "collection",
            "type": "application/json",
        },
    ]
    if offset + returned < matched:
        links.append(
            {
                "href": _url(
                    request,
                    "items",
                    found.key,
                    query={**query, "limit": limit, "offset": offset + limit},
                ),
                "rel": "next",
                "type": GEOJSON,
            }
        )
    if offset > 0:
        links.append(
            {
                "href": _url(
                    request,
                    "items",
                    found.key,
                    query={**query, "limit": limit, "offset": max(0, offset - limit)},
                ),
                "rel": "prev",
                "type": GEOJSON,
            }
        )
    head = {
        "type": "FeatureCollection",
        "numberMatched": matched,
        "numberReturned": returned,
        "timeStamp": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "links": links,
    }
    # The features arrive as JSON text from PostGIS: spliced in, not parsed and re-dumped.
    body = json.dumps(head, ensure_ascii=False)[:-1] + ',"features":' + features + "}"
    return HttpResponse(body, content_type=GEOJSON)


@require_safe
def item(request, collection_id, feature_id):
    found = _collection_or_none(collection_id)
    if found is None:
        return _not_found(collection_id)
    try:
        commune = commune_or_all(request)
    except UnknownCommune as error:
        return _error(404, "NotFound", str(error))
    personal = is_planner(request.user)
    queryset = found.queryset(commune=commune, user=request.user, personal=personal).filter(
        pk=feature_id
    )
    features = json.loads(
        features_array(queryset, found.property_names(personal=personal), found.geometry_field)
    )
    if not features:
        return _error(404, "NotFound", _("This feature does not exist."))
    feature = features[0]
    feature["links"] = [
        {"href": _url(request, "item", found.key, feature_id), "rel": "self", "type": GEOJSON},
        {
            "href": _url(request, "collection", found.key),
            "rel": "collection",
            "type": "application/json",
        },
    ]
    return _json(feature, content_type=GEOJSON)
