"""Hidden content is seen by role (planners, moderators), not by the staff flag."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role
from mapping.models import Proposal
from tests.accounts.factories import UserFactory
from tests.mapping.factories import ProposalFactory


def _with(role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize(
    ("who", "sees_hidden"),
    [
        (lambda: _with(Role.PLANNER), True),
        (lambda: _with(Role.MODERATOR), True),
        (lambda: _with(Role.RESIDENT), False),
        (lambda: _with(Role.FARMER), False),
        # The staff flag opens the admin; it says nothing of a person's role.
        (lambda: UserFactory(is_staff=True), False),
        (lambda: None, False),
    ],
    ids=["planner", "moderator", "resident", "farmer", "staff-without-role", "anonymous"],
)
def test_hidden_proposals_are_visible_to_planners_and_moderators_only(loos, who, sees_hidden):
    hidden = ProposalFactory(commune=loos, is_hidden=True)
    shown = ProposalFactory(commune=loos)
    visible = set(Proposal.objects.visible_to(who()).values_list("pk", flat=True))
    assert shown.pk in visible
    assert (hidden.pk in visible) is sees_hidden


def test_a_hidden_proposal_is_reachable_through_the_api_by_a_moderator_not_a_resident(loos, client):
    hidden = ProposalFactory(commune=loos, is_hidden=True)
    client.force_login(_with(Role.RESIDENT))
    assert client.get(f"/api/v1/proposals/{hidden.pk}/").status_code == 404
    client.force_login(_with(Role.MODERATOR))
    assert client.get(f"/api/v1/proposals/{hidden.pk}/").status_code == 200
