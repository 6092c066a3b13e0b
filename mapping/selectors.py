"""Reads of the participatory map that combine rules."""

from mapping.layers import proposals_shown
from mapping.models import Comment, Proposal, ProposalStatusChange


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
