"""The key figures of a commune (or of the whole deployment), live from the data.

One function, `key_figures(commune)`, computes them; the page (`/key-figures/`), the JSON API
(`/api/v1/key-figures/`) and the CSV (`/key-figures/key-figures.csv`) all read its result, and
`figure_rows()` flattens it into the rows of the CSV, each beside Loos-en-Gohelle's figure from
the seed document (`fixtures/loos_en_gohelle/seed_figures.json`), so a town sees where it stands.

Each figure is computed by one small function, so that a shared selector can replace it without
touching the rest: the organic share already is `land_use.selectors.organic_share`, never
recomputed here. Proposals are counted as an anonymous visitor sees them (the proposals layer's
rows): a hidden or withdrawn proposal counts in no public figure.
"""

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from land_use.models import EcoHousingSite
from land_use.selectors import OrganicShare, equipment_figures, organic_share
from mapping.layers import proposals_shown
from mapping.mandates import Mandate
from mapping.models import Proposal, Support
from mapping.selectors import (
    _EpochSeconds,
    _Median,
    fifty_fifty_totals_per_year,
    meetings_per_mandate,
    meetings_per_year,
)
from territory.models import Commune

SEED_FIGURES_FILE = Path(settings.BASE_DIR) / "fixtures" / "loos_en_gohelle" / "seed_figures.json"
# The seed counts eco-designed homes "since 1997".
ECO_HOUSING_SINCE = 1997
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class LabelledCount:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class FiftyFiftyYear:
    year: int
    count: int
    total_budget: Decimal
    town_share: Decimal


@dataclass(frozen=True)
class SeedFigure:
    """One of Loos-en-Gohelle's key figures, as the seed document states it."""

    key: str
    value: Decimal
    sentence: str


@dataclass(frozen=True)
class KeyFigures:
    """Every key figure of a commune, or of the whole deployment when `commune` is None."""

    commune: Commune | None
    proposals: int
    proposals_by_status: list[LabelledCount]
    proposals_by_category: list[LabelledCount]
    answered: int
    median_days_to_answer: Decimal | None
    supports: int
    meetings_per_year: list[tuple[int, int]]
    meetings_per_mandate: list[tuple[Mandate, int]]
    fifty_fifty_per_year: list[FiftyFiftyYear]
    organic: OrganicShare
    eco_housing_per_year: list[tuple[int, int]]
    eco_housing_dwellings: int
    eco_housing_dwellings_since_1997: int
    buildings_with_tanks: int
    rainwater_capacity_m3: Decimal
    solar_peak_kw: Decimal
    seed: dict[str, SeedFigure] = field(default_factory=dict)

    @property
    def answer_rate_percent(self) -> Decimal | None:
        """Answered proposals over public proposals, in %, one decimal; None without proposals."""
        if not self.proposals:
            return None
        rate = Decimal(100 * self.answered) / self.proposals
        return rate.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)

    @property
    def seed_list(self) -> list[SeedFigure]:
        return list(self.seed.values())

    @property
    def latest_mandate(self) -> tuple[Mandate, int] | None:
        """The mandate set beside the seed's 220 meetings per mandate, with its number: the
        latest completed one with meetings (a mandate begun this year would compare a few
        months with six years), else the current one."""
        today = timezone.localdate()
        completed = [(m, n) for m, n in self.meetings_per_mandate if m.ends <= today]
        if completed:
            return completed[-1]
        return self.meetings_per_mandate[-1] if self.meetings_per_mandate else None

    @property
    def fifty_fifty_projects(self) -> int:
        return sum(year.count for year in self.fifty_fifty_per_year)

    @property
    def fifty_fifty_town_share(self) -> Decimal:
        return sum((year.town_share for year in self.fifty_fifty_per_year), Decimal(0))


@cache
def seed_figures() -> dict[str, SeedFigure]:
    """Loos-en-Gohelle's key figures from the seed document, by key (read once)."""
    document = json.loads(SEED_FIGURES_FILE.read_text(encoding="utf-8"))
    return {
        key: SeedFigure(key=key, value=Decimal(str(item["value"])), sentence=item["sentence"])
        for key, item in document["figures"].items()
    }


def _in(rows, commune: Commune | None):
    return rows.filter(commune=commune) if commune is not None else rows


def _public_proposals(commune: Commune | None):
    """The proposals an anonymous visitor sees: the proposals layer's rows."""
    return proposals_shown(commune, AnonymousUser())


def _proposals_by(proposals, field_name: str, choices) -> list[LabelledCount]:
    counts = dict(proposals.order_by().values_list(field_name).annotate(n=Count("pk")))
    return [
        LabelledCount(value=value, label=str(label), count=counts[value])
        for value, label in choices
        if counts.get(value)
    ]


def _median_days_to_answer(proposals) -> Decimal | None:
    """The median of answered_at - created_at over answered proposals, in days (PostgreSQL's
    percentile_cont); None while nothing is answered."""
    median = proposals.filter(
        status__in=Proposal.ANSWERED_STATUSES, answered_at__isnull=False
    ).aggregate(
        seconds=_Median(
            _EpochSeconds(
                ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())
            )
        )
    )["seconds"]
    if median is None:
        return None
    return (Decimal(str(median)) / 86400).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _organic_share(commune: Commune | None) -> OrganicShare:
    """The organic share of the commune (the parcels API's selector); of every commune summed
    when `commune` is None, with no share while a commune's agricultural area is unknown."""
    if commune is not None:
        return organic_share(commune)
    shares = [organic_share(each) for each in Commune.objects.order_by("insee")]
    known = [share.utilised_agricultural_area_ha for share in shares]
    return OrganicShare(
        commune=None,
        organic_area_ha=sum((share.organic_area_ha for share in shares), Decimal(0)),
        utilised_agricultural_area_ha=sum(known, Decimal(0)) if all(known) else None,
    )


def _eco_housing(commune: Commune | None) -> tuple[list[tuple[int, int]], int, int]:
    """Eco-housing dwellings per year delivered, in all, and since 1997."""
    sites = _in(EcoHousingSite.objects.all(), commune)
    per_year = list(
        sites.filter(year_delivered__isnull=False)
        .order_by("year_delivered")
        .values_list("year_delivered")
        .annotate(n=Sum("dwellings"))
    )
    totals = sites.aggregate(
        all=Coalesce(Sum("dwellings"), 0),
        since=Coalesce(Sum("dwellings", filter=Q(year_delivered__gte=ECO_HOUSING_SINCE)), 0),
    )
    return per_year, totals["all"], totals["since"]


def key_figures(commune: Commune | None) -> KeyFigures:
    """The key figures of `commune`, or of the whole deployment when it is None."""
    proposals = _public_proposals(commune)
    by_status = _proposals_by(proposals, "status", Proposal.Status.choices)
    eco_per_year, eco_all, eco_since = _eco_housing(commune)
    equipment = equipment_figures(commune)
    return KeyFigures(
        commune=commune,
        proposals=sum(item.count for item in by_status),
        proposals_by_status=by_status,
        proposals_by_category=_proposals_by(proposals, "category", Proposal.Category.choices),
        answered=sum(item.count for item in by_status if item.value in Proposal.ANSWERED_STATUSES),
        median_days_to_answer=_median_days_to_answer(proposals),
        supports=Support.objects.filter(proposal__in=proposals.values("pk")).count(),
        meetings_per_year=meetings_per_year(commune),
        meetings_per_mandate=meetings_per_mandate(commune),
        fifty_fifty_per_year=[
            FiftyFiftyYear(**year) for year in fifty_fifty_totals_per_year(commune)
        ],
        organic=_organic_share(commune),
        eco_housing_per_year=eco_per_year,
        eco_housing_dwellings=eco_all,
        eco_housing_dwellings_since_1997=eco_since,
        buildings_with_tanks=equipment["buildings_with_tanks"],
        rainwater_capacity_m3=equipment["rainwater_capacity_m3"],
        solar_peak_kw=equipment["solar_peak_kw"],
        seed=seed_figures(),
    )


# The flat rows of the CSV: one figure a row, with its unit and Loos-en-Gohelle's figure.

UNITS = {
    "proposals": gettext_lazy("proposals"),
    "percent": "%",
    "days": gettext_lazy("days"),
    "supports": gettext_lazy("supports"),
    "meetings": gettext_lazy("meetings"),
    "projects": gettext_lazy("projects"),
    "euros": "€",
    "hectares": "ha",
    "dwellings": gettext_lazy("dwellings"),
    "buildings": gettext_lazy("buildings"),
    "cubic_metres": "m³",
    "kwp": gettext_lazy("kWp"),
    "associations": gettext_lazy("associations"),
    "jobs": gettext_lazy("jobs"),
}


@dataclass(frozen=True)
class FigureRow:
    figure: str  # a stable key, e.g. "meetings.mandate.2020-2026"
    label: str
    value: object  # int, Decimal or None when the app does not hold the figure
    unit: str
    seed_value: Decimal | None = None
    seed_sentence: str = ""


def figure_rows(figures: KeyFigures) -> list[FigureRow]:
    """Every figure as one row (series one row per year or mandate), with the seed's value."""
    seed = figures.seed

    def row(key, label, value, unit, seed_key=None):
        reference = seed.get(seed_key) if seed_key else None
        return FigureRow(
            figure=key,
            label=str(label),
            value=value,
            unit=str(UNITS[unit]),
            seed_value=reference.value if reference else None,
            seed_sentence=reference.sentence if reference else "",
        )

    rows = [row("proposals", _("Public proposals"), figures.proposals, "proposals")]
    rows += [
        row(
            f"proposals.status.{item.value}",
            _("Proposals with the status “%(status)s”") % {"status": item.label},
            item.count,
            "proposals",
        )
        for item in figures.proposals_by_status
    ]
    rows += [
        row(
            f"proposals.category.{item.value}",
            _("Proposals in the category “%(category)s”") % {"category": item.label},
            item.count,
            "proposals",
        )
        for item in figures.proposals_by_category
    ]
    rows += [
        row("answer_rate", _("Answer rate"), figures.answer_rate_percent, "percent"),
        row(
            "median_days_to_answer",
            _("Median time to answer"),
            figures.median_days_to_answer,
            "days",
        ),
        row("supports", _("Supports"), figures.supports, "supports"),
    ]
    rows += [
        row(
            f"meetings.year.{year}",
            _("Public meetings in %(year)s") % {"year": year},
            count,
            "meetings",
        )
        for year, count in figures.meetings_per_year
    ]
    rows += [
        row(
            f"meetings.mandate.{mandate.label}",
            _("Public meetings in the mandate %(mandate)s") % {"mandate": mandate.label},
            count,
            "meetings",
            "meetings_per_mandate",
        )
        for mandate, count in figures.meetings_per_mandate
    ]
    for year in figures.fifty_fifty_per_year:
        rows += [
            row(
                f"fifty_fifty.{year.year}.projects",
                _("Fifty-fifty projects approved in %(year)s") % {"year": year.year},
                year.count,
                "projects",
            ),
            row(
                f"fifty_fifty.{year.year}.total_budget",
                _("Total budget of the fifty-fifty projects approved in %(year)s")
                % {"year": year.year},
                year.total_budget,
                "euros",
            ),
            row(
                f"fifty_fifty.{year.year}.town_share",
                _("Town's share of the fifty-fifty projects approved in %(year)s")
                % {"year": year.year},
                year.town_share,
                "euros",
            ),
        ]
    organic = figures.organic
    rows += [
        row(
            "organic_area",
            _("Organic farmland"),
            organic.organic_area_ha,
            "hectares",
            "organic_area_ha",
        ),
        row(
            "utilised_agricultural_area",
            _("Utilised agricultural area"),
            organic.utilised_agricultural_area_ha,
            "hectares",
        ),
        row(
            "organic_share",
            _("Organic share of the utilised agricultural area"),
            organic.percent,
            "percent",
            "organic_share_percent",
        ),
    ]
    rows += [
        row(
            f"eco_housing.year.{year}",
            _("Eco-housing dwellings delivered in %(year)s") % {"year": year},
            dwellings,
            "dwellings",
        )
        for year, dwellings in figures.eco_housing_per_year
    ]
    rows += [
        row(
            "eco_housing.since_1997",
            _("Eco-housing dwellings since 1997"),
            figures.eco_housing_dwellings_since_1997,
            "dwellings",
            "eco_housing_dwellings_since_1997",
        ),
        row(
            "eco_housing.total",
            _("Eco-housing dwellings"),
            figures.eco_housing_dwellings,
            "dwellings",
        ),
        row(
            "buildings_with_rainwater_tanks",
            _("Buildings with rainwater tanks"),
            figures.buildings_with_tanks,
            "buildings",
            "buildings_with_rainwater_tanks",
        ),
        row(
            "rainwater_capacity",
            _("Rainwater tank capacity"),
            figures.rainwater_capacity_m3,
            "cubic_metres",
        ),
        row("solar_peak_power", _("Solar peak power"), figures.solar_peak_kw, "kwp"),
        # Figures of the seed the application does not hold: shown for reference only.
        row("associations", _("Citizens' associations"), None, "associations", "associations"),
        row(
            "jobs_created_1999_2008",
            _("Jobs created between 1999 and 2008"),
            None,
            "jobs",
            "jobs_created_1999_2008",
        ),
    ]
    return rows
