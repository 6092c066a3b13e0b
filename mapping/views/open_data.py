"""The open-data page: every download and the two APIs, each with a sentence, for residents.

The list of layers is the layer catalogue's: a new layer appears here with its files.
"""

from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.http import require_safe

from territory.catalogue import layers
from territory.communes import commune_for


def _existing(path: str) -> str | None:
    """`path` when a page answers there (not every layer has its REST collection)."""
    try:
        resolve(path)
    except Resolver404:
        return None
    return path


@require_safe
def open_data(request):
    entries = [
        {
            "layer": layer,
            "geojson": reverse("exports:geojson", args=[layer.key]),
            "csv": reverse("exports:csv", args=[layer.key]),
            "csv_fr": reverse("exports:csv", args=[layer.key]) + "?format=fr",
            "api": _existing(f"/api/v1/{layer.key}/"),
            "ogc": reverse("ogc:collection", args=[layer.key]),
        }
        for layer in layers()
    ]
    return render(
        request,
        "mapping/open_data.html",
        {
            "commune": commune_for(request),
            "entries": entries,
            "atlas": reverse("exports:atlas"),
            "zone_urba": reverse("exports:zone-urba"),
            "api_root": "/api/v1/",
            "api_docs": reverse("api-docs"),
            "api_schema": reverse("api-schema"),
            "ogc": reverse("ogc:landing"),
        },
    )
