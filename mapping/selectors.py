"""Reads of the participatory map that combine rules."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from mapping.layers import proposals_shown
from mapping.models import Comment, Consultation, Proposal


def proposals_on_map(*, commune, user):
    """The proposals a person sees on the commune's map: visible to them, not withdrawn."""
    return (
        proposals_shown(commune, user)
        .with_support_count()
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def proposal_comments(*, proposal: Proposal):
    """The comments shown under a proposal: neither deleted by their author nor hidden."""
    return (
        Comment.objects.shown()
        .filter(proposal=proposal)
        .select_related("author")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class ConsultationGroups:
    open: list[Consultation]
    upcoming: list[Consultation]
    closed: list[Consultation]


def consultations_grouped(*, commune, now=None) -> ConsultationGroups:
    """The commune's consultations: open (closing soonest first), upcoming (soonest first),
    closed (latest first)."""
    now = now or timezone.now()
    consultations = Consultation.objects.filter(commune=commune).select_related("plan")
    return ConsultationGroups(
        open=list(consultations.open_at(now).order_by("closes_at", "pk")),
        upcoming=list(consultations.filter(opens_at__gt=now).order_by("opens_at", "pk")),
        closed=list(consultations.filter(closes_at__lte=now).order_by("-closes_at", "-pk")),
    )


def consultation_proposals(*, consultation: Consultation, user, now=None):
    """The proposals (observations) of a consultation the person sees, not withdrawn; an
    inquiry's in the order of its register."""
    rows = (
        Proposal.objects.visible_to(user, now=now)
        .filter(consultation=consultation)
        .exclude(status=Proposal.Status.WITHDRAWN)
        .select_related("author")
    )
    if consultation.is_inquiry:
        return rows.order_by("register_number", "pk")
    return rows.order_by("-created_at", "-pk")


@dataclass(frozen=True)
class ConsultationResults:
    total: int
    by_status: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    answered: int

    @property
    def answer_percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def consultation_results(*, consultation: Consultation) -> ConsultationResults:
    """What came out of a closed consultation: its proposals by status and by category, and
    the share the planners answered. Counts every proposal that was not withdrawn, published
    or not (numbers, never content)."""
    rows = consultation.proposals.exclude(status=Proposal.Status.WITHDRAWN)
    status_counts = dict(rows.values_list("status").annotate(n=Count("pk")).order_by())
    category_counts = dict(rows.values_list("category").annotate(n=Count("pk")).order_by())
    return ConsultationResults(
        total=sum(status_counts.values()),
        by_status=[
            (str(label), status_counts[value])
            for value, label in Proposal.Status.choices
            if status_counts.get(value)
        ],
        by_category=[
            (str(label), category_counts[value])
            for value, label in Proposal.Category.choices
            if category_counts.get(value)
        ],
        answered=sum(status_counts.get(status, 0) for status in Proposal.ANSWERED_STATUSES),
    )
