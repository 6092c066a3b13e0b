"""Reads of organic farmland that combine rules: the organic share of a commune."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.gis.db.models.functions import Intersection
from django.core.cache import cache
from django.db.models import Sum

from land_use.models import Equipment, OrganicParcel
from territory.db import GeographyArea
from territory.models import Commune
from territory.versions import tables_version

HECTARE = Decimal("0.01")


@dataclass(frozen=True)
class OrganicShare:
    """Organic area (ha) over the utilised agricultural area (ha) of a commune."""

    commune: Commune
    organic_area_ha: Decimal
    utilised_agricultural_area_ha: Decimal | None

    @property
    def percent(self) -> Decimal | None:
        """The share in %, one decimal; None when the commune's agricultural area is unknown."""
        if not self.utilised_agricultural_area_ha:
            return None
        share = self.organic_area_ha * 100 / self.utilised_agricultural_area_ha
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def organic_area_ha(commune: Commune) -> Decimal:
    """Hectares of active certified-or-converting parcels inside the commune, summed by PostGIS.

    A parcel straddling the boundary counts only its part inside (ST_Intersection). Measuring
    100,000 parcels on the spheroid takes over a second, on every map page: the figure is kept
    in the cache under the version of the parcels' and communes' tables, which every write to
    them bumps (territory.tiles), so it is never older than the data.
    """
    version = tables_version([OrganicParcel._meta.db_table, Commune._meta.db_table])
    key = f"organic-area-ha:{commune.pk}:{version}"
    kept = cache.get(key)
    if kept is not None:
        return Decimal(kept)
    total_m2 = (
        OrganicParcel.objects.in_commune(commune)
        .counted_as_organic()
        .aggregate(total=Sum(GeographyArea(Intersection("geometry", commune.boundary))))["total"]
    )
    area = (Decimal(str(total_m2 or 0)) / 10_000).quantize(HECTARE, rounding=ROUND_HALF_UP)
    cache.set(key, str(area))
    return area


def organic_share(commune: Commune) -> OrganicShare:
    """The key figure "organic area / utilised agricultural area" of the commune."""
    return OrganicShare(
        commune=commune,
        organic_area_ha=organic_area_ha(commune),
        utilised_agricultural_area_ha=commune.utilised_agricultural_area_ha,
    )


def farmer_parcels(farmer, *, commune: Commune | None = None):
    """A farmer's active parcels, largest first."""
    parcels = OrganicParcel.objects.of_farmer(farmer).active().select_related("commune")
    if commune is not None:
        parcels = parcels.in_commune(commune)
    return parcels.order_by("-area_ha", "name")


def total_area_ha(parcels) -> Decimal:
    """The summed stored areas (ha) of a queryset of parcels."""
    total = parcels.aggregate(total=Sum("area_ha"))["total"] or Decimal(0)
    return total.quantize(HECTARE, rounding=ROUND_HALF_UP)


def equipment_figures(commune: Commune | None) -> dict:
    """The transition equipment's key figures (`commune` None: every commune's):
    `buildings_with_tanks` (distinct buildings with a rainwater tank), `rainwater_capacity_m3`
    and `solar_peak_kw` (Decimals, 0 when there is none)."""
    rows = Equipment.objects.all()
    if commune is not None:
        rows = rows.filter(commune=commune)
    tanks = rows.filter(kind=Equipment.Kind.RAINWATER_TANK)
    return {
        "buildings_with_tanks": tanks.values("building").distinct().count(),
        "rainwater_capacity_m3": tanks.aggregate(total=Sum("rainwater_capacity_m3"))["total"]
        or Decimal("0"),
        "solar_peak_kw": rows.filter(kind=Equipment.Kind.SOLAR_ROOF).aggregate(
            total=Sum("solar_peak_kw")
        )["total"]
        or Decimal("0"),
    }
