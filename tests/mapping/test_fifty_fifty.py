"""Fifty-fifty projects: the author applies, the town's share is half the budget (computed by
PostGIS's database, never typed), planners move the project on, the contact stays private."""

import json
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from accounts.personal_data import parts
from accounts.roles import Role
from mapping.models import FiftyFiftyProject, Proposal
from mapping.selectors import fifty_fifty_totals_per_year
from mapping.services import fifty_fifty_apply, fifty_fifty_move, fifty_fifty_update
from tests.accounts.factories import UserFactory
from tests.mapping.export_helpers import body
from tests.mapping.factories import ProposalFactory

CONTACT_EMAIL = "collectif.jardins@example.org"
APPLICATION = {
    "collective_name": "Collectif des jardins de la cité 5",
    "collective_kind": "residents",
    "contact_name": "Aline Potager",
    "contact_email": CONTACT_EMAIL,
    "contact_phone": "03 21 00 00 00",
}
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def planner(db):
    person = UserFactory(is_staff=True, display_name="Service urbanisme")
    person.groups.add(Group.objects.get(name=Role.PLANNER))
    return person


@pytest.fixture
def proposal(loos):
    return ProposalFactory(commune=loos)


def _api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _apply(proposal, budget="12000", **changes):
    return fifty_fifty_apply(
        proposal=proposal,
        user=proposal.author,
        **{**APPLICATION, "total_budget": budget, **changes},
    )


def test_a_12000_euro_budget_gives_a_6000_euro_town_share_through_the_service(proposal):
    project = _apply(proposal, Decimal("12000"))
    assert project.town_share == Decimal("6000.00")
    assert isinstance(project.town_share, Decimal)
    stored = FiftyFiftyProject.objects.values_list("total_budget", "town_share").get(
        proposal=proposal
    )
    assert stored == (Decimal("12000.00"), Decimal("6000.00"))


def test_a_12000_euro_budget_gives_a_6000_euro_town_share_through_the_api(proposal):
    response = _api(proposal.author).post(
        "/api/v1/fifty-fifty/",
        {**APPLICATION, "proposal": proposal.pk, "total_budget": 12000},
        format="json",
    )
    assert response.status_code == 201, response.content
    properties = response.json()["properties"]
    assert properties["total_budget"] == 12000.0
    assert properties["town_share"] == 6000.0
    assert properties["status"] == "application"
    assert FiftyFiftyProject.objects.get(proposal=proposal).town_share == Decimal("6000.00")
    listed = _api().get("/api/v1/fifty-fifty/").json()["features"]
    assert [f["properties"]["town_share"] for f in listed if f["id"] == response.json()["id"]] == [
        6000.0
    ]


def test_the_town_share_sent_by_a_client_is_ignored(proposal):
    response = _api(proposal.author).post(
        "/api/v1/fifty-fifty/",
        {**APPLICATION, "proposal": proposal.pk, "total_budget": "1000", "town_share": "1000"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["properties"]["town_share"] == 500.0


@pytest.mark.parametrize(
    ("budget", "field_error"),
    [
        ("0", "supérieur à 0"),
        ("-50", "supérieur à 0"),
        ("NaN", "nombre"),
        ("douze mille", "nombre"),
        ("12,345", "deux décimales"),
        ("5000000", "au plus"),
        ("", "budget total"),
    ],
)
def test_a_budget_that_is_not_a_positive_bounded_amount_is_refused(proposal, budget, field_error):
    with pytest.raises(ValidationError) as refused:
        _apply(proposal, budget)
    assert field_error in " ".join(refused.value.message_dict["total_budget"])
    assert not FiftyFiftyProject.objects.filter(proposal=proposal).exists()


def test_a_budget_in_french_writing_is_read_as_euros_and_cents(proposal):
    project = _apply(proposal, "12\u202f000,50 €")
    assert project.total_budget == Decimal("12000.50")
    assert project.town_share == Decimal("6000.25")


def test_a_float_budget_is_refused_by_the_service(proposal):
    with pytest.raises(ValidationError):
        _apply(proposal, 12000.0)


def test_only_the_author_applies_and_only_once(proposal):
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        fifty_fifty_apply(proposal=proposal, user=other, **{**APPLICATION, "total_budget": "1000"})
    _apply(proposal)
    with pytest.raises(ValidationError, match="déjà"):
        _apply(proposal)
    assert FiftyFiftyProject.objects.filter(proposal=proposal).count() == 1


def test_a_withdrawn_or_hidden_proposal_cannot_apply(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status="withdrawn")
    with pytest.raises(ValidationError, match="retirée ou masquée"):
        _apply(proposal)
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted", is_hidden=True)
    with pytest.raises(ValidationError, match="retirée ou masquée"):
        _apply(proposal)


def test_an_invalid_contact_email_is_refused_with_a_sentence(proposal):
    response = _api(proposal.author).post(
        "/api/v1/fifty-fifty/",
        {**APPLICATION, "proposal": proposal.pk, "total_budget": 1000, "contact_email": "a@"},
        format="json",
    )
    assert response.status_code == 400
    assert "adresse" in json.dumps(response.json(), ensure_ascii=False)
    assert not FiftyFiftyProject.objects.filter(proposal=proposal).exists()


def test_planners_move_a_project_along_its_steps_with_their_dates(proposal, planner):
    project = _apply(proposal)
    fifty_fifty_move(project=project, planner=planner, status="approved")
    assert project.status == "approved" and project.approved_at and project.decided_by == planner
    with pytest.raises(ValidationError, match="ne peut pas devenir"):
        fifty_fifty_move(project=project, planner=planner, status="completed")
    fifty_fifty_move(project=project, planner=planner, status="funded")
    fifty_fifty_move(project=project, planner=planner, status="completed")
    project.refresh_from_db()
    assert project.status == "completed" and project.funded_at and project.completed_at


def test_a_refusal_needs_a_reason_and_a_resident_cannot_decide(proposal, planner):
    project = _apply(proposal)
    with pytest.raises(PermissionDenied):
        fifty_fifty_move(project=project, planner=proposal.author, status="approved")
    with pytest.raises(ValidationError) as refused:
        fifty_fifty_move(project=project, planner=planner, status="refused", reason="  ")
    assert "raison" in refused.value.message_dict["reason"][0]
    fifty_fifty_move(
        project=project, planner=planner, status="refused", reason="Hors du champ du dispositif."
    )
    assert project.status == "refused" and project.refused_at
    assert project.refusal_reason == "Hors du champ du dispositif."


def test_the_api_status_action_is_for_planners_and_says_why_it_refuses(proposal, planner):
    project = _apply(proposal)
    url = f"/api/v1/fifty-fifty/{project.pk}/status/"
    assert _api(proposal.author).post(url, {"status": "approved"}, format="json").status_code == 403
    refused = _api(planner).post(url, {"status": "refused"}, format="json")
    assert refused.status_code == 400
    assert "raison" in json.dumps(refused.json(), ensure_ascii=False)
    moved = _api(planner).post(url, {"status": "approved"}, format="json")
    assert moved.status_code == 200
    assert moved.json()["properties"]["status"] == "approved"


def test_the_applicant_corrects_the_application_only_while_it_waits(proposal, planner):
    project = _apply(proposal)
    fifty_fifty_update(project=project, user=proposal.author, total_budget="8000")
    assert project.town_share == Decimal("4000.00")
    with pytest.raises(PermissionDenied):
        fifty_fifty_update(project=project, user=planner, total_budget="9000")
    fifty_fifty_move(project=project, planner=planner, status="approved")
    with pytest.raises(ValidationError, match="plus être modifiée"):
        fifty_fifty_update(project=project, user=proposal.author, total_budget="9000")


def test_the_contact_is_shown_to_planners_and_the_applicant_only(proposal, planner, client):
    project = _apply(proposal)
    url = f"/api/v1/fifty-fifty/{project.pk}/"
    assert "contact_email" not in _api().get(url).json()["properties"]
    assert "contact_email" not in _api(UserFactory()).get(url).json()["properties"]
    assert _api(proposal.author).get(url).json()["properties"]["contact_email"] == CONTACT_EMAIL
    assert _api(planner).get(url).json()["properties"]["contact_email"] == CONTACT_EMAIL
    # Neither the public files nor the public page show it.
    assert CONTACT_EMAIL not in body(client.get("/exports/fifty-fifty.geojson")).decode()
    assert CONTACT_EMAIL not in body(client.get("/exports/fifty-fifty.csv")).decode()
    assert CONTACT_EMAIL not in client.get(project.get_absolute_url()).content.decode()
    client.force_login(proposal.author)
    assert CONTACT_EMAIL in client.get(project.get_absolute_url()).content.decode()


def test_the_api_features_carry_the_proposal_geometry(proposal):
    project = _apply(proposal)
    feature = _api().get(f"/api/v1/fifty-fifty/{project.pk}/").json()
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] == "Point"
    assert feature["properties"]["proposal"] == proposal.pk


def test_totals_per_year_count_approved_funded_and_completed_by_year_of_approval(
    proposal, planner, loos
):
    demo = {row["year"]: row for row in fifty_fifty_totals_per_year(loos)}
    project = _apply(proposal, "12000")
    waiting = _apply(ProposalFactory(commune=loos), "5000")
    fifty_fifty_move(project=project, planner=planner, status="approved")
    FiftyFiftyProject.objects.filter(pk=project.pk).update(
        approved_at=datetime(2024, 12, 31, 23, 30, tzinfo=PARIS)
    )
    rows = {row["year"]: row for row in fifty_fifty_totals_per_year(loos)}
    before = demo.get(2024, {"count": 0, "total_budget": 0, "town_share": 0})
    assert rows[2024]["count"] == before["count"] + 1
    assert rows[2024]["total_budget"] == before["total_budget"] + Decimal("12000.00")
    assert rows[2024]["town_share"] == before["town_share"] + Decimal("6000.00")
    assert waiting.status == "application"
    assert (
        sum(row["count"] for row in rows.values()) == sum(row["count"] for row in demo.values()) + 1
    )
    assert fifty_fifty_totals_per_year(None) == fifty_fifty_totals_per_year(loos)


def test_the_list_shows_the_totals_in_french_format(client, proposal, planner):
    project = _apply(proposal, "12000")
    fifty_fifty_move(project=project, planner=planner, status="approved")
    page = client.get("/fifty-fifty/")
    assert page.status_code == 200
    text = page.content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert "12 000,00 €" in text and "6 000,00 €" in text
    assert proposal.title in text
    only_refused = client.get("/fifty-fifty/?status=refused").content.decode()
    assert proposal.title not in only_refused


def test_the_author_applies_from_the_proposal_page(client, proposal):
    client.force_login(proposal.author)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert f"/proposals/{proposal.pk}/fifty-fifty/" in page
    response = client.post(
        f"/proposals/{proposal.pk}/fifty-fifty/", {**APPLICATION, "total_budget": "12 000"}
    )
    project = FiftyFiftyProject.objects.get(proposal=proposal)
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    page = client.get(proposal.get_absolute_url()).content.decode().replace("\u202f", " ")
    assert "Demande" in page or "demande" in page
    assert "6 000,00" in page.replace("\xa0", " ")


def test_a_bad_application_form_says_why_and_stores_nothing(client, proposal):
    client.force_login(proposal.author)
    response = client.post(
        f"/proposals/{proposal.pk}/fifty-fifty/", {**APPLICATION, "total_budget": "0"}
    )
    assert response.status_code == 400
    assert "supérieur à 0" in response.content.decode()
    assert not FiftyFiftyProject.objects.filter(proposal=proposal).exists()


def test_someone_else_cannot_open_the_application_form(client, proposal):
    client.force_login(UserFactory())
    assert client.get(f"/proposals/{proposal.pk}/fifty-fifty/").status_code == 403


def test_a_planner_refuses_from_the_page_with_a_reason(client, proposal, planner):
    project = _apply(proposal)
    client.force_login(planner)
    url = f"/fifty-fifty/{project.pk}/status/"
    assert client.post(url, {"status": "refused", "reason": ""}).status_code == 400
    response = client.post(url, {"status": "refused", "reason": "Budget hors dispositif."})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == "refused"
    assert "Budget hors dispositif." in client.get(project.get_absolute_url()).content.decode()


def test_the_erasure_keeps_the_project_and_removes_its_contact(proposal):
    project = _apply(proposal)
    part = next(p for p in parts() if p.key == "fifty_fifty")
    assert part.export(proposal.author)[0]["contact_email"] == CONTACT_EMAIL
    part.erase(proposal.author)
    project.refresh_from_db()
    assert project.contact_email == "" and project.contact_name == ""
    assert project.town_share == Decimal("6000.00")


def test_a_hidden_proposal_hides_its_project_from_the_public(client, proposal, planner):
    project = _apply(proposal)
    Proposal.objects.filter(pk=proposal.pk).update(is_hidden=True)
    assert client.get(project.get_absolute_url()).status_code == 404
    ids = [f["id"] for f in _api().get("/api/v1/fifty-fifty/").json()["features"]]
    assert project.pk not in ids
    assert project.pk in [
        f["id"] for f in _api(planner).get("/api/v1/fifty-fifty/").json()["features"]
    ]
