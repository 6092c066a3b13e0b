"""The record of a consultation (the "bilan de la concertation" the council adopts, art. L103-6 of
the Code de l'urbanisme): its proposals grouped by the land-use zones they touch, with their
supports, comments, status and answer, the answer rate and the figures by category.

The printable page (mapping/views/dossier.py), the GeoPackage and the CSV read the same rows: the
proposals the reader may see (hidden ones only for moderators and planners), without withdrawn
ones, one row per proposal and zone, so a proposal in two zones appears in both with its share.
Planners' files add the authors' accounts (personal columns); everyone else gets public data only.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from land_use.models import Zone
from mapping.layers import proposals_shown
from mapping.models import Consultation, Proposal
from mapping.zone_shares import ZonesSummary
from territory.catalogue import DATETIME, FLOAT, INT, Column, Layer, layer

_SHOWN_COMMENTS = Q(comments__deleted_at__isnull=True, comments__is_hidden=False)


def _readable(consultation: Consultation, user):
    """The consultation's proposals the reader may see, without the withdrawn ones."""
    return proposals_shown(consultation.commune, user).filter(consultation=consultation)


def dossier_proposals(*, consultation: Consultation, user):
    """The consultation's proposals the reader may see, not withdrawn, with their counts."""
    return _readable(consultation, user).annotate(
        support_count=Count("supports", distinct=True),
        comment_count=Count("comments", filter=_SHOWN_COMMENTS, distinct=True),
    )


def dossier_zones_layer(consultation: Consultation) -> Layer:
    """The zones the dossier's proposals touch, styled like the map's zones."""
    zones = layer("zones")

    def rows(commune, user):
        touched = _readable(consultation, user).values("zone_shares__zone")
        return Zone.objects.filter(pk__in=touched)

    return replace(zones, key="dossier_zones", rows=rows, on_map=False)


def dossier_layer(consultation: Consultation) -> Layer:
    """The dossier's proposals as a layer (not registered in the catalogue): one row per
    proposal and zone it touches, for the GeoPackage and CSV writers of mapping.exports."""
    proposals = layer("proposals")

    def rows(commune, user):
        return _readable(consultation, user)

    return replace(
        proposals,
        key="dossier_proposals",
        title=_("Record of the consultation: proposals by zone"),
        description=_(
            "Each proposal once per land-use zone it touches, with its share of length or area "
            "there, its supports, comments, status and answer."
        ),
        rows=rows,
        columns=(
            Column("zone", annotation=F("zone_shares__zone__libelle")),
            Column("zone_type", annotation=F("zone_shares__zone__typezone")),
            Column("zone_share", FLOAT, annotation=F("zone_shares__share")),
            Column("title"),
            Column("category"),
            Column("status"),
            Column("answer"),
            Column("answered_at", DATETIME),
            Column("support_count", INT, annotation=Count("supports", distinct=True)),
            Column(
                "comment_count",
                INT,
                annotation=Count("comments", filter=_SHOWN_COMMENTS, distinct=True),
            ),
            Column("zones_summary", annotation=ZonesSummary("pk")),
            Column("author_name", annotation=F("author__display_name")),
            Column("created_at", DATETIME),
            Column("consultation_id", INT),
        ),
        on_map=False,
    )


@dataclass(frozen=True)
class DossierEntry:
    proposal: Proposal
    share: Decimal | None


@dataclass
class ZoneSection:
    """The proposals touching one zone (`zone` None: those touching none)."""

    zone: Zone | None
    entries: list[DossierEntry] = field(default_factory=list)


@dataclass(frozen=True)
class CategoryFigures:
    category: str
    label: str
    proposals: int
    answered: int
    supports: int


@dataclass
class Dossier:
    consultation: Consultation
    made_at: datetime
    proposals: int
    answered: int
    sections: list[ZoneSection]
    categories: list[CategoryFigures]

    @property
    def answer_rate(self) -> Decimal | None:
        """The share of proposals answered, in %, to one decimal (None without proposals)."""
        if not self.proposals:
            return None
        rate = Decimal(100 * self.answered) / self.proposals
        return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def zone_sections(self) -> list[ZoneSection]:
        return [section for section in self.sections if section.zone is not None]


def consultation_dossier(*, consultation: Consultation, user, now=None) -> Dossier:
    """The record of `consultation` as `user` may read it, made at `now`."""
    proposals = list(
        dossier_proposals(consultation=consultation, user=user)
        .select_related("author")
        .prefetch_related("zone_shares__zone")
        .order_by("-support_count", "created_at", "pk")
    )
    sections: dict[int | None, ZoneSection] = {}
    for proposal in proposals:
        shares = list(proposal.zone_shares.all())
        if not shares:
            sections.setdefault(None, ZoneSection(None)).entries.append(
                DossierEntry(proposal, None)
            )
        for share in shares:
            section = sections.setdefault(share.zone_id, ZoneSection(share.zone))
            section.entries.append(DossierEntry(proposal, share.share))
    ordered = sorted(
        sections.values(),
        key=lambda s: (s.zone is None, s.zone.typezone if s.zone else "", str(s.zone or "")),
    )
    answered = [p for p in proposals if p.status in Proposal.ANSWERED_STATUSES]
    categories = [
        CategoryFigures(
            category=value,
            label=str(label),
            proposals=sum(1 for p in proposals if p.category == value),
            answered=sum(1 for p in answered if p.category == value),
            supports=sum(p.support_count for p in proposals if p.category == value),
        )
        for value, label in Proposal.Category.choices
    ]
    return Dossier(
        consultation=consultation,
        made_at=now or timezone.now(),
        proposals=len(proposals),
        answered=len(answered),
        sections=ordered,
        categories=[figures for figures in categories if figures.proposals],
    )
