"""How the commune's map gets its layers without carrying them in the page.

Each layer of the catalogue shown on the map is a `MapLayerSource`: a layer with at most
`settings.MAP_GEOJSON_MAX_FEATURES` features for the person looking is fetched whole as GeoJSON
once the page is shown (`FetchedLayer`, from /map/layers/<key>.geojson); a larger one comes as
vector tiles made by PostGIS (`TiledLayer`, /tiles/<key>/{z}/{x}/{y}.mvt, clustered and
simplified at low zoom). The page's HTML then weighs the same whatever the data.

The styles and popups are the same for both (mapping/static/mapping/webmap.js reads a tile
feature's properties like a GeoJSON feature's). `LayersDrawn` marks the map's element with
`data-layers-drawn="true"` once every layer shown has arrived: the browser tests and the
benchmark wait for it.
"""

import json
from dataclasses import dataclass
from urllib.parse import urlencode

import folium
from branca.element import MacroElement
from django.conf import settings
from django.urls import reverse
from folium.plugins import VectorGridProtobuf
from folium.template import Template
from folium.utilities import JsCode

from territory.catalogue import layers

EMPTY_COLLECTION = {"type": "FeatureCollection", "features": []}


@dataclass(frozen=True)
class MapLayerSource:
    key: str  # the catalogue's key, in the URLs
    map_key: str  # the name webmap.js styles and describes it by
    name: str
    tiled: bool
    geojson_url: str
    tiles_url: str

    def config(self) -> dict:
        """What proposals.js needs to load the layer itself."""
        return {
            "key": self.key,
            "tiled": self.tiled,
            "geojson_url": self.geojson_url,
            "tiles_url": self.tiles_url,
        }


def _tiles_url(key: str, query: str) -> str:
    # Reversed with placeholders' stand-ins, then given Leaflet's {z}/{x}/{y}.
    sample = reverse("tiles:tile", args=[key, 1, 2, 3])
    return sample.removesuffix("1/2/3.mvt") + "{z}/{x}/{y}.mvt?" + query


def map_layer_sources(commune, user) -> list[MapLayerSource]:
    """Every layer of the map, bottom to top, each fetched whole or tiled by its size."""
    most = settings.MAP_GEOJSON_MAX_FEATURES
    query = urlencode({"commune": commune.insee})
    sources = []
    for entry in layers():
        if not entry.on_map:
            continue
        # A bounded count: it stops at the first row past the limit, even over 500,000 parcels.
        tiled = entry.rows(commune, user)[: most + 1].count() > most
        sources.append(
            MapLayerSource(
                key=entry.key,
                map_key=entry.map_name,
                name=str(entry.map_title or entry.title),
                tiled=tiled,
                geojson_url=reverse("mapping:map-layer", args=[entry.key]) + "?" + query,
                tiles_url=_tiles_url(entry.key, query),
            )
        )
    return sources


class _FetchLayer(MacroElement):
    """Fills its parent GeoJSON layer from the URL (webmap.js `fetchLayer`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            CadreDeVie.fetchLayer({{ this._parent.get_name() }}, {{ this.url|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str):
        super().__init__()
        self._name = "FetchLayer"
        self.url = url


class FetchedLayer(folium.GeoJson):
    """A small layer: an empty GeoJSON layer in the page, filled by one request."""

    def __init__(self, source: MapLayerSource, *, show: bool = True):
        key = source.map_key
        super().__init__(
            EMPTY_COLLECTION,
            name=source.name,
            show=show,
            style=JsCode(f"CadreDeVie.style({json.dumps(key)})"),
            pointToLayer=JsCode(f"CadreDeVie.pointToLayer({json.dumps(key)})"),
            on_each_feature=JsCode(f"CadreDeVie.describe({json.dumps(key)})"),
        )
        self.source = source
        self.add_child(_FetchLayer(source.geojson_url))


class _TilePopups(MacroElement):
    """Popups and tooltips of its parent tile layer (webmap.js `tilePopups`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            CadreDeVie.tilePopups(
                {{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }},
                {{ this.key|tojson }}
            );
        {% endmacro %}
        """
    )

    def __init__(self, key: str):
        super().__init__()
        self._name = "TilePopups"
        self.key = key


class TiledLayer(VectorGridProtobuf):
    """A large layer: vector tiles styled and described like the GeoJSON layers. VectorGrid's
    bundled build is served from node_modules (territory.webmap.assets)."""

    def __init__(self, source: MapLayerSource, *, show: bool = True):
        options = f"CadreDeVie.tileOptions({json.dumps(source.map_key)}, {json.dumps(source.key)})"
        super().__init__(source.tiles_url, name=source.name, options=options, show=show)
        self.source = source
        self.add_child(_TilePopups(source.map_key))


class LayersDrawn(MacroElement):
    """Sets `data-layers-drawn="true"` on the map's element once its layers have arrived."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            CadreDeVie.whenDrawn({{ this._parent.get_name() }}, [
                {%- for layer in this.layers %}{{ layer.get_name() }}, {% endfor -%}
            ]);
        {% endmacro %}
        """
    )

    def __init__(self, shown_layers):
        super().__init__()
        self._name = "LayersDrawn"
        self.layers = [layer for layer in shown_layers if layer is not None]
