"""Colours and words of the map: one table read by the legend (HTML) and the map's script (JS).

Zone colours follow the usual reading of a French PLU map (CNIG): urban red, to-be-urbanised
orange, agricultural yellow, natural green.
"""

from django.utils.translation import gettext_lazy as _

from heritage.models import HeritageSite
from land_use.models import EcoHousingSite, OrganicParcel, Zone
from mapping.models import Proposal

ZONE_COLOURS = {"U": "#d7301f", "AUc": "#f16913", "AUs": "#fdae6b", "A": "#f2d930", "N": "#31a354"}
STAGE_COLOURS = {
    "AB": "#1b7837",
    "C3": "#4d9e57",
    "C2": "#7fbf7b",
    "C1": "#a6dba0",
    "CONV": "#d9f0d3",
}
STATUS_COLOURS = {
    "submitted": "#1f78b4",
    "under_review": "#6a3d9a",
    "accepted": "#33a02c",
    "partially_accepted": "#7a9a01",
    "rejected": "#b2182b",
    "implemented": "#00441b",
    "withdrawn": "#777777",
}
CATEGORY_ICONS = {
    "housing": "fa-house",
    "mobility": "fa-bicycle",
    "nature": "fa-tree",
    "agriculture": "fa-wheat-awn",
    "energy": "fa-solar-panel",
    "heritage": "fa-landmark",
    "public_space": "fa-people-group",
    "other": "fa-lightbulb",
}
# Lines and outlines of areas carry their category as a dash pattern, points as an icon.
CATEGORY_DASHES = {
    "housing": None,
    "mobility": "10 6",
    "nature": "2 6",
    "agriculture": "12 4 2 4",
    "energy": "6 3",
    "heritage": "1 4",
    "public_space": "16 6",
    "other": "4 4",
}
HERITAGE_COLOUR = "#8c510a"
PERIMETER_COLOUR = "#762a83"
ECO_HOUSING_COLOUR = "#01665e"
COMMUNE_COLOUR = "#222222"


def _choices(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def map_config() -> dict:
    """What the map's script needs: colours, and the words of popups in the active language."""
    return {
        "colours": {
            "zones": ZONE_COLOURS,
            "stages": STAGE_COLOURS,
            "statuses": STATUS_COLOURS,
            "heritage": HERITAGE_COLOUR,
            "perimeter": PERIMETER_COLOUR,
            "eco_housing": ECO_HOUSING_COLOUR,
            "commune": COMMUNE_COLOUR,
        },
        "category_icons": CATEGORY_ICONS,
        "category_dashes": CATEGORY_DASHES,
        "choices": {
            "typezone": _choices(Zone.TypeZone.choices),
            "stage": _choices(OrganicParcel.Stage.choices),
            "energy_label": _choices(EcoHousingSite.EnergyLabel.choices),
            "kind": _choices(HeritageSite.Kind.choices),
            "historic_monument": _choices(HeritageSite.HistoricMonument.choices),
            "category": _choices(Proposal.Category.choices),
            "status": _choices(Proposal.Status.choices),
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
        },
        "proposal_url": "/proposals/{id}/",
    }


def legend_sections() -> list[dict]:
    """The legend beside the map, for every reader (screen readers included)."""
    config = map_config()
    choices = config["choices"]
    return [
        {
            "title": _("Land-use zones (illustrative)"),
            "items": [
                {
                    "label": f"{code} – {choices['typezone'][code]}",
                    "colour": colour,
                    "shape": "area",
                }
                for code, colour in ZONE_COLOURS.items()
            ],
        },
        {
            "title": _("Organic farmland"),
            "items": [
                {"label": choices["stage"][code], "colour": colour, "shape": "area"}
                for code, colour in STAGE_COLOURS.items()
                if code != "CONV"
            ],
        },
        {
            "title": _("Heritage"),
            "items": [
                {"label": _("Heritage site"), "colour": HERITAGE_COLOUR, "shape": "area"},
                {
                    "label": _("Historic monument surroundings (500 m)"),
                    "colour": PERIMETER_COLOUR,
                    "shape": "dashed",
                },
            ],
        },
        {
            "title": _("Eco-housing"),
            "items": [
                {"label": _("Eco-housing site"), "colour": ECO_HOUSING_COLOUR, "shape": "point"}
            ],
        },
        {
            "title": _("Residents' proposals, by status"),
            "items": [
                {"label": choices["status"][code], "colour": colour, "shape": "point"}
                for code, colour in STATUS_COLOURS.items()
                if code != "withdrawn"
            ],
        },
        {
            "title": _("Residents' proposals, by category"),
            "items": [
                {"label": choices["category"][code], "icon": icon}
                for code, icon in CATEGORY_ICONS.items()
            ],
        },
    ]
