"""A planner works through the review queue in Chromium, on a desktop and on a phone."""

import os
import re
from pathlib import Path

import pytest

from land_use.models import Zone
from mapping.models import Proposal, ProposalStatusChange, Support
from mapping.services import proposal_refresh_spatial_links
from tests.accounts.factories import UserFactory
from tests.browser.helpers import log_in, menu_link
from tests.browser.test_accessibility import _serious_violations
from tests.land_use.factories import planner
from tests.mapping.factories import ConsultationFactory, ProposalFactory

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Set SCREENSHOTS_DIR to keep what the planner saw, to look at on a phone and a desktop.
SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR")


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SCREENSHOTS) / f"{name}-{page.screen_name}.png", full_page=True)


@pytest.fixture(params=sorted(VIEWPORTS))
def screen(request, browser):
    context = browser.new_context(locale="fr-FR", viewport=VIEWPORTS[request.param])
    page = context.new_page()
    page.screen_name = request.param
    yield page
    context.close()


def _queue(loos):
    consultation = ConsultationFactory(commune=loos, title="Révision du PLU 2026")
    zone = Zone.objects.in_commune(loos).order_by("libelle").first()
    made = {}
    for title, category in (
        ("Un verger partagé rue de la Gare", "nature"),
        ("Une piste cyclable vers la base 11/19", "mobility"),
        ("Des bancs place de la République", "public_space"),
    ):
        proposal = ProposalFactory(
            commune=loos,
            consultation=consultation,
            title=title,
            category=category,
            geometry=zone.geometry.point_on_surface,
        )
        proposal_refresh_spatial_links(proposal=proposal)
        made[category] = proposal
    for _index in range(2):
        Support.objects.create(proposal=made["nature"], user=UserFactory())
    return made, zone


def test_a_planner_filters_the_queue_answers_a_proposal_and_its_page_shows_the_answer(
    live_server, loos_live, screen
):
    page = screen
    made, zone = _queue(loos_live)
    log_in(page, live_server, planner(display_name="Alice Urbaniste"))

    page.goto(live_server.url + "/")
    menu_link(page, "File d’examen").click()
    page.wait_for_url(re.compile(r"/review/$"))
    assert page.get_by_role("table", name=re.compile("Propositions de « Révision du PLU 2026 »"))
    _shot(page, "queue")

    filters = page.locator(".review-filters")
    filters.get_by_label("Catégorie").select_option("nature")
    filters.get_by_label("Soutiens (au moins)").fill("1")
    filters.get_by_role("button", name="Afficher").click()
    page.wait_for_url(re.compile(r"category=nature"))
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    row = rows.first
    assert "Un verger partagé rue de la Gare" in row.inner_text()
    assert zone.libelle in row.inner_text()

    # The page never scrolls sideways: the table fits or scrolls inside its own box.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    row.get_by_text("Répondre").click()
    row.get_by_label("Nouveau statut").select_option("accepted")
    _shot(page, "answering")
    row.get_by_role("button", name="Enregistrer la réponse").click()
    page.get_by_text("Rédigez la réponse publique").wait_for()
    assert _serious_violations(page) == []
    assert Proposal.objects.get(pk=made["nature"].pk).status == "submitted"

    row = page.locator(f"#proposal-{made['nature'].pk}")
    row.get_by_label("Réponse publique").fill("Le verger sera planté au printemps prochain.")
    row.get_by_role("button", name="Enregistrer la réponse").click()
    page.get_by_text(
        "La réponse à « Un verger partagé rue de la Gare » est enregistrée."
    ).wait_for()
    assert "category=nature" in page.url and "min_supports=1" in page.url
    assert page.locator("tbody tr").count() == 1
    _shot(page, "answered")

    proposal = Proposal.objects.get(pk=made["nature"].pk)
    assert proposal.status == "accepted"
    assert ProposalStatusChange.objects.filter(proposal=proposal, to_status="accepted").exists()

    page.get_by_role("link", name="Un verger partagé rue de la Gare").click()
    page.wait_for_url(re.compile(rf"/proposals/{proposal.pk}/$"))
    answer = page.get_by_role("region", name="La réponse de la commune")
    assert "Le verger sera planté au printemps prochain." in answer.inner_text()


def test_a_planner_answers_from_the_queue_and_the_author_reads_it_on_my_proposals(
    live_server, loos_live, screen
):
    page = screen
    made, _zone = _queue(loos_live)
    proposal = made["mobility"]
    answer = "Retenue : la piste sera tracée le long du cavalier minier."
    log_in(page, live_server, planner(display_name="Alice Urbaniste"))
    page.goto(live_server.url + "/review/")
    row = page.locator(f"#proposal-{proposal.pk}")
    row.get_by_text("Répondre").click()
    row.get_by_label("Nouveau statut").select_option("accepted")
    row.get_by_label("Réponse publique").fill(answer)
    row.get_by_role("button", name="Enregistrer la réponse").click()
    page.get_by_text(f"La réponse à « {proposal.title} » est enregistrée.").wait_for()

    # The author, in a browser of their own, finds the answer on "Mes propositions".
    page.context.clear_cookies()
    log_in(page, live_server, proposal.author)
    page.goto(live_server.url + "/")
    menu_link(page, "Mes propositions").click()
    page.wait_for_url(live_server.url + "/my/proposals/")
    item = page.locator(f"#my-proposal-{proposal.pk}")
    assert "Retenue" in item.inner_text()
    assert answer in item.inner_text()
    _shot(page, "my-proposals-after-queue")
