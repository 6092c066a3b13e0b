"""Reads of the participatory map that combine rules."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from accounts.roles import Role
from heritage.models import HeritageSite
from land_use.models import Zone
from mapping.layers import proposals_shown
from mapping.mandates import Mandate, count_by_mandate
from mapping.models import (
    Comment,
    Consultation,
    FiftyFiftyProject,
    Meeting,
    Proposal,
    ProposalStatusChange,
    Support,
)


def proposals_on_map(*, commune, user):
    """The proposals a person sees on the commune's map: visible to them, not withdrawn."""
    return (
        proposals_shown(commune, user)
        .with_support_count()
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def proposal_comments(*, proposal: Proposal, user=None):
    """The comments shown under a proposal: neither deleted by their author nor hidden; and
    `user`'s own hidden ones, which they see with the moderator's reason."""
    shown = Comment.objects.shown()
    if user is not None and user.is_authenticated:
        shown = shown | Comment.objects.filter(author=user, is_hidden=True, deleted_at__isnull=True)
    return shown.filter(proposal=proposal).select_related("author").order_by("created_at", "pk")


def proposal_history(*, proposal: Proposal):
    """Every status change of a proposal, oldest first, with who made it."""
    return (
        ProposalStatusChange.objects.filter(proposal=proposal)
        .select_related("changed_by")
        .order_by("changed_at", "pk")
    )


def my_proposals(*, user):
    """A resident's own proposals, newest first: hidden and withdrawn ones included."""
    return (
        Proposal.objects.filter(author=user)
        .select_related("consultation", "answered_by")
        .order_by("-created_at", "-pk")
    )


# The review queue (planners): a consultation's proposals, filtered, sorted, counted.

UNASSIGNED = "unassigned"

# The order in which a proposal moves through the review; "status" sorts the queue by it.
STATUS_ORDER = (
    Proposal.Status.SUBMITTED,
    Proposal.Status.UNDER_REVIEW,
    Proposal.Status.PARTIALLY_ACCEPTED,
    Proposal.Status.ACCEPTED,
    Proposal.Status.IMPLEMENTED,
    Proposal.Status.REJECTED,
    Proposal.Status.WITHDRAWN,
)
REVIEW_ORDERINGS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "supported": ("-support_count", "-created_at", "-pk"),
    "status": ("status_rank", "-created_at", "-pk"),
}


def review_consultations(*, commune):
    """The consultations a planner can review in the commune, the latest first."""
    return Consultation.objects.filter(commune=commune).order_by("-opens_at", "-pk")


def review_default_consultation(*, commune, now=None) -> Consultation | None:
    """The consultation the queue opens on: the one open now, else the latest."""
    consultations = review_consultations(commune=commune)
    return consultations.open_at(now).first() or consultations.first()


def planners():
    """The people a proposal can be given to: active planners (and superusers)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=Role.PLANNER.value) | Q(is_superuser=True))
        .distinct()
        .order_by("display_name", "pk")
    )


def _count_of(model, **conditions):
    """The number of `model` rows of each proposal, as a subquery (no row multiplication)."""
    rows = (
        model.objects.filter(proposal=OuterRef("pk"), **conditions)
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def review_queue(*, consultation: Consultation, filters: dict, ordering: str = "newest"):
    """The consultation's proposals for the planners, hidden ones included.

    `filters` may hold `zone` (a Zone), `category`, `status`, `min_supports` (an int) and
    `assignee` (a user, or UNASSIGNED). Withdrawn proposals are left out unless asked for by
    their status: they wait for no answer.
    """
    proposals = Proposal.objects.filter(consultation=consultation).annotate(
        support_count=_count_of(Support),
        comment_count=_count_of(Comment, deleted_at__isnull=True, is_hidden=False),
        status_rank=Case(
            *(When(status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)),
            default=Value(len(STATUS_ORDER)),
            output_field=IntegerField(),
        ),
    )
    if filters.get("status"):
        proposals = proposals.filter(status=filters["status"])
    else:
        proposals = proposals.exclude(status=Proposal.Status.WITHDRAWN)
    if filters.get("zone"):
        proposals = proposals.filter(zones=filters["zone"])
    if filters.get("category"):
        proposals = proposals.filter(category=filters["category"])
    if filters.get("min_supports"):
        proposals = proposals.filter(support_count__gte=filters["min_supports"])
    assignee = filters.get("assignee")
    if assignee == UNASSIGNED:
        proposals = proposals.filter(assignee__isnull=True)
    elif assignee:
        proposals = proposals.filter(assignee=assignee)
    return (
        proposals.select_related("assignee")
        .prefetch_related(
            Prefetch("zones", queryset=Zone.objects.only("pk", "libelle").order_by("libelle")),
            Prefetch(
                "heritage_perimeters",
                queryset=HeritageSite.objects.only("pk", "name").order_by("name"),
            ),
        )
        .order_by(*REVIEW_ORDERINGS.get(ordering, REVIEW_ORDERINGS["newest"]))
    )


class _Median(Aggregate):
    """PostgreSQL's continuous median of an expression."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class _EpochSeconds(Func):
    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


def review_counts(*, consultation: Consultation) -> dict:
    """The review's progress, computed by the database: proposals received (withdrawn ones
    aside), answered (decided with a public answer), the answer rate in % and the median time
    from a proposal's submission to its first decision, in days (None while nothing is
    answered)."""
    first_decision = (
        ProposalStatusChange.objects.filter(
            proposal=OuterRef("pk"), to_status__in=Proposal.ANSWERED_STATUSES
        )
        .order_by("changed_at")
        .values("changed_at")[:1]
    )
    answered = Q(status__in=Proposal.ANSWERED_STATUSES)
    counts = (
        Proposal.objects.filter(consultation=consultation)
        .exclude(status=Proposal.Status.WITHDRAWN)
        .annotate(decided_at=Coalesce(Subquery(first_decision), F("answered_at")))
        .aggregate(
            received=Count("pk"),
            answered=Count("pk", filter=answered),
            median_seconds=_Median(
                _EpochSeconds(
                    ExpressionWrapper(
                        F("decided_at") - F("created_at"), output_field=DurationField()
                    )
                ),
                filter=answered & Q(decided_at__isnull=False),
            ),
        )
    )
    received, answered_count = counts["received"], counts["answered"]
    median = counts["median_seconds"]
    return {
        "received": received,
        "answered": answered_count,
        "answer_rate": round(100 * answered_count / received, 1) if received else None,
        "median_days": round(median / 86400, 1) if median is not None else None,
    }


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


# Public meetings ---------------------------------------------------------------------------


def _meetings_of(commune):
    meetings = Meeting.objects.all()
    return meetings.filter(commune=commune) if commune is not None else meetings


def meetings_per_year(commune=None) -> list[tuple[int, int]]:
    """How many public meetings each year counts (years of the town's local time), oldest
    first; `commune` None counts every commune's."""
    rows = (
        _meetings_of(commune)
        .annotate(year=ExtractYear("starts_at"))
        .values_list("year")
        .annotate(count=Count("pk"))
        .order_by("year")
    )
    return [(year, count) for year, count in rows]


def meetings_per_mandate(commune=None) -> list[tuple[Mandate, int]]:
    """How many public meetings each municipal mandate counts (mapping.mandates: from one
    municipal election to the next), oldest first; `commune` None counts every commune's."""
    moments = _meetings_of(commune).values_list("starts_at", flat=True).order_by()
    return count_by_mandate(moments.iterator(chunk_size=2000))


@dataclass(frozen=True)
class MeetingGroups:
    upcoming: list[Meeting]
    past: list[Meeting]


def meetings_grouped(*, commune, now=None) -> MeetingGroups:
    """The commune's meetings: upcoming (soonest first), then past (latest first), as the
    meetings page lists them."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(commune=commune).select_related("consultation")
    return MeetingGroups(
        upcoming=list(meetings.filter(starts_at__gte=now).order_by("starts_at", "pk")),
        past=list(meetings.filter(starts_at__lt=now).order_by("-starts_at", "-pk")),
    )


def meeting_proposals(*, meeting: Meeting, user):
    """The proposals a meeting discussed that the person may see."""
    return (
        Proposal.objects.visible_to(user)
        .filter(meetings=meeting)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def proposal_meetings(*, proposal: Proposal):
    """The public meetings that discussed a proposal, latest first."""
    return proposal.meetings.order_by("-starts_at", "-pk")


# Fifty-fifty projects: the town funds half of a collective's project.

FIFTY_FIFTY_COUNTED_STATUSES = (
    FiftyFiftyProject.Status.APPROVED,
    FiftyFiftyProject.Status.FUNDED,
    FiftyFiftyProject.Status.COMPLETED,
)


def fifty_fifty_visible(*, commune, user):
    """The fifty-fifty projects `user` sees (every commune's when `commune` is None): those of
    the proposals they see, so a proposal hidden by moderation hides its project too."""
    projects = FiftyFiftyProject.objects.filter(
        proposal__in=Proposal.objects.visible_to(user)
    ).select_related("proposal", "commune")
    return projects.filter(commune=commune) if commune is not None else projects


def fifty_fifty_totals_per_year(commune) -> list[dict]:
    """Per year of approval, the approved, funded and completed projects (`commune` None: every
    commune's): `year`, `count`, `total_budget` and `town_share` (Decimals, in euros).

    A project counts in the year the planners approved it, whatever it became afterwards
    (funded, completed); applications waiting for a decision and refused ones are not counted.
    Oldest year first.
    """
    projects = FiftyFiftyProject.objects.filter(
        status__in=FIFTY_FIFTY_COUNTED_STATUSES, approved_at__isnull=False
    )
    if commune is not None:
        projects = projects.filter(commune=commune)
    rows = (
        projects.annotate(year=ExtractYear("approved_at"))
        .values("year")
        .annotate(count=Count("pk"), total_budget=Sum("total_budget"), town_share=Sum("town_share"))
        .order_by("year")
    )
    return [
        {
            "year": row["year"],
            "count": row["count"],
            "total_budget": row["total_budget"],
            "town_share": row["town_share"],
        }
        for row in rows
    ]
