"""The planners' review queue (/review/): filters, sorting, counts, assigning and answering."""

from datetime import timedelta

import pytest
from django.utils import timezone

from heritage.models import HeritageSite
from land_use.models import Zone
from mapping.models import Consultation, Proposal, ProposalStatusChange, Support
from mapping.services import (
    proposal_assign,
    proposal_refresh_spatial_links,
    proposal_staff_update,
)
from tests.accounts.factories import UserFactory
from tests.land_use.factories import planner
from tests.mapping.factories import CommentFactory, ConsultationFactory, ProposalFactory

REVIEW = "/review/"


def _titles(response) -> list[str]:
    return [proposal.title for proposal in response.context["page"].object_list]


def _supported(proposal, count):
    for _index in range(count):
        Support.objects.create(proposal=proposal, user=UserFactory())


@pytest.fixture
def review(loos):
    """A consultation of Loos with four proposals set in known zones, statuses and supports."""
    consultation = ConsultationFactory(commune=loos)
    site = HeritageSite.objects.in_commune(loos).filter(protection_perimeter__isnull=False)[0]
    zones = Zone.objects.in_commune(loos).exclude(geometry__intersects=site.geometry)
    zone_a, zone_b = zones.order_by("libelle")[:2]
    alice = planner(display_name="Alice Urbaniste")
    bruno = planner(display_name="Bruno Urbaniste")
    now = timezone.now()

    def proposal(title, *, where, category="public_space", days_ago, **fields):
        made = ProposalFactory(
            commune=loos,
            consultation=consultation,
            title=title,
            category=category,
            geometry=where.point_on_surface,
            **fields,
        )
        Proposal.objects.filter(pk=made.pk).update(created_at=now - timedelta(days=days_ago))
        proposal_refresh_spatial_links(proposal=made)
        return made

    bench = proposal("Un banc", where=zone_a.geometry, days_ago=10, assignee=alice)
    orchard = proposal("Un verger", where=zone_b.geometry, category="nature", days_ago=5)
    path = proposal(
        "Un chemin", where=zone_a.geometry, category="mobility", days_ago=1, assignee=bruno
    )
    church = proposal("Près de l'église", where=site.geometry, category="heritage", days_ago=20)
    Proposal.objects.filter(pk=path.pk).update(status="under_review")
    _supported(orchard, 3)
    _supported(bench, 1)
    CommentFactory(proposal=orchard)
    CommentFactory(proposal=orchard, deleted_at=now)
    # Another consultation's proposal and a withdrawn one never show by default.
    past = now - timedelta(days=400)
    ProposalFactory(
        commune=loos,
        title="D'une autre consultation",
        consultation=ConsultationFactory(
            commune=loos, opens_at=past, closes_at=past + timedelta(days=30)
        ),
    )
    proposal("Retirée", where=zone_b.geometry, days_ago=2, status="withdrawn")
    return {
        "consultation": consultation,
        "zones": (zone_a, zone_b),
        "site": site,
        "alice": alice,
        "bruno": bruno,
        "proposals": {"bench": bench, "orchard": orchard, "path": path, "church": church},
    }


def test_a_resident_is_refused_the_queue_with_a_sentence(client, review):
    client.force_login(UserFactory())
    response = client.get(REVIEW)
    assert response.status_code == 403
    assert "La file d’examen est réservée aux urbanistes de la commune." in response.text


def test_an_anonymous_visitor_is_sent_to_log_in(client, review):
    response = client.get(REVIEW)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/review/")


def test_the_queue_opens_on_the_open_consultation_with_rows_as_planners_read_them(client, review):
    client.force_login(review["alice"])
    response = client.get(REVIEW)
    assert response.status_code == 200
    assert response.context["consultation"] == review["consultation"]
    assert _titles(response) == ["Un chemin", "Un verger", "Un banc", "Près de l'église"]
    page = response.text
    orchard = review["proposals"]["orchard"]
    assert f'href="/proposals/{orchard.pk}/"' in page
    assert "<caption" in page and 'scope="col"' in page and 'scope="row"' in page
    row = page.split(f'id="proposal-{orchard.pk}"')[1].split("</tr>")[0]
    assert "Nature et biodiversité" in row
    assert review["zones"][1].libelle in row
    assert '<td data-label="Soutiens" class="review__number">3</td>' in row
    # The deleted comment is not counted.
    assert '<td data-label="Commentaires" class="review__number">1</td>' in row
    church = review["proposals"]["church"]
    church_row = page.split(f'id="proposal-{church.pk}"')[1].split("</tr>")[0]
    assert f"{review['site'].name} (abords)" in church_row
    created = (timezone.now() - timedelta(days=20)).astimezone(timezone.get_current_timezone())
    months = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
    assert f"{created.day} {months.split()[created.month - 1]} {created.year}" in church_row
    # The header links planners to their queue.
    assert 'href="/review/"' in page


def test_the_queue_falls_back_to_the_latest_consultation_when_none_is_open(client, loos):
    past = timezone.now() - timedelta(days=400)
    # The demonstration data's consultation closed long ago too.
    Consultation.objects.filter(commune=loos).update(
        opens_at=past - timedelta(days=900), closes_at=past - timedelta(days=800)
    )
    ConsultationFactory(commune=loos, opens_at=past, closes_at=past + timedelta(days=30))
    latest = ConsultationFactory(
        commune=loos, opens_at=past + timedelta(days=100), closes_at=past + timedelta(days=130)
    )
    client.force_login(planner())
    response = client.get(REVIEW)
    assert response.context["consultation"] == latest
    assert f'<option value="{latest.pk}" selected>' in response.text


def test_the_selector_opens_another_consultation_of_the_commune(client, review, loos):
    past = timezone.now() - timedelta(days=400)
    earlier = ConsultationFactory(
        commune=loos, opens_at=past, closes_at=past + timedelta(days=30), title="Bilan 2025"
    )
    ProposalFactory(commune=loos, consultation=earlier, title="Une idée de 2025")
    client.force_login(review["alice"])
    response = client.get(REVIEW, {"consultation": earlier.pk})
    assert response.context["consultation"] == earlier
    assert _titles(response) == ["Une idée de 2025"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"category": "nature"}, ["Un verger"]),
        ({"status": "under_review"}, ["Un chemin"]),
        ({"status": "withdrawn"}, ["Retirée"]),
        ({"min_supports": "1"}, ["Un verger", "Un banc"]),
        ({"min_supports": "2"}, ["Un verger"]),
        ({"assignee": "unassigned"}, ["Un verger", "Près de l'église"]),
        ({"assignee": "mine"}, ["Un banc"]),
    ],
)
def test_each_filter_narrows_the_queue_to_exactly_its_proposals(client, review, query, expected):
    client.force_login(review["alice"])
    assert _titles(client.get(REVIEW, query)) == expected


def test_the_zone_filter_keeps_the_proposals_touching_that_zone(client, review):
    client.force_login(review["alice"])
    zone_a, zone_b = review["zones"]
    assert _titles(client.get(REVIEW, {"zone": zone_a.pk})) == ["Un chemin", "Un banc"]
    assert _titles(client.get(REVIEW, {"zone": zone_b.pk})) == ["Un verger"]


def test_the_assignee_filter_keeps_one_planners_proposals(client, review):
    client.force_login(review["alice"])
    assert _titles(client.get(REVIEW, {"assignee": review["bruno"].pk})) == ["Un chemin"]


def test_an_unknown_filter_value_is_reported_and_left_out(client, review):
    client.force_login(review["alice"])
    response = client.get(REVIEW, {"category": "casino", "min_supports": "2"})
    assert _titles(response) == ["Un verger"]
    assert "Sélectionnez un choix valide" in response.text


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["Un chemin", "Un verger", "Un banc", "Près de l'église"]),
        ("oldest", ["Près de l'église", "Un banc", "Un verger", "Un chemin"]),
        ("supported", ["Un verger", "Un banc", "Un chemin", "Près de l'église"]),
        ("status", ["Un verger", "Un banc", "Près de l'église", "Un chemin"]),
    ],
)
def test_each_sort_order(client, review, sort, expected):
    client.force_login(review["alice"])
    assert _titles(client.get(REVIEW, {"sort": sort})) == expected


def test_the_counts_of_a_known_set(client, review):
    """Four proposals received (the withdrawn one aside); two answered, after 2 and 6 days."""
    alice = review["alice"]

    for key, days_after in (("bench", 2), ("church", 6)):
        proposal = review["proposals"][key]
        proposal_staff_update(
            proposal=proposal,
            actor=alice,
            changes={"status": "accepted", "answer": "Nous l'inscrivons au plan."},
        )
        created = Proposal.objects.get(pk=proposal.pk).created_at
        ProposalStatusChange.objects.filter(proposal=proposal).update(
            changed_at=created + timedelta(days=days_after)
        )
    client.force_login(alice)
    counts = client.get(REVIEW).context["counts"]
    assert counts == {"received": 4, "answered": 2, "answer_rate": 50.0, "median_days": 4.0}
    page = client.get(REVIEW).text
    assert "50,0&nbsp;%" in page
    assert "<dd>4,0</dd>" in page


def test_assigning_records_the_planner_and_keeps_the_filters(client, review):
    alice, bruno = review["alice"], review["bruno"]
    orchard = review["proposals"]["orchard"]
    client.force_login(alice)
    response = client.post(
        f"/review/{orchard.pk}/assign/?category=nature&sort=oldest", {"assignee": bruno.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/review/?category=nature&sort=oldest#proposal-{orchard.pk}"
    orchard.refresh_from_db()
    assert orchard.assignee == bruno


def test_assigning_to_a_resident_is_refused_with_a_sentence(client, review):
    orchard = review["proposals"]["orchard"]
    resident = UserFactory(display_name="Rémi Habitant")
    client.force_login(review["alice"])
    response = client.post(f"/review/{orchard.pk}/assign/", {"assignee": resident.pk})
    assert response.status_code == 400
    assert "Choisissez l’un des urbanistes de la commune dans la liste." in response.text
    orchard.refresh_from_db()
    assert orchard.assignee is None


def test_the_assign_service_refuses_a_non_planner_assignee(review):
    from django.core.exceptions import ValidationError

    resident = UserFactory(display_name="Rémi Habitant")
    with pytest.raises(ValidationError) as refusal:
        proposal_assign(
            proposal=review["proposals"]["orchard"], planner=review["alice"], assignee=resident
        )
    assert refusal.value.message_dict["assignee"] == [
        "Rémi Habitant n’est pas urbaniste de la commune : une proposition ne peut être confiée "
        "qu’à un urbaniste."
    ]


def test_a_resident_cannot_assign(client, review):
    orchard = review["proposals"]["orchard"]
    client.force_login(UserFactory())
    response = client.post(f"/review/{orchard.pk}/assign/", {"assignee": review["alice"].pk})
    assert response.status_code == 403
    orchard.refresh_from_db()
    assert orchard.assignee is None


def test_answering_from_the_queue_stores_the_answer_with_its_history_and_keeps_the_filters(
    client, review
):
    alice = review["alice"]
    orchard = review["proposals"]["orchard"]
    client.force_login(alice)
    response = client.post(
        f"/review/{orchard.pk}/answer/?category=nature&min_supports=2",
        {"status": "accepted", "answer": "Le verger sera planté au printemps."},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/review/?category=nature&min_supports=2#proposal-{orchard.pk}"
    orchard.refresh_from_db()
    assert orchard.status == "accepted"
    assert orchard.answer == "Le verger sera planté au printemps."
    assert orchard.answered_by == alice
    change = ProposalStatusChange.objects.get(proposal=orchard)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "submitted",
        "accepted",
        alice,
    )
    followed = client.get(response["Location"])
    assert "La réponse à « Un verger » est enregistrée." in followed.text


def test_accepting_without_an_answer_is_refused_next_to_that_row_and_nothing_is_stored(
    client, review
):
    orchard, bench = review["proposals"]["orchard"], review["proposals"]["bench"]
    client.force_login(review["alice"])
    response = client.post(
        f"/review/{orchard.pk}/answer/?sort=oldest", {"status": "accepted", "answer": "  "}
    )
    assert response.status_code == 400
    sentence = (
        "Rédigez la réponse publique : chaque décision sur une proposition est expliquée aux "
        "habitants."
    )
    row = response.text.split(f'id="proposal-{orchard.pk}"')[1].split("</tr>")[0]
    assert sentence in row
    other_row = response.text.split(f'id="proposal-{bench.pk}"')[1].split("</tr>")[0]
    assert sentence not in other_row
    # The queue keeps its sort order, and the next try posts with it again.
    assert _titles(response)[0] == "Près de l'église"
    assert f'action="/review/{orchard.pk}/answer/?sort=oldest"' in row
    orchard.refresh_from_db()
    assert (orchard.status, orchard.answer) == ("submitted", "")
    assert not ProposalStatusChange.objects.filter(proposal=orchard).exists()


def test_the_queue_is_paginated(client, review):
    for index in range(25):
        ProposalFactory(
            commune=review["consultation"].commune,
            consultation=review["consultation"],
            title=f"Idée {index}",
        )
    client.force_login(review["alice"])
    first = client.get(REVIEW, {"category": "public_space"})
    assert len(_titles(first)) == 20
    assert "page=2" in first.text and "category=public_space" in first.text
    second = client.get(REVIEW, {"category": "public_space", "page": 2})
    assert len(_titles(second)) == 6


def test_a_planner_erasing_their_account_hands_their_proposals_back_to_the_queue(review):
    from accounts.personal_data import parts

    alice = review["alice"]
    part = next(part for part in parts() if part.key == "assigned_proposals")
    assert part.export(alice) == [{"proposal": review["proposals"]["bench"].pk, "title": "Un banc"}]
    part.erase(alice)
    assert not Proposal.objects.filter(assignee=alice).exists()
