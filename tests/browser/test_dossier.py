"""The record of a consultation, printed: one drawn map per zone, one page per zone, on A4."""

import pytest
from django.contrib.auth.models import AnonymousUser

from mapping.dossier import consultation_dossier
from mapping.models import Consultation
from tests.browser.helpers import wait_until
from tests.browser.pdf_text import pdf_pages

pytestmark = pytest.mark.browser

# Containers of the dossier's maps in which something is drawn: a shape, a marker or a tile.
DRAWN_MAPS = """
() => Array.from(document.querySelectorAll('.dossier__map .leaflet-container')).filter(
  (map) => map.querySelector(
    '.leaflet-overlay-pane path, .leaflet-marker-pane > *, img.leaflet-tile-loaded'
  )
).length
"""


def test_the_printed_record_has_a_drawn_map_and_a_page_for_every_zone(live_server, loos_live, page):
    consultation = Consultation.objects.filter(commune=loos_live).first()
    sections = consultation_dossier(consultation=consultation, user=AnonymousUser())
    zones = [section.zone.libelle for section in sections.zone_sections]
    assert len(zones) >= 2, "the Loos consultation's proposals touch several zones"

    page.goto(f"{live_server.url}/consultations/{consultation.pk}/dossier/")
    wait_until(page, f"({DRAWN_MAPS})() === {len(zones)}")
    assert page.locator(".dossier__map .leaflet-container").count() == len(zones)
    assert page.get_by_role("heading", name="Bilan de la concertation").is_visible()

    pages = pdf_pages(page.pdf(format="A4", print_background=True))
    # A title page, the figures, then each zone from the top of a page of its own.
    assert len(pages) >= len(zones) + 2
    assert pages[0].splitlines()[1] == "Bilan de la concertation"
    assert "taux de réponse" in pages[1]
    starts = [text.splitlines()[0] for text in pages if text]
    for libelle in zones:
        assert any(line.startswith(f"Zone {libelle} ") for line in starts), libelle
    # Nothing of the screen's navigation is printed.
    assert not any("Télécharger" in text for text in pages)

    assert page.watcher.console_errors == []
    assert page.watcher.failed_requests == []
