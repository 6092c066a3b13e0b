"""The vector tiles' address: a thin view over territory/tiles.py."""

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from territory import tiles
from territory.catalogue import REGISTRY
from territory.communes import commune_or_all

MEDIA_TYPE = "application/vnd.mapbox-vector-tile"


@require_safe
def vector_tile(request, collection: str, z: int, x: int, y: int):
    """One tile. An empty tile answers 204 No Content, which MapLibre and Leaflet.VectorGrid
    both draw as a tile without features (and Martin answers the same)."""
    if collection not in REGISTRY:
        raise Http404(_("There is no layer named %(name)s.") % {"name": collection})
    if not tiles.tile_in_range(z, x, y):
        return HttpResponseBadRequest(
            _(
                "This tile does not exist: the zoom goes from 0 to %(max)s, and x and y from 0 "
                "to 2 to the power of the zoom, minus one."
            )
            % {"max": tiles.MAX_ZOOM},
            content_type="text/plain; charset=utf-8",
        )
    layer = REGISTRY[collection]
    commune = commune_or_all(request)
    user = request.user
    etag = tiles.cached_key_and_etag(layer, z, x, y, commune=commune, user=user)[1]
    public = tiles.audience(user) == "public"
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        tile = tiles.tile(layer, z, x, y, commune=commune, user=user)
        status = 200 if tile.content else 204
        response = HttpResponse(tile.content, status=status, content_type=MEDIA_TYPE)
        if status == 204:
            response["Content-Type"] = MEDIA_TYPE
    response["ETag"] = etag
    # A signed-in person's tile may hold what only they see: never kept by a shared cache.
    response["Cache-Control"] = "public, max-age=60" if public else "private, max-age=0"
    patch_vary_headers(response, ["Cookie"])
    return response
