"""Builds a commune's web map with folium: layers, switcher, clustering; assets served locally."""

import json
import re
from dataclasses import dataclass

import folium
from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext
from folium.plugins import MarkerCluster
from folium.utilities import JsCode

from mapping.webmap.assets import localize_map
from mapping.webmap.layers import commune_layers
from territory.models import Commune

# folium's page header forbids zooming (user-scalable=no), which locks out readers who need to
# enlarge the page (RGAA 10.4); the page template sets its own viewport instead.
_VIEWPORT_META = re.compile(r"<meta\s+name=\"viewport\"[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class MapParts:
    """The three pieces of a folium page that the Django template places."""

    header: str
    html: str
    script: str
    element_id: str


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
    """The map of the commune: its boundary, the plan's zones, farmland, heritage, proposals."""
    min_lon, min_lat, max_lon, max_lat = commune.boundary.extent
    town_map = folium.Map(
        location=[(min_lat + max_lat) / 2, (min_lon + max_lon) / 2],
        zoom_start=14,
        tiles=None,
        control_scale=True,
    )
    folium.TileLayer(
        settings.MAP_TILES_URL,
        attr=settings.MAP_TILES_ATTRIBUTION,
        name=gettext("Base map"),
        max_zoom=19,
    ).add_to(town_map)
    for layer in commune_layers(commune, user):
        if layer.key == "proposals":
            # Points cluster at low zoom; lines and areas are drawn as they are.
            cluster = MarkerCluster(name=str(layer.name), show=True)
            _geojson(layer).add_to(cluster)
            cluster.add_to(town_map)
        else:
            _geojson(layer).add_to(town_map)
    folium.LayerControl(collapsed=False).add_to(town_map)
    town_map.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
    return town_map


def render_map_parts(town_map: folium.Map) -> MapParts:
    """Localize every asset of the map, render it, and split it for the page template."""
    localize_map(town_map, static)
    figure = town_map.get_root()
    figure.render()
    return MapParts(
        header=_VIEWPORT_META.sub("", figure.header.render()),
        html=figure.html.render(),
        script=figure.script.render(),
        element_id=town_map.get_name(),
    )
