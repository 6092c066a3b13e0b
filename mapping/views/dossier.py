"""The record of a consultation (bilan de la concertation): the printable page and its files.

Everyone may read the record: it is public, as the council's deliberation adopting it will be.
The files hold the public columns; a planner's also hold the authors' accounts.
"""

import tempfile
from pathlib import Path

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from mapping.dossier import consultation_dossier, dossier_layer, dossier_zones_layer
from mapping.exports.base import ExportRequest, get_exporter
from mapping.exports.geopackage import write_layers
from mapping.models import Consultation
from mapping.permissions import may_see_personal_columns
from mapping.webmap.dossier import build_zone_map
from mapping.webmap.legend import map_config
from territory.webmap.base import render_map_parts

CHUNK = 64 * 1024


def _consultation(pk: int) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("commune", "plan"), pk=pk)


@require_safe
def dossier_page(request, pk):
    consultation = _consultation(pk)
    dossier = consultation_dossier(consultation=consultation, user=request.user)
    sections = [
        (
            section,
            render_map_parts(
                build_zone_map(section.zone, [entry.proposal for entry in section.entries])
            ),
        )
        for section in dossier.zone_sections
    ]
    outside = next((s for s in dossier.sections if s.zone is None), None)
    return render(
        request,
        "mapping/dossier.html",
        {
            "consultation": consultation,
            "dossier": dossier,
            "sections": sections,
            "outside": outside,
            # Every map loads the same assets: the first one's header serves them all.
            "map_header": sections[0][1].header if sections else "",
            "map_config": map_config(),
        },
    )


def _file_response(chunks, *, filename: str, media_type: str, personal: bool):
    response = StreamingHttpResponse(chunks, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A planner's file holds personal data: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store" if personal else "public, max-age=60"
    response["Vary"] = "Cookie"
    return response


def _filename(consultation: Consultation, extension: str) -> str:
    return f"{consultation.commune.insee}_bilan_concertation_{consultation.pk}.{extension}"


@require_safe
def dossier_gpkg(request, pk):
    consultation = _consultation(pk)
    personal = may_see_personal_columns(request.user, consultation.commune)

    def chunks():
        with tempfile.TemporaryDirectory(prefix="dossier-") as folder:
            path = Path(folder) / _filename(consultation, "gpkg")
            write_layers(
                path,
                [dossier_zones_layer(consultation), dossier_layer(consultation)],
                commune=consultation.commune,
                personal=personal,
                user=request.user,
            )
            with path.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    yield chunk

    return _file_response(
        chunks(),
        filename=_filename(consultation, "gpkg"),
        media_type="application/geopackage+sqlite3",
        personal=personal,
    )


@require_safe
def dossier_csv(request, pk):
    consultation = _consultation(pk)
    personal = may_see_personal_columns(request.user, consultation.commune)
    exporter = get_exporter("csv")
    export = ExportRequest(
        commune=consultation.commune,
        collection=dossier_layer(consultation),
        personal=personal,
        user=request.user,
    )
    return _file_response(
        exporter.export(export),
        filename=_filename(consultation, "csv"),
        media_type=exporter.media_type,
        personal=personal,
    )
