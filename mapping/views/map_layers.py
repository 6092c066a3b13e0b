"""The map's layers as GeoJSON by bounding box: what mapping/static/mapping/webmap.js fetches.

The map page carries no feature. A small layer is fetched once over the commune; the proposals
listed beside a map whose proposals come as vector tiles are fetched for the view, with the
list's filters and a limit. The rows and columns are the catalogue's map ones (public columns
only, the proposals the person may see), the bbox filter goes through the spatial index, and
PostGIS writes the JSON.
"""

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from rest_framework.exceptions import ValidationError

from territory.api.filters import parse_bbox
from territory.catalogue import REGISTRY
from territory.communes import commune_for
from territory.geojson import features_array
from territory.querysets import bbox_polygon

# The list's filters (mapping/templates/mapping/map.html), applied to the proposals only.
PROPOSAL_FILTERS = ("category", "status")


def _refusal(message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=400)


def _proposal_filters(rows, params):
    for name in PROPOSAL_FILTERS:
        if value := params.get(name):
            rows = rows.filter(**{name: value})
    if consultation := params.get("consultation"):
        if not consultation.isdigit():
            raise ValueError(_("The consultation is given by its number."))
        rows = rows.filter(consultation_id=int(consultation))
    for word in params.get("search", "").split():
        rows = rows.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(author__display_name__icontains=word)
        )
    return rows


@require_safe
def map_layer(request, key: str):
    """`/map/layers/<key>.geojson?commune=&bbox=&limit=`: a FeatureCollection with
    `numberMatched` (how many features the bbox holds) and at most `limit` features."""
    entry = REGISTRY.get(key)
    if entry is None or not entry.on_map:
        raise Http404(_("There is no layer named %(name)s.") % {"name": key})
    commune = commune_for(request)
    rows = entry.rows(commune, request.user)
    # A whole small layer, or the list of a tiled one.
    limit = max(settings.MAP_GEOJSON_MAX_FEATURES, settings.MAP_LIST_MAX)
    try:
        if raw := request.GET.get("bbox"):
            box = bbox_polygon(*parse_bbox(raw))
            rows = rows.filter(**{f"{entry.geometry_field}__intersects": box})
        if raw := request.GET.get("limit"):
            if not raw.isdigit() or not 1 <= int(raw) <= limit:
                raise ValueError(_("limit goes from 1 to %(max)s.") % {"max": limit})
            limit = int(raw)
        if key == "proposals":
            rows = _proposal_filters(rows, request.GET)
    except ValidationError as error:
        # parse_bbox says what is wrong in one sentence, under "bbox".
        return _refusal(str(error.detail["bbox"]))
    except ValueError as error:
        return _refusal(str(error))
    matched = rows.count()
    # The newest proposals first, as in the list; any other layer in a stable order.
    order = ("-created_at", "-pk") if key == "proposals" else ("pk",)
    page = entry.map_queryset(rows).order_by(*order)[:limit]
    names = [column.name for column in entry.map_columns()]
    features = features_array(page, names, entry.geometry_field)
    body = f'{{"type":"FeatureCollection","numberMatched":{matched},"features":{features}}}'
    response = HttpResponse(body, content_type="application/geo+json")
    # What a person sees depends on who they are (hidden proposals for the moderators).
    response["Cache-Control"] = "private, max-age=0"
    return response
