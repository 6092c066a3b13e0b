"""Reads of the moderation page: the queue of reported and hidden content, the blocked
accounts, the log of moderation acts.

As in Decidim and CONSUL, the queue puts first what the most residents reported; hidden
content stays in it (reports resolved or not), so a moderator can restore it.
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q

from mapping.models import Comment, ModerationAction, Proposal, Report

LOG_LENGTH = 50

_PENDING = Q(reports__resolved_at__isnull=True, reports__isnull=False)


def _pending_reports():
    return Prefetch(
        "reports",
        queryset=Report.objects.filter(resolved_at__isnull=True)
        .select_related("reporter")
        .order_by("created_at", "pk"),
        to_attr="pending_reports",
    )


def moderation_proposals(*, commune):
    """The commune's proposals with pending reports or hidden, most reported first."""
    return (
        Proposal.objects.filter(commune=commune)
        .annotate(pending_count=Count("reports", filter=_PENDING, distinct=True))
        .filter(Q(pending_count__gt=0) | Q(is_hidden=True))
        .select_related("author")
        .prefetch_related(_pending_reports())
        .order_by("-pending_count", "-created_at", "-pk")
    )


def moderation_comments(*, commune):
    """The comments on the commune's proposals with pending reports or hidden, most reported
    first; a comment its author deleted is no longer shown to anyone, so it leaves the queue."""
    return (
        Comment.objects.filter(proposal__commune=commune, deleted_at__isnull=True)
        .annotate(pending_count=Count("reports", filter=_PENDING, distinct=True))
        .filter(Q(pending_count__gt=0) | Q(is_hidden=True))
        .select_related("author", "proposal")
        .prefetch_related(_pending_reports())
        .order_by("-pending_count", "-created_at", "-pk")
    )


def blocked_people():
    """The accounts a moderator blocked, the latest first."""
    return (
        get_user_model()
        .objects.filter(blocked_at__isnull=False)
        .select_related("blocked_by")
        .order_by("-blocked_at", "-pk")
    )


def moderation_log(*, limit: int = LOG_LENGTH):
    """The latest moderation acts: who, when, what, on what, why."""
    return ModerationAction.objects.select_related(
        "moderator", "proposal", "comment__proposal", "person"
    ).order_by("-created_at", "-pk")[:limit]
