"""Planners' and moderators' writes on proposals outside the author's own: answers and the admin.

A planner answers a proposal (`proposal_answer`): its status moves on along
`Proposal.TRANSITIONS`, with a public answer for every decision, and each change is kept in the
proposal's history (who, when, from, to, the answer). The admin's edits (`proposal_staff_update`)
have the same checks as the author's (title, description, drawing inside the commune) and hand
their status and answer to `proposal_answer`, so every path writes the same history and sends
the same emails.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mapping.models import Proposal, ProposalStatusChange
from mapping.permissions import may_answer, may_see_hidden
from mapping.services.follows import proposal_tell_followers
from mapping.services.proposals import (
    proposal_check_description,
    proposal_check_geometry,
    proposal_check_title,
    proposal_refresh_spatial_links,
)
from territory.concurrency import check_version

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
ANSWER_FIELDS = ("status", "answer")
ANSWER_MAX_LENGTH = 5000


def proposal_check_answer(*, proposal: Proposal, status: str, answer: str) -> str:
    """The answer as it will be stored, or a refusal: an allowed step, and words for decisions."""
    answer = (answer or "").strip()
    errors: dict[str, list[str]] = {}
    if status not in Proposal.Status.values:
        errors["status"] = [_("Choose one of the statuses of a proposal.")]
    elif status == proposal.status:
        if not proposal.may_keep_status_with_new_answer():
            errors["status"] = [_("Choose the proposal's next status.")]
        elif answer == proposal.answer:
            errors["answer"] = [_("The answer is unchanged: change its words or the status.")]
    elif status not in Proposal.TRANSITIONS.get(proposal.status, ()):
        errors["status"] = [
            _("A proposal “%(current)s” cannot become “%(new)s”.")
            % {
                "current": proposal.get_status_display(),
                "new": Proposal.Status(status).label,
            }
        ]
    if status in Proposal.ANSWERED_STATUSES and not answer:
        errors.setdefault("answer", []).append(
            _("Write the public answer: every decision on a proposal is explained to residents.")
        )
    if len(answer) > ANSWER_MAX_LENGTH:
        errors.setdefault("answer", []).append(
            _("The answer is too long: %(max)s characters at most.") % {"max": ANSWER_MAX_LENGTH}
        )
    if errors:
        raise ValidationError(errors)
    return answer


@transaction.atomic
def proposal_answer(
    *,
    proposal: Proposal,
    planner,
    status: str,
    answer: str,
    expected_etag: str | None = None,
) -> Proposal:
    """A planner gives the proposal its next status with a public answer.

    The row is locked, the step checked against `Proposal.TRANSITIONS`, the answer required for
    every decision; one `ProposalStatusChange` keeps who, when, from, to and the answer. The
    author and the followers are emailed once the transaction commits.
    """
    if not may_answer(planner, proposal.commune):
        raise PermissionDenied(_("Only the town's planners can answer a proposal."))
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    check_version(locked, expected_etag)
    answer = proposal_check_answer(proposal=locked, status=status, answer=answer)
    previous = locked.status
    locked.status = status
    locked.answer = answer
    if answer:
        locked.answered_by = planner
        locked.answered_at = timezone.now()
    locked.full_clean()
    locked.save()
    change = ProposalStatusChange.objects.create(
        proposal=locked,
        from_status=previous,
        to_status=status,
        changed_by=planner,
        note=answer,
    )
    proposal_tell_followers(proposal=locked, change=change)
    # The caller's object shows what was stored.
    proposal.refresh_from_db()
    return locked


@transaction.atomic
def proposal_staff_update(*, proposal: Proposal, actor, changes: dict) -> Proposal:
    """A planner (or, for hiding, a moderator) changes a proposal; `changes` maps field → value.

    A new status or answer goes through `proposal_answer` (history, emails); the other fields
    are checked as the author's are. Nothing is stored unless everything passes.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    commune = proposal.commune
    allowed = (
        PLANNER_FIELDS
        if may_answer(actor, commune)
        else MODERATOR_FIELDS
        if may_see_hidden(actor, commune)
        else ()
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
    for field, value in changes.items():
        if field in ANSWER_FIELDS:
            continue
        try:
            setattr(proposal, field, checks[field](value) if field in checks else value)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    status = changes.get("status", proposal.status)
    answer = (changes.get("answer", proposal.answer) or "").strip()
    answering = status != proposal.status or answer != proposal.answer
    if answering:
        try:
            proposal_check_answer(proposal=proposal, status=status, answer=answer)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    proposal.full_clean()
    proposal.save()
    if "geometry" in changes:
        proposal_refresh_spatial_links(proposal=proposal)
    if answering:
        proposal = proposal_answer(proposal=proposal, planner=actor, status=status, answer=answer)
    return proposal
