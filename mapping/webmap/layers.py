"""The public layers of a commune's map, each as a GeoJSON FeatureCollection built by PostGIS.

Only public attributes leave the database here: no farmer's identity, no author's account
(just the display name residents chose to show), no hidden proposal.
"""

from dataclasses import dataclass

from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from heritage.models import HeritageSite
from land_use.models import EcoHousingSite, OrganicParcel, Zone
from mapping.models import Proposal
from territory.geojson import feature_collection
from territory.models import Commune


@dataclass(frozen=True)
class Layer:
    key: str
    name: str
    geojson: str


def commune_layer(commune: Commune) -> str:
    return feature_collection(Commune.objects.filter(pk=commune.pk), ["name", "insee"], "boundary")


def zones_layer(commune: Commune) -> str:
    return feature_collection(
        Zone.objects.in_commune(commune),
        ["libelle", "libelong", "typezone", "area_ha", "illustrative"],
    )


def parcels_layer(commune: Commune) -> str:
    return feature_collection(
        OrganicParcel.objects.in_commune(commune).active(),
        ["name", "code_cultu", "crop_group", "stage", "area_ha", "campaign_year", "illustrative"],
    )


def eco_housing_layer(commune: Commune) -> str:
    return feature_collection(
        EcoHousingSite.objects.filter(commune=commune),
        [
            "name",
            "address",
            "dwellings",
            "social_dwellings",
            "year_delivered",
            "energy_label",
            "illustrative",
        ],
    )


def heritage_layer(commune: Commune) -> str:
    return feature_collection(
        HeritageSite.objects.in_commune(commune),
        [
            "name",
            "kind",
            "historic_monument",
            "merimee_ref",
            "unesco_world_heritage",
            "height_m",
            "approximate",
        ],
    )


def heritage_perimeters_layer(commune: Commune) -> str:
    return feature_collection(
        HeritageSite.objects.in_commune(commune).filter(protection_perimeter__isnull=False),
        ["name"],
        "protection_perimeter",
    )


PROPOSAL_PROPERTIES = [
    "title",
    "description",
    "category",
    "status",
    "support_count",
    "author_name",
    "consultation_id",
]


def proposals_layer(commune: Commune, user, *, only: Proposal | None = None) -> str:
    """The proposals of the commune the user may see, or just `only` (for its own page)."""
    proposals = Proposal.objects.in_commune(commune).visible_to(user)
    if only is not None:
        proposals = proposals.filter(pk=only.pk)
    else:
        proposals = proposals.exclude(status=Proposal.Status.WITHDRAWN)
    proposals = proposals.annotate(
        support_count=Count("supports", distinct=True),
        author_name=F("author__display_name"),
    ).order_by("-created_at", "-pk")
    return feature_collection(proposals, PROPOSAL_PROPERTIES)


def commune_layers(commune: Commune, user) -> list[Layer]:
    """Every layer of the map, bottom to top."""
    return [
        Layer("commune", _("Commune boundary"), commune_layer(commune)),
        Layer("zones", _("Land-use zones (illustrative)"), zones_layer(commune)),
        Layer("parcels", _("Organic farmland"), parcels_layer(commune)),
        Layer(
            "heritage_perimeters",
            _("Historic monument surroundings (500 m)"),
            heritage_perimeters_layer(commune),
        ),
        Layer("heritage", _("Mining heritage and monuments"), heritage_layer(commune)),
        Layer("eco_housing", _("Eco-housing"), eco_housing_layer(commune)),
        Layer("proposals", _("Residents' proposals"), proposals_layer(commune, user)),
    ]
