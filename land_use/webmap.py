"""The maps of a farmer's pages: their parcels on the commune, and a drawing tool.

Built with folium on the same base as the commune's map (territory.webmap); assets are served
locally by `render_map_parts`. The parcels carry only their id and stage: names are shown in the
table beside the map, never as HTML in the map. Their colours are the catalogue's, the town map's.
"""

import json
from dataclasses import dataclass

import folium
from django.contrib.gis.db.models import Extent
from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext
from folium.plugins import Draw

from land_use.models import OrganicParcel
from territory.catalogue import layer
from territory.geojson import feature_collection
from territory.models import Commune
from territory.webmap.base import MapParts, base_map, render_map_parts


@dataclass(frozen=True)
class FarmMap:
    parts: MapParts
    # The JavaScript name of the group holding what the farmer draws ("" without drawing).
    drawn_items: str


def _parcel_style(feature):
    colour = layer("parcels").style.colours.get(feature["properties"].get("stage"), "#555555")
    return {"color": "#00441b", "weight": 2, "fillColor": colour, "fillOpacity": 0.6}


def _base_map(commune: Commune) -> folium.Map:
    """The base map and the commune's boundary (not clickable)."""
    farm = base_map(commune.boundary.extent, zoom_start=14)
    boundary = feature_collection(
        Commune.objects.filter(pk=commune.pk), ["insee"], geometry_field="boundary"
    )
    folium.GeoJson(
        json.loads(boundary),
        name=gettext("Boundary of the commune"),
        style_function=lambda _feature: {"color": "#333333", "weight": 3, "fill": False},
        interactive=False,
    ).add_to(farm)
    return farm


def _preview_style(feature):
    colour = "#1e7b34" if feature["properties"]["accepted"] else "#c62828"
    return {"color": colour, "weight": 2, "fillColor": colour, "fillOpacity": 0.45}


def preview_map(commune: Commune, features: list[dict]) -> MapParts:
    """The features of an uploaded file: accepted in green, refused in red."""
    farm = _base_map(commune)
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": feature["index"],
                "geometry": json.loads(feature["geometry"]),
                "properties": {"accepted": feature["accepted"]},
            }
            for feature in features
            if feature["geometry"]
        ],
    }
    min_lon, min_lat, max_lon, max_lat = commune.boundary.extent
    if collection["features"]:
        folium.GeoJson(
            collection, name=gettext("Parcels of the file"), style_function=_preview_style
        ).add_to(farm)
        extents = [GEOSGeometry(json.dumps(f["geometry"])).extent for f in collection["features"]]
        min_lon = min(e[0] for e in extents)
        min_lat = min(e[1] for e in extents)
        max_lon = max(e[2] for e in extents)
        max_lat = max(e[3] for e in extents)
    farm.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
    return render_map_parts(farm)


def farm_map(
    commune: Commune,
    parcels,
    *,
    draw: bool = False,
    highlight: OrganicParcel | None = None,
) -> FarmMap:
    """The commune's boundary and the given parcels; with `draw`, the tools to draw a parcel."""
    min_lon, min_lat, max_lon, max_lat = commune.boundary.extent
    farm = _base_map(commune)
    shown = feature_collection(parcels, ["stage"])
    data = json.loads(shown)
    if data["features"]:
        folium.GeoJson(data, name=gettext("My parcels"), style_function=_parcel_style).add_to(farm)
    drawn_items = ""
    if draw:
        control = Draw(
            export=False,
            show_geometry_on_click=False,
            draw_options={
                "polyline": False,
                "circle": False,
                "marker": False,
                "circlemarker": False,
                "rectangle": True,
                "polygon": {"allowIntersection": False, "showArea": True},
            },
            edit_options={"edit": True, "remove": True},
        )
        control.add_to(farm)
        drawn_items = f"drawnItems_{control.get_name()}"
    if highlight is not None:
        min_lon, min_lat, max_lon, max_lat = highlight.geometry.extent
    elif data["features"]:
        min_lon, min_lat, max_lon, max_lat = parcels.aggregate(extent=Extent("geometry"))["extent"]
    farm.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
    return FarmMap(parts=render_map_parts(farm), drawn_items=drawn_items)
