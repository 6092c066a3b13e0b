"""Builds a commune's web map with folium: layers, switcher, clustering; assets served locally."""

import json

import folium
from django.utils.translation import gettext
from folium.plugins import LocateControl, MarkerCluster
from folium.utilities import JsCode

from mapping.models import Proposal
from mapping.webmap.drawing import ProposalGeometryEditor, ProposalTools
from mapping.webmap.layers import Layer, commune_layer, proposals_layer
from mapping.webmap.loading import (
    FetchedLayer,
    LayersDrawn,
    TiledLayer,
    map_layer_sources,
)
from territory.models import Commune
from territory.webmap.base import FitAtOnce, base_map
from territory.webmap.words import locate_words

# The screens on which the map's controls must leave room to each other (phones, small tablets);
# site.css uses the same width for the map page.
SMALL_SCREEN = "(max-width: 48em)"


def _geojson(layer, *, show: bool = True) -> folium.GeoJson:
    return folium.GeoJson(
        json.loads(layer.geojson),
        name=str(layer.name),
        show=show,
        style=JsCode(f'CadreDeVie.style("{layer.key}")'),
        pointToLayer=JsCode(f'CadreDeVie.pointToLayer("{layer.key}")'),
        on_each_feature=JsCode(f'CadreDeVie.describe("{layer.key}")'),
    )


def build_commune_map(commune: Commune, *, user) -> folium.Map:
    """The map of the commune: its boundary, the plan's zones, farmland, heritage, proposals.

    The page carries no feature: each layer is fetched by the page once shown, as one GeoJSON
    request when small, as vector tiles when large (mapping/webmap/loading.py).
    """
    town_map = base_map(commune.boundary.extent, zoom_start=14)
    FitAtOnce(commune.boundary.extent).add_to(town_map)
    proposals = proposals_source = None
    drawn = []
    for source in map_layer_sources(commune, user):
        if source.key == "proposals":
            proposals_source = source
            # Points cluster (markercluster when fetched whole, PostGIS in the tiles); lines
            # and areas are drawn as they are. proposals.js fills the layer and the list.
            if source.tiled:
                proposals = TiledLayer(source).add_to(town_map)
            else:
                proposals = MarkerCluster(name=source.name, show=True).add_to(town_map)
            continue
        layer = TiledLayer(source) if source.tiled else FetchedLayer(source)
        drawn.append(layer.add_to(town_map))
    # On a wide screen the layer list stays open at the top right, far from the tools; on a
    # phone it would cover the zoom and drawing buttons, so it is folded into its button.
    folium.LayerControl(collapsed=JsCode(f"window.matchMedia({SMALL_SCREEN!r}).matches")).add_to(
        town_map
    )
    LocateControl(
        flyTo=True,
        keepCurrentZoomLevel=False,
        strings=locate_words(),
        metric=True,
    ).add_to(town_map)
    # Drawing, filters and the list beside the map (mapping/static/mapping/proposals.js).
    ProposalTools(proposals, proposals_source).add_to(town_map)
    # Marks the map's element once every layer shown has arrived (for tests and benchmarks).
    LayersDrawn([*drawn, proposals]).add_to(town_map)
    return town_map


def build_proposal_map(proposal: Proposal, *, user, editable: bool = False) -> folium.Map:
    """The small map of a proposal's page: the commune's boundary and the proposal.

    `editable` adds the tool with which its author reshapes it.
    """
    min_lon, min_lat, max_lon, max_lat = proposal.geometry.extent
    proposal_map = base_map(proposal.geometry.extent, zoom_start=17)
    commune = Layer("commune", gettext("Commune boundary"), commune_layer(proposal.commune))
    _geojson(commune).add_to(proposal_map)
    drawn = Layer(
        "proposals",
        gettext("The proposal"),
        proposals_layer(proposal.commune, user, only=proposal),
    )
    drawn_layer = _geojson(drawn).add_to(proposal_map)
    if editable:
        ProposalGeometryEditor(drawn_layer).add_to(proposal_map)
    if proposal.geometry.geom_type != "Point":
        pad = 0.0005
        proposal_map.fit_bounds(
            [[min_lat - pad, min_lon - pad], [max_lat + pad, max_lon + pad]], max_zoom=18
        )
    return proposal_map


def build_consultation_map(consultation, *, user) -> folium.Map:
    """The map of a consultation's page: the commune's boundary and the proposals (or the
    published observations) sent to it, clustered like on the town map."""
    commune_entry = consultation.commune
    min_lon, min_lat, max_lon, max_lat = commune_entry.boundary.extent
    review_map = base_map(commune_entry.boundary.extent, zoom_start=14)
    boundary = Layer("commune", gettext("Commune boundary"), commune_layer(commune_entry))
    _geojson(boundary).add_to(review_map)
    sent = Layer(
        "proposals",
        gettext("Proposals of the consultation"),
        proposals_layer(commune_entry, user, consultation=consultation),
    )
    cluster = MarkerCluster(name=sent.name, show=True)
    _geojson(sent).add_to(cluster)
    cluster.add_to(review_map)
    review_map.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
    return review_map
