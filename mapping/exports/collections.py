"""The layers a planner takes into QGIS, described once for every output.

A `Collection` says which rows a layer holds (the same querysets as the map), which columns are
public, which are personal (shown to planners only), the type of each column and the geometry
column. The file exporters, the OGC API and the management commands all read this catalogue, so
a layer cannot be public in one output and private in another.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from heritage.models import HeritageSite
from land_use.models import EcoHousingSite, OrganicParcel, Zone
from mapping.models import Proposal
from territory.models import Commune

# Column kinds, read by the GeoPackage and CSV writers and by the OGC API's schema.
STR, INT, FLOAT, BOOL, DATE, DATETIME = "str", "int", "float", "bool", "date", "datetime"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = STR


@dataclass(frozen=True)
class Collection:
    key: str
    title: Promise
    description: Promise
    rows: Callable[[Commune | None, object], QuerySet]
    columns: tuple[Column, ...]
    personal_columns: tuple[Column, ...] = ()
    geometry_field: str = "geometry"
    # The OGR geometry type of the GeoPackage layer; "Unknown" for layers mixing points,
    # lines and areas.
    geometry_type: str = "MultiPolygon"
    annotations: dict = field(default_factory=dict)
    personal_annotations: dict = field(default_factory=dict)

    def columns_for(self, *, personal: bool) -> tuple[Column, ...]:
        return self.columns + (self.personal_columns if personal else ())

    def queryset(self, *, commune: Commune | None, user=None, personal: bool) -> QuerySet:
        """The layer's rows, annotated with its computed columns, in a stable order."""
        queryset = self.rows(commune, user)
        annotations = {**self.annotations, **(self.personal_annotations if personal else {})}
        if annotations:
            queryset = queryset.annotate(**annotations)
        return queryset.order_by("id")

    def property_names(self, *, personal: bool) -> list[str]:
        return [column.name for column in self.columns_for(personal=personal)]


def _in(queryset: QuerySet, commune: Commune | None) -> QuerySet:
    return queryset.filter(commune=commune) if commune is not None else queryset


def _communes(commune, user):
    return Commune.objects.filter(pk=commune.pk) if commune is not None else Commune.objects.all()


def _zones(commune, user):
    return _in(Zone.objects.all(), commune)


def _parcels(commune, user):
    return _in(OrganicParcel.objects.active(), commune)


def _eco_housing(commune, user):
    return _in(EcoHousingSite.objects.all(), commune)


def _heritage(commune, user):
    return _in(HeritageSite.objects.all(), commune)


def _heritage_perimeters(commune, user):
    return _in(HeritageSite.objects.filter(protection_perimeter__isnull=False), commune)


def _proposals(commune, user):
    visible = Proposal.objects.visible_to(user).exclude(status=Proposal.Status.WITHDRAWN)
    return _in(visible, commune)


COLLECTIONS: dict[str, Collection] = {
    collection.key: collection
    for collection in (
        Collection(
            key="communes",
            title=_("Communes"),
            description=_("Boundary of the commune."),
            rows=_communes,
            columns=(Column("insee"), Column("name"), Column("projected_srid", INT)),
            geometry_field="boundary",
        ),
        Collection(
            key="zones",
            title=_("Land-use zones"),
            description=_("Zones of the land-use plan (CNIG ZONE_URBA), coloured by TYPEZONE."),
            rows=_zones,
            columns=(
                Column("libelle"),
                Column("libelong"),
                Column("typezone"),
                Column("formdomi"),
                Column("destoui"),
                Column("destcdt"),
                Column("destnon"),
                Column("nomfic"),
                Column("urlfic"),
                Column("idurba"),
                Column("datvalid", DATE),
                Column("area_ha", FLOAT),
                Column("illustrative", BOOL),
                Column("commune_insee"),
            ),
            annotations={"commune_insee": F("commune__insee")},
        ),
        Collection(
            key="parcels",
            title=_("Organic parcels"),
            description=_("Farmland in organic farming or in conversion, by conversion stage."),
            rows=_parcels,
            columns=(
                Column("name"),
                Column("code_cultu"),
                Column("crop_group"),
                Column("stage"),
                Column("engagement_date", DATE),
                Column("certification_body"),
                Column("certification_state"),
                Column("campaign_year", INT),
                Column("area_ha", FLOAT),
                Column("illustrative", BOOL),
                Column("commune_insee"),
            ),
            personal_columns=(Column("farmer_name"), Column("farmer_email")),
            annotations={"commune_insee": F("commune__insee")},
            personal_annotations={
                "farmer_name": F("farmer__display_name"),
                "farmer_email": F("farmer__email"),
            },
        ),
        Collection(
            key="eco-housing",
            title=_("Eco-housing"),
            description=_("Eco-designed housing operations: buildings and developments."),
            rows=_eco_housing,
            columns=(
                Column("name"),
                Column("address"),
                Column("dwellings", INT),
                Column("social_dwellings", INT),
                Column("year_delivered", INT),
                Column("energy_label"),
                Column("description"),
                Column("illustrative", BOOL),
                Column("commune_insee"),
            ),
            geometry_type="Unknown",
            annotations={"commune_insee": F("commune__insee")},
        ),
        Collection(
            key="heritage",
            title=_("Heritage sites"),
            description=_("Mining heritage and monuments: the 11/19 base, slag heaps, church."),
            rows=_heritage,
            columns=(
                Column("name"),
                Column("kind"),
                Column("historic_monument"),
                Column("merimee_ref"),
                Column("unesco_world_heritage", BOOL),
                Column("dates"),
                Column("height_m", FLOAT),
                Column("description"),
                Column("approximate", BOOL),
                Column("commune_insee"),
            ),
            geometry_type="Unknown",
            annotations={"commune_insee": F("commune__insee")},
        ),
        Collection(
            key="heritage-perimeters",
            title=_("Historic monument surroundings"),
            description=_("The 500 m surroundings of historic monuments (abords)."),
            rows=_heritage_perimeters,
            columns=(
                Column("name"),
                Column("historic_monument"),
                Column("merimee_ref"),
                Column("commune_insee"),
            ),
            geometry_field="protection_perimeter",
            annotations={"commune_insee": F("commune__insee")},
        ),
        Collection(
            key="proposals",
            title=_("Residents' proposals"),
            description=_("Ideas pinned on the map by residents, with their status and answer."),
            rows=_proposals,
            columns=(
                Column("title"),
                Column("description"),
                Column("category"),
                Column("status"),
                Column("answer"),
                Column("answered_at", DATETIME),
                Column("created_at", DATETIME),
                Column("support_count", INT),
                Column("author_name"),
                Column("consultation_id", INT),
                Column("illustrative", BOOL),
                Column("commune_insee"),
            ),
            personal_columns=(Column("author_username"), Column("author_email")),
            geometry_type="Unknown",
            annotations={
                "support_count": Count("supports", distinct=True),
                "author_name": F("author__display_name"),
                "commune_insee": F("commune__insee"),
            },
            personal_annotations={
                "author_username": F("author__username"),
                "author_email": F("author__email"),
            },
        ),
    )
}


def get_collection(key: str) -> Collection:
    """The collection named `key`; KeyError when there is none."""
    return COLLECTIONS[key]
