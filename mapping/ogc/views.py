"""OGC API - Features views: landing page, conformance, collections, items, single items, and
each collection's schema (Part 5) and queryables (Part 3).

Every collection is a layer of the catalogue (territory.catalogue). The features are written by
PostGIS (territory.geojson); a page holds at most MAX_PAGE_SIZE of them, and a larger `limit` is
served capped rather than refused, as the standard asks. Items are selected by `bbox` (Part 1,
with `bbox-crs`, Part 2), `datetime` (the layers with a time, TEMPORAL below), the value of a
queryable (`?typezone=U`) and a CQL2 `filter` (Part 3); they are written in the `crs` asked for
(Part 2), said by the `Content-Crs` header. A parameter the API does not define is a 400.
"""

import json
from functools import reduce
from operator import and_
from urllib.parse import urlencode

from django.contrib.gis.db.models import Extent
from django.core.exceptions import FieldError, ValidationError
from django.db.models import Max, Min, Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.roles import is_planner
from mapping.ogc import crs as crs_module
from mapping.ogc import filtering
from mapping.ogc.openapi import GEOJSON, ITEM_PARAMETERS, ITEMS_PARAMETERS, openapi_document
from mapping.ogc.parameters import (
    InvalidParameter,
    bbox_condition,
    datetime_condition,
    property_value,
    refuse_unknown,
)
from mapping.permissions import may_see_personal_columns
from territory.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from territory.catalogue import REGISTRY, Layer, json_schema_type, layers
from territory.communes import UnknownCommune, commune_or_all
from territory.geojson import features_array

CRS84 = crs_module.CRS84
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
    "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
]
OPENAPI_JSON = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA_JSON = "application/schema+json"
JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
REL_SCHEMA = "http://www.opengis.net/def/rel/ogc/1.0/schema"
REL_QUERYABLES = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
REL_CONFORMANCE = "http://www.opengis.net/def/rel/ogc/1.0/conformance"
REL_DATA = "http://www.opengis.net/def/rel/ogc/1.0/data"
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
# The layers whose features have a time, for `datetime` and the temporal extent: the column of
# their start and, for those that last, of their end. The others ignore `datetime` (Part 1:
# "features not associated with a temporal geometry" match it).
TEMPORAL: dict[str, tuple[str, str | None]] = {
    "proposals": ("created_at", None),
    "meetings": ("starts_at", "ends_at"),
    "fifty-fifty": ("applied_at", None),
}
# PostgreSQL's OFFSET is a 64-bit integer: a larger one is a database error, not an empty page.
MAX_OFFSET = 2**53


def _url(request, name: str, *args, query: dict | None = None) -> str:
    url = request.build_absolute_uri(reverse(f"ogc:{name}", args=args))
    return f"{url}?{urlencode(query)}" if query else url


def _link(href: str, rel: str, media_type: str, title) -> dict:
    return {"href": href, "rel": rel, "type": media_type, "title": str(title)}


def _json(data: dict, *, content_type: str = "application/json", status: int = 200, headers=None):
    return JsonResponse(
        data,
        status=status,
        content_type=content_type,
        json_dumps_params={"ensure_ascii": False},
        headers=headers,
    )


def _error(status: int, code: str, description: str):
    return _json({"code": code, "description": str(description)}, status=status)


def _invalid(error: Exception):
    return _error(400, "InvalidParameterValue", str(error))


def _not_found(collection_id):
    return _error(404, "NotFound", _("There is no layer named %(name)s.") % {"name": collection_id})


def _checked(request, allowed=()):
    """None when the request's parameters are all defined; the 400 response otherwise."""
    try:
        refuse_unknown(request, allowed)
    except InvalidParameter as error:
        return _invalid(error)
    return None


@require_safe
def landing(request):
    if refused := _checked(request):
        return refused
    return _json(
        {
            "title": "Cadre de vie",
            "description": str(_("The layers of the participatory map, for QGIS and GDAL.")),
            "links": [
                _link(_url(request, "landing"), "self", "application/json", _("This document")),
                _link(
                    _url(request, "openapi"),
                    "service-desc",
                    OPENAPI_JSON,
                    _("The API definition (OpenAPI 3.0)"),
                ),
                _link(
                    _url(request, "conformance"),
                    "conformance",
                    "application/json",
                    _("The standards this API conforms to"),
                ),
                _link(
                    _url(request, "collections"),
                    "data",
                    "application/json",
                    _("The layers (collections)"),
                ),
            ],
        }
    )


@require_safe
def openapi(request):
    if refused := _checked(request):
        return refused
    document = openapi_document(_url(request, "landing"), crs_module.supported_uris())
    return _json(document, content_type=OPENAPI_JSON)


@require_safe
def conformance(request):
    if refused := _checked(request):
        return refused
    return _json({"conformsTo": CONFORMANCE})


def _temporal_extent(rows, key: str) -> dict | None:
    if key not in TEMPORAL:
        return None
    start_field, end_field = TEMPORAL[key]
    bounds = rows.aggregate(start=Min(start_field), end=Max(end_field or start_field))
    if bounds["start"] is None:
        return None
    interval = [
        value.isoformat().replace("+00:00", "Z") if value else None for value in bounds.values()
    ]
    return {"interval": [interval], "trs": GREGORIAN}


def _describe(request, collection: Layer, crs_uris: list[str]) -> dict:
    rows = collection.rows(None, request.user)
    extent = rows.aggregate(extent=Extent(collection.geometry_field))["extent"]
    title = str(collection.title)
    description = {
        "id": collection.key,
        "title": title,
        "description": str(collection.description),
        "itemType": "feature",
        "crs": crs_uris,
        # Stored in WGS84 longitude/latitude: CRS84 (EPSG:4326's datum, longitude first).
        "storageCrs": CRS84,
        "links": [
            _link(_url(request, "collection", collection.key), "self", "application/json", title),
            _link(
                _url(request, "items", collection.key),
                "items",
                GEOJSON,
                _("The features of %(title)s") % {"title": title},
            ),
            _link(
                _url(request, "schema", collection.key),
                REL_SCHEMA,
                SCHEMA_JSON,
                _("The properties of the features and their types"),
            ),
            _link(
                _url(request, "queryables", collection.key),
                REL_QUERYABLES,
                SCHEMA_JSON,
                _("The properties the features can be filtered by"),
            ),
        ],
    }
    if extent is not None:
        description["extent"] = {"spatial": {"bbox": [list(extent)], "crs": CRS84}}
        temporal = _temporal_extent(rows, collection.key)
        if temporal is not None:
            description["extent"]["temporal"] = temporal
    return description


@require_safe
def collections(request):
    if refused := _checked(request):
        return refused
    crs_uris = crs_module.supported_uris()
    return _json(
        {
            "links": [
                _link(_url(request, "collections"), "self", "application/json", _("The layers"))
            ],
            "crs": crs_uris,
            "collections": [_describe(request, c, crs_uris) for c in layers()],
        }
    )


@require_safe
def collection(request, collection_id):
    found = REGISTRY.get(collection_id)
    if found is None:
        return _not_found(collection_id)
    if refused := _checked(request):
        return refused
    return _json(_describe(request, found, crs_module.supported_uris()))


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


def _commune_of(found, feature_id, user) -> str | None:
    """The INSEE code of a feature's commune (None for a layer of communes themselves)."""
    try:
        return (
            found.rows(None, user)
            .filter(pk=feature_id)
            .values_list("commune__insee", flat=True)
            .first()
        )
    except FieldError:
        return None


@require_safe
def schema(request, collection_id):
    """The features' properties and their types (OGC API - Features Part 5)."""
    found = REGISTRY.get(collection_id)
    if found is None:
        return _not_found(collection_id)
    if refused := _checked(request):
        return refused
    columns = found.columns_for(personal=is_planner(request.user))
    properties = {
        "id": {"type": "integer", "x-ogc-role": "id"},
        found.geometry_field: _geometry_schema(found),
        **{column.name: _property(column) for column in columns},
    }
    return _json(_json_schema(request, "schema", found, properties), content_type=SCHEMA_JSON)


@require_safe
def queryables(request, collection_id):
    """The properties a CQL2 `filter` (or `?name=value`) may name (Features Part 3): the
    layer's public columns and its geometry, never a personal column."""
    found = REGISTRY.get(collection_id)
    if found is None:
        return _not_found(collection_id)
    if refused := _checked(request):
        return refused
    properties = {
        found.geometry_field: {"title": "geometry", **_geometry_schema(found)},
        **{column.name: _property(column) for column in filtering.queryable_columns(found)},
    }
    document = _json_schema(request, "queryables", found, properties, additionalProperties=False)
    return _json(document, content_type=SCHEMA_JSON)


def _int_parameter(
    request, name: str, default: int, minimum: int, maximum: int = MAX_OFFSET
) -> int:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError as error:
        raise InvalidParameter(_("%(name)s must be a whole number.") % {"name": name}) from error
    if value < minimum:
        raise InvalidParameter(
            _("%(name)s must be at least %(minimum)s.") % {"name": name, "minimum": minimum}
        )
    if value > maximum:
        raise InvalidParameter(
            _("%(name)s must be at most %(maximum)s.") % {"name": name, "maximum": maximum}
        )
    return value


def _conditions(request, collection: Layer) -> list[Q]:
    """The conditions of `bbox`, `datetime`, the queryables given by value and `filter`."""
    get = request.GET
    conditions = []
    if get.get("bbox"):
        bbox_crs = crs_module.parse(get.get("bbox-crs"), "bbox-crs", allow_height=True)
        conditions.append(bbox_condition(get["bbox"], bbox_crs, collection.geometry_field))
    elif get.get("bbox-crs"):
        crs_module.parse(get["bbox-crs"], "bbox-crs", allow_height=True)
    if get.get("datetime") and collection.key in TEMPORAL:
        conditions.append(datetime_condition(get["datetime"], *TEMPORAL[collection.key]))
    elif get.get("datetime"):  # checked, though this layer's features have no time
        datetime_condition(get["datetime"], "start", None)
    for column in filtering.queryable_columns(collection):
        if column.name in get:
            conditions.append(Q(**{column.name: property_value(column, get[column.name])}))
    filter_crs = crs_module.parse(get.get("filter-crs"), "filter-crs")
    language = filtering.language(get.get("filter-lang"))
    if get.get("filter"):
        tree = filtering.parse(get["filter"], language)
        conditions.append(filtering.to_q(tree, collection, filter_crs))
    return conditions


def _items_allowed(collection: Layer) -> set[str]:
    names = {parameter["name"] for parameter in ITEMS_PARAMETERS}
    return names | {column.name for column in filtering.queryable_columns(collection)}


def _geometry_queryset(queryset, collection: Layer, crs):
    """The queryset and the name of its geometry column written in `crs` (PostGIS transforms)."""
    expression = crs_module.geometry_expression(collection.geometry_field, crs)
    if expression is None:
        return queryset, collection.geometry_field
    return queryset.annotate(ogc_geometry=expression), "ogc_geometry"


@require_safe
def items(request, collection_id):
    found = REGISTRY.get(collection_id)
    if found is None:
        return _not_found(collection_id)
    if refused := _checked(request, _items_allowed(found)):
        return refused
    try:
        limit = min(_int_parameter(request, "limit", DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE)
        offset = _int_parameter(request, "offset", 0, 0)
        crs = crs_module.parse(request.GET.get("crs"), "crs")
        conditions = _conditions(request, found)
        commune = commune_or_all(request)
    except (InvalidParameter, crs_module.UnsupportedCrs, filtering.FilterRefused) as error:
        return _invalid(error)
    except UnknownCommune as error:
        return _error(404, "NotFound", str(error))
    personal = may_see_personal_columns(request.user, commune)
    queryset = found.queryset(commune=commune, user=request.user, personal=personal)
    try:
        # Django checks each value against its column here, before any SQL is run.
        queryset = queryset.filter(reduce(and_, conditions, Q()))
    except (FieldError, ValidationError, ValueError, TypeError) as error:
        detail = " ".join(error.messages) if isinstance(error, ValidationError) else ""
        return _invalid(
            _("The filter compares a property with a value it cannot take. %(detail)s")
            % {"detail": detail}
        )
    matched = queryset.count()
    page, geometry_field = _geometry_queryset(queryset[offset : offset + limit], found, crs)
    features = features_array(page, found.property_names(personal=personal), geometry_field)
    returned = max(0, min(limit, matched - offset))
    query = {k: v for k, v in request.GET.items() if k not in ("offset", "limit")}

    def page_link(rel: str, page_offset: int, title) -> dict:
        page_query = {**query, "limit": limit, "offset": page_offset}
        return _link(_url(request, "items", found.key, query=page_query), rel, GEOJSON, title)

    links = [
        page_link("self", offset, _("This page")),
        _link(
            _url(request, "collection", found.key),
            "collection",
            "application/json",
            found.title,
        ),
    ]
    if offset + returned < matched:
        links.append(page_link("next", offset + limit, _("The next page")))
    if offset > 0:
        links.append(page_link("prev", max(0, offset - limit), _("The previous page")))
    head = {
        "type": "FeatureCollection",
        "numberMatched": matched,
        "numberReturned": returned,
        "timeStamp": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "links": links,
    }
    # The features arrive as JSON text from PostGIS: spliced in, not parsed and re-dumped.
    body = json.dumps(head, ensure_ascii=False)[:-1] + ',"features":' + features + "}"
    return HttpResponse(body, content_type=GEOJSON, headers={"Content-Crs": crs.header})


@require_safe
def item(request, collection_id, feature_id):
    found = REGISTRY.get(collection_id)
    if found is None:
        return _not_found(collection_id)
    if refused := _checked(request, {parameter["name"] for parameter in ITEM_PARAMETERS}):
        return refused
    try:
        crs = crs_module.parse(request.GET.get("crs"), "crs")
        commune = commune_or_all(request)
    except crs_module.UnsupportedCrs as error:
        return _invalid(error)
    except UnknownCommune as error:
        return _error(404, "NotFound", str(error))
    # One feature: the planners of its own commune see its personal columns.
    personal = may_see_personal_columns(
        request.user, commune or _commune_of(found, feature_id, request.user)
    )
    queryset = found.queryset(commune=commune, user=request.user, personal=personal).filter(
        pk=feature_id
    )
    queryset, geometry_field = _geometry_queryset(queryset, found, crs)
    features = json.loads(
        features_array(queryset, found.property_names(personal=personal), geometry_field)
    )
    if not features:
        return _error(
            404,
            "NotFound",
            _("The layer %(name)s has no feature %(id)s.") % {"name": found.key, "id": feature_id},
        )
    feature = features[0]
    feature["links"] = [
        _link(
            _url(request, "item", found.key, feature_id, query=_crs_query(request)),
            "self",
            GEOJSON,
            _("This feature"),
        ),
        _link(
            _url(request, "collection", found.key), "collection", "application/json", found.title
        ),
    ]
    return _json(feature, content_type=GEOJSON, headers={"Content-Crs": crs.header})


def _crs_query(request) -> dict:
    return {"crs": request.GET["crs"]} if request.GET.get("crs") else {}
