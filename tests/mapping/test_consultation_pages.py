"""Consultations run in the open: the list, a consultation's page, the planners' form, and a
proposal refused outside a consultation's dates."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from land_use.models import PlanDocument
from mapping.models import Consultation, Proposal
from mapping.services import proposal_create
from territory.webmap.assets import asset_urls
from tests.accounts.factories import UserFactory
from tests.geometries import TOWN_CENTRE
from tests.mapping.factories import ConsultationFactory, ProposalFactory

PARIS = ZoneInfo("Europe/Paris")


def _with_role(role: Role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def _form(**overrides) -> dict:
    values = {
        "title": "Révision du PLU 2027",
        "description": "Donnez votre avis sur les zones à urbaniser.",
        "kind": "concertation",
        "opens_at": "2027-03-03T09:00",
        "closes_at": "2027-04-04T17:00",
        "plan": "",
        "publication_delay_hours": "0",
    }
    values.update(overrides)
    return values


def test_the_list_groups_open_upcoming_and_closed_consultations_with_french_dates(client, loos):
    now = timezone.now()
    ConsultationFactory(commune=loos, title="Ouverte maintenant")
    ConsultationFactory(
        commune=loos,
        title="Bientôt",
        opens_at=datetime(2031, 3, 3, 9, tzinfo=PARIS),
        closes_at=datetime(2031, 4, 4, 17, tzinfo=PARIS),
    )
    ConsultationFactory(
        commune=loos,
        title="Terminée",
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=10),
    )
    html = client.get("/consultations/").content.decode()
    open_part, rest = html.split('<h2 id="upcoming-title">')
    upcoming_part, closed_part = rest.split('<h2 id="closed-title">')
    assert "Ouverte maintenant" in open_part and "Bientôt" not in open_part
    assert "Bientôt" in upcoming_part and "Terminée" not in upcoming_part
    assert "Terminée" in closed_part and "Ouverte maintenant" not in closed_part
    assert "Du 3 mars 2031 au 4 avril 2031" in upcoming_part
    assert 'href="/consultations/"' in html  # the menu links to the list


def test_the_list_shows_only_the_consultations_of_the_commune_served(client, loos):
    from territory.models import Commune

    other = Commune.objects.create(
        insee="62001", name="Ailleurs", boundary=loos.boundary, projected_srid=2154
    )
    ConsultationFactory(commune=other, title="Consultation d'ailleurs")
    assert "Consultation d'ailleurs" not in client.get("/consultations/").content.decode()


def test_the_page_shows_dates_plan_document_map_with_local_assets_and_the_count(client, loos):
    plan = PlanDocument.objects.create(
        commune=loos,
        idurba="62528_PLU_20270303",
        typedoc="PLU",
        etat="01",
        urlplan="https://example.org/plu.pdf",
    )
    consultation = ConsultationFactory(
        commune=loos,
        plan=plan,
        description="Les zones AU en question.",
        opens_at=datetime(2026, 3, 3, 9, tzinfo=PARIS),
        closes_at=datetime(2030, 4, 4, 17, tzinfo=PARIS),
    )
    shown = ProposalFactory(commune=loos, consultation=consultation, title="Une haie ici")
    ProposalFactory(commune=loos, consultation=consultation)
    response = client.get(f"/consultations/{consultation.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Les zones AU en question." in html
    assert "3 mars 2026 à 9 h 00" in html and "4 avril 2030 à 17 h 00" in html
    assert "62528_PLU_20270303" in html and "En cours d’élaboration" in html
    assert "https://example.org/plu.pdf" in html
    assert '<dd id="proposal-count">2</dd>' in html
    assert shown.get_absolute_url() in html
    assert "L.map(" in html and "Une haie ici" in html
    urls = asset_urls(html)
    assert urls
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
    # The map's inline script carries the page's CSP nonce.
    assert f'<script nonce="{response.wsgi_request.csp_nonce}">' in html


def test_a_closed_consultation_shows_its_results_by_status_and_category(client, loos):
    now = timezone.now()
    consultation = ConsultationFactory(
        commune=loos, opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1)
    )
    ProposalFactory(commune=loos, consultation=consultation, category="energy")
    ProposalFactory(
        commune=loos,
        consultation=consultation,
        category="mobility",
        status=Proposal.Status.ACCEPTED,
        answer="Oui, la piste cyclable sera tracée.",
    )
    html = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert "Résultats" in html
    assert "2 propositions reçues." in html
    assert "un taux de réponse de 50 %" in html
    assert '<th scope="row">Retenue</th><td>1</td>' in html
    assert "Énergie" in html and "Mobilité" in html


def test_a_planner_creates_then_edits_a_consultation_from_the_form(client, loos):
    client.force_login(_with_role(Role.PLANNER))
    assert client.get("/consultations/new/").status_code == 200
    response = client.post("/consultations/new/", _form())
    consultation = Consultation.objects.get(title="Révision du PLU 2027")
    assert response.status_code == 302 and response["Location"] == consultation.get_absolute_url()
    assert consultation.commune == loos
    assert consultation.opens_at == datetime(2027, 3, 3, 9, tzinfo=PARIS)
    assert consultation.closes_at == datetime(2027, 4, 4, 17, tzinfo=PARIS)
    response = client.post(
        f"/consultations/{consultation.pk}/edit/",
        _form(title="Révision du PLU 2027 (prolongée)", closes_at="2027-04-11T17:00"),
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.title == "Révision du PLU 2027 (prolongée)"
    assert consultation.closes_at == datetime(2027, 4, 11, 17, tzinfo=PARIS)


def test_a_consultation_closing_before_it_opens_is_refused_with_a_sentence(client, loos):
    client.force_login(_with_role(Role.PLANNER))
    response = client.post("/consultations/new/", _form(closes_at="2027-03-01T17:00"))
    assert response.status_code == 400
    assert "doit se clore après son ouverture" in response.content.decode()
    assert not Consultation.objects.filter(title="Révision du PLU 2027").exists()


@pytest.mark.parametrize("path", ["/consultations/new/", "edit"])
def test_a_resident_may_not_create_or_edit_a_consultation(client, loos, path):
    consultation = ConsultationFactory(commune=loos, title="Avant")
    client.force_login(UserFactory())
    url = f"/consultations/{consultation.pk}/edit/" if path == "edit" else path
    assert client.get(url).status_code == 403
    assert client.post(url, _form(title="Piratée")).status_code == 403
    assert not Consultation.objects.filter(title="Piratée").exists()


def test_a_proposal_outside_the_consultation_dates_is_refused_with_the_dates(loos):
    consultation = ConsultationFactory(
        commune=loos,
        title="Révision 2031",
        opens_at=datetime(2031, 3, 3, 9, tzinfo=PARIS),
        closes_at=datetime(2031, 4, 4, 17, tzinfo=PARIS),
    )
    with pytest.raises(ValidationError) as refusal:
        proposal_create(
            author=UserFactory(),
            commune=loos,
            title="Un verger",
            description="Des pommiers pour tous.",
            category="nature",
            geometry=Point(*TOWN_CENTRE, srid=4326),
            consultation=consultation,
        )
    sentence = " ".join(refusal.value.messages)
    assert sentence == (
        "La consultation « Révision 2031 » n’est pas ouverte : elle se tient du 3 mars 2031 "
        "au 4 avril 2031."
    )
    assert not Proposal.objects.filter(title="Un verger").exists()


def test_the_api_gives_the_kind_and_publication_delay(client, loos):
    ConsultationFactory(commune=loos, kind="inquiry", publication_delay_hours=48)
    item = client.get("/api/v1/consultations/").json()["results"][0]
    assert item["kind"] == "inquiry" and item["publication_delay_hours"] == 48
    assert item["report"] is None


def test_the_consultation_page_links_its_record_printable_for_qgis_and_as_a_table(client, loos):
    from tests.mapping.factories import ConsultationFactory

    consultation = ConsultationFactory(commune=loos)
    page = client.get(consultation.get_absolute_url()).content.decode()
    for address in ("dossier/", "dossier.gpkg", "dossier.csv"):
        link = f"/consultations/{consultation.pk}/{address}"
        assert f'href="{link}"' in page
        assert client.get(link).status_code == 200
