"""Download addresses of the exports: thin views over the exporters' registry."""

from django.http import Http404, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mapping.exports.base import ExportRequest, get_exporter
from mapping.permissions import may_see_personal_columns
from territory.catalogue import REGISTRY
from territory.communes import commune_for


def _download(request, exporter_key: str, collection_key: str | None = None):
    exporter = get_exporter(exporter_key)
    collection = None
    if collection_key is not None:
        if collection_key not in REGISTRY:
            raise Http404(_("There is no layer named %(name)s.") % {"name": collection_key})
        collection = REGISTRY[collection_key]
    commune = commune_for(request)
    personal = may_see_personal_columns(request.user, commune)
    export = ExportRequest(
        commune=commune, collection=collection, personal=personal, user=request.user
    )
    response = StreamingHttpResponse(exporter.export(export), content_type=exporter.media_type)
    response["Content-Disposition"] = f'attachment; filename="{exporter.filename(export)}"'
    # A planner's file holds personal data: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store" if personal else "public, max-age=60"
    response["Vary"] = "Cookie"
    return response


@require_safe
def collection_geojson(request, collection):
    return _download(request, "geojson", collection)


@require_safe
def collection_csv(request, collection):
    """`?format=fr`: semicolons and decimal commas, for a spreadsheet set to French."""
    exporter = "csv-fr" if request.GET.get("format") == "fr" else "csv"
    return _download(request, exporter, collection)


@require_safe
def atlas(request):
    return _download(request, "gpkg")


@require_safe
def zone_urba(request):
    return _download(request, "cnig")
