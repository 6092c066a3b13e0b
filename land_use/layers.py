"""The land-use app's layers in the catalogue: the plan's zones, organic parcels, eco-housing,
the town's transition equipment (rainwater tanks, solar roofs).

Zone colours follow the usual reading of a French PLU map (CNIG): urban red, to-be-urbanised
orange, agricultural yellow, natural green. Parcels go from pale (conventional, first year of
conversion) to dark green (organic), on the town's map, the farmers' map and in QGIS alike.
"""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from land_use.models import EcoHousingSite, Equipment, OrganicParcel, Zone
from territory.catalogue import BOOL, DATE, FLOAT, INT, POINT, Column, Layer, Style, register

ZONE_COLOURS = {"U": "#d7301f", "AUc": "#f16913", "AUs": "#fdae6b", "A": "#f2d930", "N": "#31a354"}
STAGE_COLOURS = {
    "AB": "#1b7837",
    "C3": "#4d9e57",
    "C2": "#7fbf7b",
    "C1": "#a6dba0",
    "CONV": "#d9f0d3",
}
ECO_HOUSING_COLOUR = "#01665e"
EQUIPMENT_COLOURS = {"rainwater_tank": "#2171b5", "solar_roof": "#f59e0b"}


def _commune_insee() -> Column:
    return Column("commune_insee", annotation=F("commune__insee"), api_name="commune")


def _in(queryset, commune):
    return queryset.filter(commune=commune) if commune is not None else queryset


def _zone_labels() -> dict[str, str]:
    return {value: f"{value} – {label}" for value, label in Zone.TypeZone.choices}


def _stage_labels() -> dict[str, str]:
    return {value: str(label) for value, label in OrganicParcel.Stage.choices}


register(
    Layer(
        key="zones",
        title=_("Land-use zones"),
        description=_("Zones of the land-use plan (CNIG ZONE_URBA), coloured by TYPEZONE."),
        rows=lambda commune, user: _in(Zone.objects.all(), commune),
        columns=(
            Column("libelle", map=True),
            Column("libelong", map=True),
            Column("typezone", map=True),
            Column("formdomi"),
            Column("destoui"),
            Column("destcdt"),
            Column("destnon"),
            Column("nomfic"),
            Column("urlfic"),
            Column("idurba"),
            Column("datvalid", DATE),
            Column("area_ha", FLOAT, map=True),
            Column("illustrative", BOOL, map=True),
            _commune_insee(),
        ),
        style=Style(
            attribute="typezone",
            colours=ZONE_COLOURS,
            labels=_zone_labels,
            legend_title=_("Land-use zones (illustrative)"),
        ),
        order=20,
        map_title=_("Land-use zones (illustrative)"),
    )
)

register(
    Layer(
        key="parcels",
        title=_("Organic parcels"),
        description=_("Farmland in organic farming or in conversion, by conversion stage."),
        rows=lambda commune, user: _in(OrganicParcel.objects.active(), commune),
        columns=(
            Column("name", map=True),
            Column("code_cultu", map=True),
            Column("crop_group", map=True),
            Column("stage", map=True),
            Column("engagement_date", DATE),
            Column("certification_body"),
            Column("certification_state"),
            Column("campaign_year", INT, map=True),
            Column("area_ha", FLOAT, map=True),
            Column("illustrative", BOOL, map=True),
            _commune_insee(),
        ),
        personal_columns=(
            Column("farmer_name", annotation=F("farmer__display_name")),
            Column("farmer_email", annotation=F("farmer__email")),
        ),
        style=Style(
            attribute="stage",
            colours=STAGE_COLOURS,
            labels=_stage_labels,
            legend_title=_("Organic farmland"),
            legend_hidden=("CONV",),
        ),
        order=30,
        map_title=_("Organic farmland"),
    )
)

register(
    Layer(
        key="eco-housing",
        title=_("Eco-housing"),
        description=_("Eco-designed housing operations: buildings and developments."),
        rows=lambda commune, user: _in(EcoHousingSite.objects.all(), commune),
        columns=(
            Column("name", map=True),
            Column("address", map=True),
            Column("dwellings", INT, map=True),
            Column("social_dwellings", INT, map=True),
            Column("year_delivered", INT, map=True),
            Column("energy_label", map=True),
            Column("description"),
            Column("illustrative", BOOL, map=True),
            _commune_insee(),
        ),
        geometry_type="Unknown",
        style=Style(
            colour=ECO_HOUSING_COLOUR,
            legend_title=_("Eco-housing"),
            legend_label=_("Eco-housing site"),
            legend_shape=POINT,
        ),
        order=60,
    )
)


def _equipment_kind_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Equipment.Kind.choices}


register(
    Layer(
        key="equipment",
        title=_("Transition equipment"),
        description=_(
            "The town's rainwater tanks on municipal buildings and solar roofs, with their "
            "capacity and peak power; positions may be approximate (see position_approximate)."
        ),
        rows=lambda commune, user: _in(Equipment.objects.all(), commune),
        columns=(
            Column("kind", map=True),
            Column("building", map=True),
            Column("rainwater_capacity_m3", FLOAT, map=True),
            Column("solar_peak_kw", FLOAT, map=True),
            Column("year_installed", INT, map=True),
            Column("description"),
            Column("position_approximate", BOOL, map=True),
            Column("illustrative", BOOL, map=True),
            Column("source"),
            _commune_insee(),
        ),
        geometry_type="Point",
        style=Style(
            attribute="kind",
            colours=EQUIPMENT_COLOURS,
            labels=_equipment_kind_labels,
            legend_title=_("Transition equipment (approximate positions)"),
            legend_shape=POINT,
        ),
        order=65,
        # Short in the layer switcher (a long name widens it over the map); the legend and each
        # popup say the positions are approximate.
        map_title=_("Transition equipment"),
    )
)
