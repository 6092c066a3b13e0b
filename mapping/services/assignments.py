"""Who prepares the answer to a proposal: planners share the review queue among themselves."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import is_planner
from mapping.models import Proposal
from mapping.permissions import may_answer


@transaction.atomic
def proposal_assign(*, proposal: Proposal, planner, assignee) -> Proposal:
    """`planner` puts `assignee` (a planner, or None to leave it to nobody) in charge of the
    proposal's answer."""
    if not may_answer(planner, proposal.commune):
        raise PermissionDenied(_("Only the town's planners can share out the proposals."))
    if assignee is not None and not (assignee.is_active and is_planner(assignee)):
        raise ValidationError(
            {
                "assignee": _(
                    "%(name)s is not one of the town's planners: a proposal can only be "
                    "given to a planner."
                )
                % {"name": assignee.public_name}
            }
        )
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    proposal.assignee = assignee
    proposal.save(update_fields=["assignee", "updated_at"])
    return proposal
