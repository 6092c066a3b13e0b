"""Reads of the participatory map that combine rules."""

from mapping.models import Comment, Proposal


def proposals_on_map(*, commune, user):
    """The proposals a person sees on the commune's map: visible to them, not withdrawn."""
    return (
        Proposal.objects.in_commune(commune)
        .visible_to(user)
        .exclude(status=Proposal.Status.WITHDRAWN)
        .with_support_count()
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def proposal_comments(*, proposal: Proposal):
    """The comments shown under a proposal: neither deleted by their author nor hidden."""
    return (
        Comment.objects.filter(proposal=proposal, deleted_at__isnull=True, is_hidden=False)
        .select_related("author")
        .order_by("created_at", "pk")
    )
