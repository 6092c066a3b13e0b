"""Reports hold their rules when residents send them at the same moment (real parallel requests)."""

import pytest
import requests
from rest_framework.authtoken.models import Token

from mapping.models import Report
from tests.accounts.factories import UserFactory
from tests.concurrency import at_once
from tests.mapping.factories import CommentFactory, ConsultationFactory, ProposalFactory

ALREADY_REPORTED = "Vous l’avez déjà signalé ; un modérateur va l’examiner."


def _reported(kind: str, loos):
    """A new proposal, or a new comment on one, and its report address."""
    proposal = ProposalFactory(commune=loos, consultation=ConsultationFactory(commune=loos))
    if kind == "proposal":
        return proposal, f"/api/v1/proposals/{proposal.pk}/report/"
    comment = CommentFactory(proposal=proposal)
    return comment, f"/api/v1/comments/{comment.pk}/report/"


def _report(url: str, user):
    headers = {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}
    return lambda: requests.post(url, json={"reason": "spam"}, headers=headers, timeout=60)


@pytest.mark.parametrize("kind", ["proposal", "comment"])
def test_three_residents_reporting_at_the_same_moment_always_hide_the_content(
    live_server, loos_live, kind
):
    """Five trials: without the lock, each report counted the ones it saw and often missed one."""
    for _trial in range(5):
        reported, url = _reported(kind, loos_live)
        responses = at_once([_report(live_server.url + url, UserFactory()) for _ in range(3)])
        assert [r.status_code for r in responses] == [201] * 3, [r.text for r in responses]
        reported.refresh_from_db()
        assert reported.is_hidden


@pytest.mark.parametrize("kind", ["proposal", "comment"])
def test_twenty_parallel_reports_by_one_resident_store_one_and_answer_in_french(
    live_server, loos_live, kind
):
    """No 500 and no constraint name: one report stored, nineteen refusals with the sentence."""
    reported, url = _reported(kind, loos_live)
    resident = UserFactory()
    responses = at_once([_report(live_server.url + url, resident) for _ in range(20)])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [400] * 19, [r.text for r in responses]
    for response in responses:
        if response.status_code == 400:
            assert response.json() == {"non_field_errors": [ALREADY_REPORTED]}
    assert Report.objects.filter(**{kind: reported}).count() == 1
