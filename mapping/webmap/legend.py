"""Colours and words of the map: read from the catalogue by the legend (HTML) and the map's script.

Each layer's colours are its `Style` in the catalogue (territory.catalogue), the same the QGIS
styles of the atlas and the farmers' map read.
"""

from django.utils.translation import gettext_lazy as _

from heritage.models import HeritageSite
from land_use.models import EcoHousingSite, Equipment, OrganicParcel, Zone
from mapping.models import Proposal
from territory.catalogue import layer, layers


def _choices(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def map_config() -> dict:
    """What the map's script needs: colours, and the words of popups in the active language."""
    proposals = layer("proposals").style
    return {
        # The names the map's script (mapping/static/mapping/webmap.js) reads them by.
        "colours": {
            "zones": dict(layer("zones").style.colours),
            "stages": dict(layer("parcels").style.colours),
            "statuses": dict(proposals.colours),
            "heritage": layer("heritage").style.colour,
            "perimeter": layer("heritage-perimeters").style.colour,
            "eco_housing": layer("eco-housing").style.colour,
            "equipment": dict(layer("equipment").style.colours),
            "commune": layer("communes").style.colour,
            "meetings": layer("meetings").style.colour,
        },
        "category_icons": dict(proposals.icons),
        "category_dashes": dict(proposals.dashes),
        "choices": {
            "typezone": _choices(Zone.TypeZone.choices),
            "stage": _choices(OrganicParcel.Stage.choices),
            "energy_label": _choices(EcoHousingSite.EnergyLabel.choices),
            "kind": _choices(HeritageSite.Kind.choices),
            "historic_monument": _choices(HeritageSite.HistoricMonument.choices),
            "category": _choices(Proposal.Category.choices),
            "status": _choices(Proposal.Status.choices),
            "equipment_kind": _choices(Equipment.Kind.choices),
        },
        "words": {
            "zone": str(_("Zone")),
            "type": str(_("Type")),
            "area_ha": str(_("Area (ha)")),
            "crop": str(_("RPG crop code")),
            "stage": str(_("Stage")),
            "campaign": str(_("Campaign")),
            "dwellings": str(_("Dwellings")),
            "social_dwellings": str(_("Social dwellings")),
            "year_delivered": str(_("Delivered in")),
            "energy_label": str(_("Energy label")),
            "kind": str(_("Kind")),
            "protection": str(_("Protection")),
            "unesco": str(_("UNESCO World Heritage")),
            "height_m": str(_("Height (m)")),
            "approximate": str(_("Approximate outline or position")),
            "illustrative": str(_("Illustrative data")),
            "category": str(_("Category")),
            "status": str(_("Status")),
            "supports": str(_("Supports")),
            "author": str(_("Proposed by")),
            "open": str(_("Open the proposal")),
            "perimeter_of": str(_("Within 500 m of the historic monument")),
            "yes": str(_("yes")),
            "meeting_when": str(_("Date")),
            "meeting_place": str(_("Place")),
            "attendance": str(_("Attendance")),
            "open_meeting": str(_("Open the meeting")),
            "rainwater_capacity_m3": str(_("Rainwater capacity (m³)")),
            "solar_peak_kw": str(_("Peak power (kWp)")),
            "year_installed": str(_("Installed in")),
            "position_approximate": str(_("Approximate position")),
            "layer_failed": str(
                _("A layer of the map could not be loaded. Reload the page in a moment.")
            ),
        },
        "proposal_url": "/proposals/{id}/",
        "meeting_url": "/meetings/{id}/",
    }


def legend_sections() -> list[dict]:
    """The legend beside the map, for every reader (screen readers included).

    One section per legend title of the catalogue's styles, in the map's order; layers sharing a
    title (the heritage sites and their surroundings) share a section.
    """
    sections: dict[str, dict] = {}
    for entry in layers():
        style = entry.style
        if style.legend_title is not None and entry.on_map:
            section = sections.setdefault(
                str(style.legend_title), {"title": style.legend_title, "items": []}
            )
            section["items"].extend(style.legend_items())
        if style.symbol_legend_title is not None and entry.on_map:
            sections[str(style.symbol_legend_title)] = {
                "title": style.symbol_legend_title,
                "items": style.symbol_legend_items(),
            }
    return list(sections.values())
