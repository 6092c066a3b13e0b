"""Planners, moderators and commissaires act only in the communes they are given."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.roles import Role
from mapping.models import Proposal
from territory.models import Commune
from tests.accounts.factories import UserFactory
from tests.mapping.factories import ConsultationFactory, ProposalFactory

LENS = "62498"


@pytest.fixture
def lens(loos):
    """Lens, onboarded from the shared file of communes beside Loos-en-Gohelle."""
    call_command("onboard_commune", LENS, stdout=io.StringIO())
    return Commune.objects.get(insee=LENS)


def _staff(role: Role, *communes: str, **fields):
    person = UserFactory(is_staff=True, staff_communes=list(communes), **fields)
    person.groups.add(Group.objects.get(name=role))
    return person


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _answer(user, proposal):
    return _api(user).post(
        f"/api/v1/proposals/{proposal.pk}/answer/",
        {"status": "rejected", "answer": "Le terrain est inondable."},
        format="json",
    )


def test_a_planner_of_lens_gets_403_on_a_proposal_of_loos_en_gohelle(loos, lens):
    planner = _staff(Role.PLANNER, LENS)
    in_loos = ProposalFactory(commune=loos)
    response = _answer(planner, in_loos)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Seuls les urbanistes")
    in_loos.refresh_from_db()
    assert in_loos.status == "submitted"
    in_lens = ProposalFactory(commune=lens, geometry=lens.boundary.point_on_surface)
    assert _answer(planner, in_lens).status_code == 200


def test_a_planner_of_lens_cannot_open_the_review_queue_of_loos_en_gohelle(client, loos, lens):
    client.force_login(_staff(Role.PLANNER, LENS))
    assert client.get("/review/").status_code == 403
    assert client.get("/review/", {"commune": LENS}).status_code == 200


def test_a_planner_given_no_commune_serves_the_default_commune_only(loos, lens):
    planner = _staff(Role.PLANNER)
    assert _answer(planner, ProposalFactory(commune=loos)).status_code == 200
    in_lens = ProposalFactory(commune=lens, geometry=lens.boundary.point_on_surface)
    assert _answer(planner, in_lens).status_code == 403


def test_a_planner_of_two_communes_acts_in_both(loos, lens):
    planner = _staff(Role.PLANNER, LENS, "62528")
    in_lens = ProposalFactory(commune=lens, geometry=lens.boundary.point_on_surface)
    assert _answer(planner, ProposalFactory(commune=loos)).status_code == 200
    assert _answer(planner, in_lens).status_code == 200


def test_hidden_proposals_of_a_commune_are_seen_only_by_its_own_staff(loos, lens):
    hidden_in_loos = ProposalFactory(commune=loos, is_hidden=True)
    shown_in_loos = ProposalFactory(commune=loos)
    hidden_in_lens = ProposalFactory(
        commune=lens, geometry=lens.boundary.point_on_surface, is_hidden=True
    )
    moderator = _staff(Role.MODERATOR, LENS)
    seen = set(Proposal.objects.visible_to(moderator).values_list("pk", flat=True))
    assert hidden_in_lens.pk in seen and shown_in_loos.pk in seen
    assert hidden_in_loos.pk not in seen
    response = _api(moderator).get(f"/api/v1/proposals/{hidden_in_loos.pk}/")
    assert response.status_code == 404


def test_a_moderator_of_lens_cannot_hide_a_proposal_of_loos_en_gohelle(client, loos, lens):
    client.force_login(_staff(Role.MODERATOR, LENS))
    proposal = ProposalFactory(commune=loos)
    response = client.post(f"/moderation/proposal/{proposal.pk}/hide/", {"reason": "Hors sujet."})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert not proposal.is_hidden


def test_personal_columns_of_an_export_are_for_the_planners_of_its_commune(client, loos, lens):
    client.force_login(_staff(Role.PLANNER, LENS))
    ProposalFactory(commune=loos, author=UserFactory(display_name="Camille"))
    loos_csv = b"".join(
        client.get("/exports/proposals.csv", {"commune": "62528"}).streaming_content
    ).decode()
    header = loos_csv.splitlines()[0]
    assert "author_username" not in header and "author_email" not in header
    client.force_login(_staff(Role.PLANNER, "62528"))
    own_csv = b"".join(
        client.get("/exports/proposals.csv", {"commune": "62528"}).streaming_content
    ).decode()
    assert own_csv.splitlines()[0] != header


def test_a_residents_account_works_in_every_commune(loos, lens):
    resident = UserFactory()
    ConsultationFactory(commune=lens)
    response = _api(resident).post(
        "/api/v1/proposals/",
        {
            "title": "Un arbre rue de Lille",
            "description": "De l'ombre pour l'arrêt de bus.",
            "category": "nature",
            "commune": LENS,
            "geometry": {
                "type": "Point",
                "coordinates": list(lens.boundary.point_on_surface.coords),
            },
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Proposal.objects.get(title="Un arbre rue de Lille").commune == lens


def test_the_map_offers_every_commune_and_the_selector_leads_to_its_map(client, loos, lens):
    page = client.get("/").content.decode()
    assert 'name="commune"' in page
    assert "Lens (62498)" in page and "Loos-en-Gohelle (62528)" in page
    response = client.get("/communes/", {"commune": LENS})
    assert response.status_code == 302 and response["Location"] == f"/communes/{LENS}/"
    assert client.get("/communes/", {"commune": "62528"})["Location"] == "/"
    lens_page = client.get(response["Location"]).content.decode()
    assert "La carte de Lens" in lens_page or "Lens" in lens_page.split("</h1>")[0]
    assert client.get("/communes/", {"commune": "99999"}).status_code == 404
