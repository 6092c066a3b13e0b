"""Planners' and moderators' writes on proposals outside the author's own: the admin's edits.

The same checks as the author's (title, description, drawing inside the commune), and every
status change recorded in the proposal's history with who made it and the public answer.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_planner
from mapping.models import Proposal, ProposalStatusChange
from mapping.permissions import may_see_hidden
from mapping.services.proposals import (
    proposal_check_description,
    proposal_check_geometry,
    proposal_check_title,
    proposal_refresh_spatial_links,
)

# What a planner may correct; a moderator only hides or shows.
PLANNER_FIELDS = (
    "title",
    "description",
    "category",
    "geometry",
    "consultation",
    "status",
    "answer",
    "is_hidden",
    "illustrative",
)
MODERATOR_FIELDS = ("is_hidden",)


@transaction.atomic
def proposal_staff_update(*, proposal: Proposal, actor, changes: dict) -> Proposal:
    """A planner (or, for hiding, a moderator) changes a proposal; `changes` maps field → value.

    A new status is recorded in the history; an answered status needs a public answer.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    allowed = (
        PLANNER_FIELDS if is_planner(actor) else MODERATOR_FIELDS if may_see_hidden(actor) else ()
    )
    refused = sorted(set(changes) - set(allowed))
    if refused:
        raise PermissionDenied(
            _("You may not change these fields of a proposal: %(fields)s.")
            % {"fields": ", ".join(refused)}
        )
    checks = {
        "title": proposal_check_title,
        "description": proposal_check_description,
        "geometry": lambda value: proposal_check_geometry(geometry=value, commune=proposal.commune),
    }
    errors: dict[str, list[str]] = {}
    previous_status = proposal.status
    for field, value in changes.items():
        try:
            setattr(proposal, field, checks[field](value) if field in checks else value)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    answered = proposal.status in Proposal.ANSWERED_STATUSES
    if answered and not (proposal.answer or "").strip():
        errors.setdefault("answer", []).append(
            _("Write the public answer: every decision on a proposal is explained to residents.")
        )
    if errors:
        raise ValidationError(errors)
    if answered and (proposal.status != previous_status or "answer" in changes):
        proposal.answered_by = actor
        proposal.answered_at = timezone.now()
    proposal.full_clean()
    proposal.save()
    if proposal.status != previous_status:
        ProposalStatusChange.objects.create(
            proposal=proposal,
            from_status=previous_status,
            to_status=proposal.status,
            changed_by=actor,
            note=proposal.answer if answered else "",
        )
    if "geometry" in changes:
        proposal_refresh_spatial_links(proposal=proposal)
    return proposal
