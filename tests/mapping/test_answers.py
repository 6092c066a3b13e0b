"""Planners answer proposals from the page, the API and the admin: one service, one history,
one email to the author per answer, sent after the commit."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.test import APIClient

from accounts.roles import Role
from mapping.models import Proposal, ProposalStatusChange
from mapping.services import proposal_answer
from tests.accounts.factories import UserFactory
from tests.mapping.factories import ProposalFactory
from tests.mapping.test_admin_writes import _form

# French quotes hold their words with no-break spaces.
OPEN, CLOSE = "«\u00a0", "\u00a0»"
ANSWER = "Retenue : un banc sera posé au printemps devant la mairie."


@pytest.fixture
def planner(db):
    person = UserFactory(is_staff=True, display_name="Service urbanisme")
    person.groups.add(Group.objects.get(name=Role.PLANNER))
    return person


@pytest.fixture
def proposal(loos):
    return ProposalFactory(commune=loos)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_planner_answers_from_the_proposal_page_and_the_history_shows_it(
    client, planner, proposal, django_capture_on_commit_callbacks
):
    client.force_login(planner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/proposals/{proposal.pk}/answer/",
            {"status": "accepted", "answer": ANSWER, "next": f"/proposals/{proposal.pk}/"},
        )
    assert response.status_code == 302
    assert response["Location"] == f"/proposals/{proposal.pk}/"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.answer, proposal.answered_by) == ("accepted", ANSWER, planner)
    change = ProposalStatusChange.objects.get(proposal=proposal)
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        "submitted",
        "accepted",
        planner,
        ANSWER,
    )
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "Historique" in page
    assert f"De {OPEN}Déposée{CLOSE} à {OPEN}Retenue{CLOSE}" in page
    assert "Service urbanisme" in page


def test_the_answer_form_refuses_a_redirect_to_another_site(client, planner, proposal):
    client.force_login(planner)
    response = client.post(
        f"/proposals/{proposal.pk}/answer/",
        {"status": "under_review", "answer": "", "next": "https://ailleurs.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/proposals/{proposal.pk}/#history"


def test_accepting_without_an_answer_is_refused_with_a_sentence_and_nothing_is_stored(
    client, planner, proposal
):
    client.force_login(planner)
    response = client.post(f"/proposals/{proposal.pk}/answer/", {"status": "accepted"})
    assert response.status_code == 400
    assert "Rédigez la réponse publique" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert not ProposalStatusChange.objects.filter(proposal=proposal).exists()


def test_a_resident_cannot_answer_from_the_page(client, proposal):
    client.force_login(UserFactory())
    response = client.post(
        f"/proposals/{proposal.pk}/answer/", {"status": "accepted", "answer": ANSWER}
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_only_planners_see_the_answer_form(client, planner, proposal):
    client.force_login(UserFactory())
    assert (
        "Répondre à cette proposition"
        not in client.get(proposal.get_absolute_url()).content.decode()
    )
    client.force_login(planner)
    assert (
        "Répondre à cette proposition" in client.get(proposal.get_absolute_url()).content.decode()
    )


def test_a_planner_answers_through_the_api_and_the_history_is_in_the_feature(
    planner, proposal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(planner).post(
            f"/api/v1/proposals/{proposal.pk}/answer/",
            {"status": "rejected", "answer": "Le terrain est inondable."},
            format="json",
        )
    assert response.status_code == 200, response.content
    properties = response.json()["properties"]
    assert (properties["status"], properties["answer"]) == ("rejected", "Le terrain est inondable.")
    [entry] = properties["status_history"]
    assert entry["changed_by_name"] == "Service urbanisme"
    assert (entry["from_status"], entry["to_status"], entry["answer"]) == (
        "submitted",
        "rejected",
        "Le terrain est inondable.",
    )
    assert entry["changed_at"]
    listed = APIClient().get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert listed["properties"]["status_history"][0]["to_status"] == "rejected"


def test_a_resident_answering_through_the_api_gets_403_in_french(proposal):
    response = _api(UserFactory()).post(
        f"/api/v1/proposals/{proposal.pk}/answer/",
        {"status": "accepted", "answer": ANSWER},
        format="json",
    )
    assert response.status_code == 403
    assert "Seuls les urbanistes" in response.json()["detail"]
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_the_api_refuses_a_decision_without_an_answer_in_words(planner, proposal):
    response = _api(planner).post(
        f"/api/v1/proposals/{proposal.pk}/answer/", {"status": "accepted"}, format="json"
    )
    assert response.status_code == 400
    assert "Rédigez la réponse publique" in str(response.json())
    assert not ProposalStatusChange.objects.filter(proposal=proposal).exists()


def test_the_answer_endpoint_is_in_the_openapi_schema(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/proposals/{id}/answer/"]["post"]
    assert "ProposalAnswer" in str(operation["requestBody"])
    assert "403" in operation["responses"]


def test_a_forbidden_step_is_refused_with_a_sentence(planner, proposal):
    proposal_answer(proposal=proposal, planner=planner, status="rejected", answer="Non, hélas.")
    with pytest.raises(ValidationError) as refusal:
        proposal_answer(proposal=proposal, planner=planner, status="implemented", answer="Fait.")
    assert (
        f"{OPEN}non retenue{CLOSE} ne peut pas devenir {OPEN}réalisée{CLOSE}"
        in refusal.value.message_dict["status"][0]
    )
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    assert ProposalStatusChange.objects.filter(proposal=proposal).count() == 1


def test_the_steps_follow_review_decision_then_implementation(planner, proposal):
    for status, answer in [
        ("under_review", ""),
        ("partially_accepted", "Oui pour le banc, non pour la fontaine."),
        ("implemented", "Le banc est posé."),
    ]:
        proposal_answer(proposal=proposal, planner=planner, status=status, answer=answer)
    steps = list(
        ProposalStatusChange.objects.filter(proposal=proposal).values_list(
            "from_status", "to_status"
        )
    )
    assert steps == [
        ("submitted", "under_review"),
        ("under_review", "partially_accepted"),
        ("partially_accepted", "implemented"),
    ]


def test_an_answer_made_in_the_admin_is_in_the_history_shown_on_the_page(
    client, planner, proposal, django_capture_on_commit_callbacks
):
    client.force_login(planner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/mapping/proposal/{proposal.pk}/change/",
            _form(proposal, status="accepted", answer=ANSWER),
        )
    assert response.status_code == 302
    change = ProposalStatusChange.objects.get(proposal=proposal)
    assert (change.to_status, change.changed_by, change.note) == ("accepted", planner, ANSWER)
    assert len(mail.outbox) == 1
    feature = APIClient().get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert feature["properties"]["status_history"][0]["answer"] == ANSWER


def test_the_staff_update_corrects_the_answer_alone_through_the_same_history(planner, proposal):
    from mapping.services import proposal_staff_update

    proposal_answer(proposal=proposal, planner=planner, status="accepted", answer=ANSWER)
    proposal_staff_update(
        proposal=proposal, actor=planner, changes={"answer": "Retenue, pour l'été."}
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.answer) == ("accepted", "Retenue, pour l'été.")
    last = ProposalStatusChange.objects.filter(proposal=proposal).last()
    assert (last.from_status, last.to_status, last.note) == (
        "accepted",
        "accepted",
        "Retenue, pour l'été.",
    )


def test_the_author_gets_exactly_one_email_per_answer_after_the_commit(
    planner, proposal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        proposal_answer(proposal=proposal, planner=planner, status="accepted", answer=ANSWER)
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    [email] = mail.outbox
    assert email.to == [proposal.author.email]
    assert (
        email.subject
        == f"[Cadre de vie] Votre proposition {OPEN}{proposal.title}{CLOSE} est désormais retenue"
    )
    assert ANSWER in email.body
    assert f"http://testserver.example/proposals/{proposal.pk}/" in email.body


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example/"


def test_a_rolled_back_answer_sends_no_email(planner, proposal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                proposal_answer(
                    proposal=proposal, planner=planner, status="accepted", answer=ANSWER
                )
                raise RuntimeError("something after the answer failed")
        except RuntimeError:
            pass
    assert mail.outbox == []
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert not ProposalStatusChange.objects.filter(proposal=proposal).exists()


def test_a_withdrawn_proposal_cannot_be_answered(planner, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status="withdrawn")
    with pytest.raises(ValidationError) as refusal:
        proposal_answer(proposal=proposal, planner=planner, status="accepted", answer=ANSWER)
    assert "status" in refusal.value.message_dict
