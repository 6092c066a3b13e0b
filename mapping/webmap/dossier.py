"""The maps of a consultation's printed record: one per zone, the zone and its proposals.

Built for paper: no animation (a map caught mid-zoom would print blurred or blank), no controls
to click, and a fixed size set by the page's stylesheet, so every map is drawn before printing.
"""

import json

import folium
from django.utils.translation import gettext
from folium.utilities import JsCode

from land_use.models import Zone
from mapping.models import Proposal
from mapping.webmap.layers import Layer, features
from territory.catalogue import layer
from territory.webmap.base import base_map

STILL = {
    "zoomAnimation": False,
    "fadeAnimation": False,
    "markerZoomAnimation": False,
    "inertia": False,
    "zoomControl": False,
    "scrollWheelZoom": False,
}


def _geojson(entry: Layer) -> folium.GeoJson:
    return folium.GeoJson(
        json.loads(entry.geojson),
        name=str(entry.name),
        style=JsCode(f'CadreDeVie.style("{entry.key}")'),
        pointToLayer=JsCode(f'CadreDeVie.pointToLayer("{entry.key}")'),
        on_each_feature=JsCode(f'CadreDeVie.describe("{entry.key}")'),
    )


def build_zone_map(zone: Zone, proposals: list[Proposal]) -> folium.Map:
    """The zone's outline and the proposals touching it, framed on both."""
    zones, drawn = layer("zones"), layer("proposals")
    zone_map = base_map(zone.geometry.extent, zoom_start=15)
    zone_map.options.update(STILL)
    _geojson(
        Layer(zones.map_name, gettext("Zone"), features(zones, Zone.objects.filter(pk=zone.pk)))
    ).add_to(zone_map)
    ids = [proposal.pk for proposal in proposals]
    _geojson(
        Layer(
            drawn.map_name,
            gettext("Proposals"),
            features(drawn, Proposal.objects.filter(pk__in=ids)),
        )
    ).add_to(zone_map)
    extent = zone.geometry.extent
    for proposal in proposals:
        a = proposal.geometry.extent
        extent = (
            min(extent[0], a[0]),
            min(extent[1], a[1]),
            max(extent[2], a[2]),
            max(extent[3], a[3]),
        )
    min_lon, min_lat, max_lon, max_lat = extent
    zone_map.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
    return zone_map
