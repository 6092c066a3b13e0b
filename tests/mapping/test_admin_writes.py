"""The admin writes proposals through the services: same rules, and the history is kept."""

from django.contrib.auth.models import Group

from accounts.roles import Role
from mapping.models import Proposal, ProposalStatusChange
from tests.accounts.factories import UserFactory
from tests.geometries import square
from tests.land_use.parcels import LENS
from tests.mapping.factories import ProposalFactory


def _planner_client(client):
    planner = UserFactory(is_staff=True)
    planner.groups.add(Group.objects.get(name=Role.PLANNER))
    client.force_login(planner)
    return planner


def _form(proposal, **changes):
    data = {
        "consultation": proposal.consultation_id or "",
        "title": proposal.title,
        "description": proposal.description,
        "category": proposal.category,
        "geometry": proposal.geometry.ewkt,
        "status": proposal.status,
        "answer": proposal.answer,
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_status_changed_in_the_admin_is_recorded_with_who_and_the_answer(client, loos):
    planner = _planner_client(client)
    proposal = ProposalFactory(commune=loos)
    answer = "Retenue : un banc sera posé au printemps."
    response = client.post(
        f"/admin/mapping/proposal/{proposal.pk}/change/",
        _form(proposal, status="accepted", answer=answer),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.answered_by) == ("accepted", planner)
    change = ProposalStatusChange.objects.get(proposal=proposal, to_status="accepted")
    assert (change.from_status, change.changed_by, change.note) == ("submitted", planner, answer)


def test_the_admin_refuses_a_decision_without_a_public_answer_and_stores_nothing(client, loos):
    _planner_client(client)
    proposal = ProposalFactory(commune=loos)
    response = client.post(
        f"/admin/mapping/proposal/{proposal.pk}/change/", _form(proposal, status="rejected")
    )
    assert response.status_code == 200
    # The database's own rule, named in words (the service says the same in the API).
    assert "qu’avec une réponse publique" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert not ProposalStatusChange.objects.filter(proposal=proposal, to_status="rejected")


def test_the_admin_refuses_a_drawing_outside_the_commune_as_the_map_does(client, loos):
    _planner_client(client)
    proposal = ProposalFactory(commune=loos)
    outside = square(*LENS)
    response = client.post(
        f"/admin/mapping/proposal/{proposal.pk}/change/",
        _form(proposal, geometry=outside.ewkt),
    )
    assert response.status_code == 200
    assert "sort de Loos-en-Gohelle" in response.content.decode()
    proposal.refresh_from_db()
    assert not proposal.geometry.equals(outside)


def test_proposals_are_neither_added_nor_deleted_in_the_admin(admin_client, loos):
    proposal = ProposalFactory(commune=loos)
    assert admin_client.get("/admin/mapping/proposal/add/").status_code == 403
    assert admin_client.post(f"/admin/mapping/proposal/{proposal.pk}/delete/").status_code == 403
    assert Proposal.objects.filter(pk=proposal.pk).exists()


def test_the_staff_service_refuses_a_decision_without_an_answer_in_words(loos):
    from django.core.exceptions import ValidationError

    from mapping.services import proposal_staff_update

    planner = UserFactory()
    planner.groups.add(Group.objects.get(name=Role.PLANNER))
    proposal = ProposalFactory(commune=loos)
    try:
        proposal_staff_update(proposal=proposal, actor=planner, changes={"status": "rejected"})
    except ValidationError as error:
        assert "Rédigez la réponse publique" in error.message_dict["answer"][0]
    else:
        raise AssertionError("a decision without an answer was accepted")
    assert not ProposalStatusChange.objects.filter(proposal=proposal, to_status="rejected")


def test_a_moderator_may_hide_a_proposal_but_not_answer_it(loos):
    import pytest
    from django.core.exceptions import PermissionDenied

    from mapping.services import proposal_staff_update

    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name=Role.MODERATOR))
    proposal = ProposalFactory(commune=loos)
    proposal_staff_update(proposal=proposal, actor=moderator, changes={"is_hidden": True})
    proposal.refresh_from_db()
    assert proposal.is_hidden
    with pytest.raises(PermissionDenied):
        proposal_staff_update(
            proposal=proposal, actor=moderator, changes={"status": "accepted", "answer": "Oui"}
        )


def test_the_admin_writes_consultations_through_the_service_and_takes_no_report_file(client, loos):
    """A consultation edited in the admin obeys consultation_update (its sentence on the
    form), and the report cannot be uploaded there, past the PDF checks of the register."""
    from mapping.models import Consultation
    from tests.mapping.factories import ConsultationFactory

    _planner_client(client)
    consultation = ConsultationFactory(commune=loos, title="Avant")
    url = f"/admin/mapping/consultation/{consultation.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="report"' not in page
    data = {
        "title": "Après",
        "description": "L’enquête publique sur le projet de PLU révisé.",
        "kind": "inquiry",
        "opens_at_0": "03/03/2027",
        "opens_at_1": "09:00",
        "closes_at_0": "01/03/2027",
        "closes_at_1": "17:00",
        "plan": "",
        "publication_delay_hours": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "doit se clore après son ouverture" in response.content.decode()
    assert Consultation.objects.get(pk=consultation.pk).title == "Avant"
    data["closes_at_0"] = "04/04/2027"
    assert client.post(url, data).status_code == 302
    assert Consultation.objects.get(pk=consultation.pk).title == "Après"
