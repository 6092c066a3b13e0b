"""Reads of the participatory map that combine rules."""

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
    Value,
    When,
)
from django.db.models.functions import Coalesce

from accounts.roles import Role
from heritage.models import HeritageSite
from land_use.models import Zone
from mapping.layers import proposals_shown
from mapping.models import Comment, Consultation, Proposal, ProposalStatusChange, Support


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
