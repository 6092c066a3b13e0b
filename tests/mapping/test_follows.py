"""Residents follow a proposal and are emailed at its next answer: each person once, never the
planner who answered, and not at all about a proposal they can no longer see."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import IntegrityError
from rest_framework.test import APIClient

from accounts.personal_data import parts
from accounts.roles import Role
from mapping.models import Follow
from mapping.services import follow_add, proposal_answer
from tests.accounts.factories import UserFactory
from tests.mapping.factories import ProposalFactory

ANSWER = "Non retenue : la parcelle est inondable."


@pytest.fixture
def planner(db):
    person = UserFactory(is_staff=True)
    person.groups.add(Group.objects.get(name=Role.PLANNER))
    return person


@pytest.fixture
def proposal(loos):
    return ProposalFactory(commune=loos)


def test_following_from_the_page_then_stopping(client, proposal):
    follower = UserFactory()
    client.force_login(follower)
    response = client.post(f"/proposals/{proposal.pk}/follow/")
    assert response.status_code == 302
    assert Follow.objects.filter(user=follower, proposal=proposal).count() == 1
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Ne plus suivre" in page
    client.post(f"/proposals/{proposal.pk}/follow/", {"action": "remove"})
    assert not Follow.objects.filter(user=follower, proposal=proposal).exists()
    assert "Suivre cette proposition" in client.get(proposal.get_absolute_url()).content.decode()


def test_following_through_the_api_twice_keeps_one_row(proposal):
    follower = UserFactory()
    api = APIClient()
    api.force_authenticate(follower)
    for _ in range(2):
        response = api.post(f"/api/v1/proposals/{proposal.pk}/follow/")
        assert response.status_code == 200
        assert response.json() == {"following": True}
    assert Follow.objects.filter(user=follower, proposal=proposal).count() == 1
    assert api.delete(f"/api/v1/proposals/{proposal.pk}/follow/").json() == {"following": False}
    assert APIClient().post(f"/api/v1/proposals/{proposal.pk}/follow/").status_code in (401, 403)


def test_the_database_holds_one_follow_per_person_and_proposal(proposal):
    follower = UserFactory()
    Follow.objects.create(user=follower, proposal=proposal)
    with pytest.raises(IntegrityError):
        Follow.objects.create(user=follower, proposal=proposal)


def test_a_follow_is_of_one_thing_only(proposal):
    with pytest.raises(IntegrityError):
        Follow.objects.create(user=UserFactory())


def test_a_follower_is_emailed_at_the_next_answer_and_the_planner_is_not(
    planner, proposal, django_capture_on_commit_callbacks
):
    follower = UserFactory(display_name="Jeanne")
    follow_add(user=follower, proposal=proposal)
    follow_add(user=planner, proposal=proposal)
    follow_add(user=proposal.author, proposal=proposal)  # the author follows their own, too
    with django_capture_on_commit_callbacks(execute=True):
        proposal_answer(proposal=proposal, planner=planner, status="rejected", answer=ANSWER)
    recipients = sorted(address for email in mail.outbox for address in email.to)
    assert recipients == sorted([proposal.author.email, follower.email])
    [to_follower] = [email for email in mail.outbox if email.to == [follower.email]]
    assert "que vous suivez" in to_follower.body
    assert ANSWER in to_follower.body
    assert f"/proposals/{proposal.pk}/" in to_follower.body


def test_following_the_consultation_tells_of_each_of_its_answers_once(
    planner, proposal, django_capture_on_commit_callbacks
):
    follower = UserFactory()
    follow_add(user=follower, consultation=proposal.consultation)
    follow_add(user=follower, proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_answer(proposal=proposal, planner=planner, status="under_review", answer="")
    assert [email.to for email in mail.outbox].count([follower.email]) == 1


def test_followers_are_not_told_about_a_hidden_proposal_but_its_author_is(
    planner, proposal, django_capture_on_commit_callbacks
):
    follower = UserFactory()
    follow_add(user=follower, proposal=proposal)
    proposal.is_hidden = True
    proposal.save()
    with django_capture_on_commit_callbacks(execute=True):
        proposal_answer(proposal=proposal, planner=planner, status="rejected", answer=ANSWER)
    assert [email.to for email in mail.outbox] == [[proposal.author.email]]


def test_follows_are_in_my_data_and_erased_with_the_account(proposal):
    follower = UserFactory()
    follow_add(user=follower, proposal=proposal)
    [part] = [part for part in parts() if part.key == "follows"]
    assert part.export(follower)[0]["proposal"] == proposal.pk
    part.erase(follower)
    assert not Follow.objects.filter(user=follower).exists()


def test_following_a_consultation_from_its_page_emails_at_each_answer_to_its_proposals(
    client, proposal, planner, django_capture_on_commit_callbacks
):
    follower = UserFactory()
    consultation = proposal.consultation
    client.force_login(follower)
    assert client.post(f"/consultations/{consultation.pk}/follow/").status_code == 302
    assert Follow.objects.filter(user=follower, consultation=consultation).count() == 1
    assert "Ne plus suivre" in client.get(consultation.get_absolute_url()).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposal_answer(proposal=proposal, planner=planner, status="rejected", answer=ANSWER)
    assert follower.email in {address for message in mail.outbox for address in message.to}
    client.post(f"/consultations/{consultation.pk}/follow/", {"action": "remove"})
    assert not Follow.objects.filter(user=follower, consultation=consultation).exists()


def test_following_a_consultation_through_the_api(proposal):
    follower = UserFactory()
    api = APIClient()
    api.force_authenticate(follower)
    address = f"/api/v1/consultations/{proposal.consultation.pk}/follow/"
    assert api.post(address).json() == {"following": True}
    assert api.delete(address).json() == {"following": False}
    assert APIClient().post(address).status_code in (401, 403)
