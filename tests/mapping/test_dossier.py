"""The record of a consultation (bilan de la concertation): grouped by zone, with the answer rate
and the figures by category, as a printable page, a GeoPackage and a CSV."""

import csv
import io
import re
import sqlite3

import pytest
from django.contrib.gis.geos import Point

from heritage.models import HeritageSite
from mapping.dossier import consultation_dossier
from mapping.models import Comment
from mapping.services import proposal_refresh_spatial_links
from tests.accounts.factories import UserFactory
from tests.mapping.export_helpers import body, planner, saved
from tests.mapping.factories import ConsultationFactory, ProposalFactory
from tests.mapping.test_zone_shares import LAMBERT_93, centre_l93, l93_box, two_zones, wgs84


@pytest.fixture
def consultation(loos):
    """A consultation on a plan of two zones, 1AUh west and N east, with three proposals."""
    x0, y0 = centre_l93()
    two_zones(loos, x0=x0, y0=y0)
    HeritageSite.objects.filter(commune=loos).delete()
    consultation = ConsultationFactory(commune=loos, title="Révision du PLU 2026")
    author = UserFactory(username="habitante", email="habitante@example.org")

    def propose(title, category, geometry, **fields):
        proposal = ProposalFactory(
            commune=loos,
            consultation=consultation,
            author=author,
            title=title,
            category=category,
            geometry=wgs84(geometry),
            **fields,
        )
        proposal_refresh_spatial_links(proposal=proposal)
        return proposal

    across = propose(
        "Un écoquartier à la lisière",
        "housing",
        l93_box(x0 - 400, y0 - 50, x0 + 100, y0 + 50),
        status="accepted",
        answer="Retenu : l’orientation d’aménagement le prévoit.",
    )
    Comment.objects.create(proposal=across, author=UserFactory(), body="D’accord.")
    propose(
        "Une piste cyclable vers Lens",
        "mobility",
        Point(x0 + 200, y0, srid=LAMBERT_93),
    )
    propose(
        "Des maisons en bande",
        "housing",
        Point(x0 - 200, y0, srid=LAMBERT_93),
        status="rejected",
        answer="Non retenu : la zone est réservée aux jardins.",
    )
    propose("Retirée", "other", Point(x0 - 100, y0, srid=LAMBERT_93), status="withdrawn")
    propose("Masquée", "other", Point(x0 - 100, y0, srid=LAMBERT_93), is_hidden=True)
    return consultation


def test_the_dossier_groups_the_proposals_by_zone_with_their_shares(consultation):
    dossier = consultation_dossier(consultation=consultation, user=UserFactory())
    by_zone = {
        section.zone.libelle: {entry.proposal.title: entry.share for entry in section.entries}
        for section in dossier.zone_sections
    }
    # The area across the border appears in both zones, with its share in each.
    assert by_zone == {
        "1AUh": {"Un écoquartier à la lisière": 80, "Des maisons en bande": 100},
        "N": {"Un écoquartier à la lisière": 20, "Une piste cyclable vers Lens": 100},
    }


def test_the_dossier_gives_the_answer_rate_and_the_figures_by_category(consultation):
    dossier = consultation_dossier(consultation=consultation, user=UserFactory())
    # Withdrawn and hidden proposals are not in the public record.
    assert dossier.proposals == 3
    assert dossier.answered == 2
    assert str(dossier.answer_rate) == "66.7"
    assert [(f.category, f.proposals, f.answered) for f in dossier.categories] == [
        ("housing", 2, 2),
        ("mobility", 1, 0),
    ]


def test_the_printable_page_says_it_in_french_with_a_section_and_a_map_per_zone(
    client, consultation
):
    response = client.get(f"/consultations/{consultation.pk}/dossier/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bilan de la concertation" in html
    assert "Révision du PLU 2026" in html
    assert "3 propositions" in html
    assert "taux de réponse : 66,7\u00a0%" in html
    assert "Zone 1AUh" in html and "Zone N" in html
    assert html.count('class="dossier__zone"') == 2
    assert html.count('class="folium-map"') == 2
    assert "80\u00a0%" in html and "20\u00a0%" in html
    assert "Retenu : l’orientation d’aménagement le prévoit." in html
    assert "Retirée" not in html and "Masquée" not in html
    # Every inline script of the page carries the request's nonce (the CSP allows no other).
    nonce = response.wsgi_request.csp_nonce
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert inline and all(f'nonce="{nonce}"' in tag for tag in inline)


def test_the_geopackage_holds_the_shares_in_lambert_93_and_a_qgis_style(client, consultation):
    response = client.get(f"/consultations/{consultation.pk}/dossier.gpkg")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'_bilan_concertation_{consultation.pk}.gpkg"')
    with sqlite3.connect(saved(body(response), ".gpkg")) as db:
        rows = db.execute(
            "SELECT title, zone, zone_share, answer FROM dossier_proposals ORDER BY title, zone"
        ).fetchall()
        srs = dict(db.execute("SELECT table_name, srs_id FROM gpkg_geometry_columns").fetchall())
        styles = db.execute("SELECT f_table_name, styleQML FROM layer_styles").fetchall()
        columns = {row[1] for row in db.execute("PRAGMA table_info(dossier_proposals)")}
    assert rows == [
        ("Des maisons en bande", "1AUh", 100.0, "Non retenu : la zone est réservée aux jardins."),
        (
            "Un écoquartier à la lisière",
            "1AUh",
            80.0,
            "Retenu : l’orientation d’aménagement le prévoit.",
        ),
        (
            "Un écoquartier à la lisière",
            "N",
            20.0,
            "Retenu : l’orientation d’aménagement le prévoit.",
        ),
        ("Une piste cyclable vers Lens", "N", 100.0, ""),
    ]
    assert srs == {"dossier_proposals": 2154, "dossier_zones": 2154}
    assert {name for name, _qml in styles} == {"dossier_proposals", "dossier_zones"}
    assert all("<qgis" in qml for _name, qml in styles)
    assert "author_email" not in columns  # the public file: public columns only


def test_the_csv_has_the_answers_and_only_planners_get_the_authors_accounts(client, consultation):
    def rows():
        response = client.get(f"/consultations/{consultation.pk}/dossier.csv")
        assert response.status_code == 200
        return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))

    public = rows()
    answers = {(row["title"], row["zone"]): row["answer"] for row in public}
    assert answers[("Des maisons en bande", "1AUh")] == (
        "Non retenu : la zone est réservée aux jardins."
    )
    assert answers[("Un écoquartier à la lisière", "N")].startswith("Retenu")
    assert {row["zone_share"] for row in public if row["title"].startswith("Un éco")} == {
        "80.0",
        "20.0",
    }
    assert "author_email" not in public[0]
    client.force_login(planner())
    planned = rows()
    assert {row["author_email"] for row in planned} == {"habitante@example.org"}


def test_a_cell_that_would_be_a_formula_is_neutralised_in_the_csv(client, consultation):
    ProposalFactory(
        commune=consultation.commune,
        consultation=consultation,
        title='=HYPERLINK("http://example.org")',
    )
    text = body(client.get(f"/consultations/{consultation.pk}/dossier.csv")).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_an_unknown_consultation_has_no_dossier(client, loos):
    assert client.get("/consultations/999999/dossier/").status_code == 404
