"""The heritage app's layers in the catalogue: sites and the 500 m surroundings of monuments."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from heritage.models import HeritageSite
from territory.catalogue import BOOL, DASHED, FLOAT, HATCHED, Column, Layer, Style, register

HERITAGE_COLOUR = "#8c510a"
PERIMETER_COLOUR = "#762a83"


def _in(queryset, commune):
    return queryset.filter(commune=commune) if commune is not None else queryset


def _commune_insee() -> Column:
    return Column("commune_insee", annotation=F("commune__insee"), api_name="commune")


register(
    Layer(
        key="heritage",
        title=_("Heritage sites"),
        description=_("Mining heritage and monuments: the 11/19 base, slag heaps, church."),
        rows=lambda commune, user: _in(HeritageSite.objects.all(), commune),
        columns=(
            Column("name", map=True),
            Column("kind", map=True),
            Column("historic_monument", map=True),
            Column("merimee_ref", map=True),
            Column("unesco_world_heritage", BOOL, map=True),
            Column("dates"),
            Column("height_m", FLOAT, map=True),
            Column("description"),
            Column("approximate", BOOL, map=True),
            _commune_insee(),
        ),
        geometry_type="Unknown",
        style=Style(
            colour=HERITAGE_COLOUR,
            legend_title=_("Heritage"),
            legend_label=_("Heritage site"),
        ),
        order=50,
        map_title=_("Mining heritage and monuments"),
    )
)

register(
    Layer(
        key="heritage-perimeters",
        title=_("Historic monument surroundings"),
        description=_("The 500 m surroundings of historic monuments (abords)."),
        rows=lambda commune, user: _in(
            HeritageSite.objects.filter(protection_perimeter__isnull=False), commune
        ),
        columns=(
            Column("name", map=True),
            Column("historic_monument"),
            Column("merimee_ref"),
            _commune_insee(),
        ),
        geometry_field="protection_perimeter",
        # Hatched, so the zones underneath stay readable.
        style=Style(
            colour=PERIMETER_COLOUR,
            fill=HATCHED,
            legend_title=_("Heritage"),
            legend_label=_("Historic monument surroundings (500 m)"),
            legend_shape=DASHED,
        ),
        order=40,
        map_title=_("Historic monument surroundings (500 m)"),
    )
)
