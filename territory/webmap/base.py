"""The base of every map: tiles and controls, then rendered into the parts a template places."""

import re
from dataclasses import dataclass

import folium
from branca.element import MacroElement
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import json_script
from django.utils.translation import gettext
from folium.template import Template

from territory.webmap.assets import localize_map
from territory.webmap.words import leaflet_words

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


def base_map(extent: tuple[float, float, float, float], *, zoom_start: int) -> folium.Map:
    """An empty map centred on `extent` (min lon, min lat, max lon, max lat) with the base tiles.

    Every map of the project starts here, so tiles, attribution and controls stay the same.
    """
    min_lon, min_lat, max_lon, max_lat = extent
    new_map = folium.Map(
        location=[(min_lat + max_lat) / 2, (min_lon + max_lon) / 2],
        zoom_start=zoom_start,
        tiles=None,
        control_scale=True,
    )
    # The scale speaks metres only (territory/static/territory/leaflet_words.js); the zoom
    # buttons' titles are translated there too.
    folium.TileLayer(
        settings.MAP_TILES_URL,
        attr=settings.MAP_TILES_ATTRIBUTION,
        name=gettext("Base map"),
        max_zoom=19,
    ).add_to(new_map)
    return new_map


class FitAtOnce(MacroElement):
    """Fits the map to its bounds at once, before the layers added after it ask for any tile.

    folium's fit_bounds runs after every layer and animates: each tiled layer first loads the
    tiles of the starting zoom, then those of the fitted one (twice the server's work).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {animate: false});
        {% endmacro %}
        """
    )

    def __init__(self, extent: tuple[float, float, float, float]):
        super().__init__()
        self._name = "FitAtOnce"
        min_lon, min_lat, max_lon, max_lat = extent
        self.bounds = [[min_lat, min_lon], [max_lat, max_lon]]


def render_map_parts(town_map: folium.Map) -> MapParts:
    """Localize every asset of the map, render it, and split it for the page template."""
    localize_map(town_map, static)
    figure = town_map.get_root()
    figure.render()
    # After Leaflet and its plugins (the header's scripts), before the map is made (the page's
    # script): Leaflet's own words in the active language (territory/static/territory/).
    words = json_script(leaflet_words(), "leaflet-words")
    words_js = f'<script src="{static("territory/leaflet_words.js")}"></script>'
    return MapParts(
        header=_VIEWPORT_META.sub("", figure.header.render()) + words + words_js,
        html=figure.html.render(),
        script=figure.script.render(),
        element_id=town_map.get_name(),
    )
