"""Public meetings in Chromium: the list and a meeting's page pass axe-core, their maps draw
the meetings, and a planner places a meeting with a click or by typing its coordinates."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role
from mapping.models import Meeting
from tests.accounts.factories import UserFactory
from tests.browser.helpers import log_in, wait_until
from tests.browser.test_accessibility import _serious_violations
from tests.geometries import TOWN_CENTRE

pytestmark = pytest.mark.browser


def _planner():
    user = UserFactory(username="urbaniste-reunions")
    user.groups.add(Group.objects.get(name=Role.PLANNER))
    return user


def test_the_meetings_page_has_no_serious_accessibility_violation(live_server, loos_live, page):
    """With the map drawn and a meeting's popup open."""
    page.goto(live_server.url + "/meetings/")
    page.wait_for_selector(".leaflet-overlay-pane path.leaflet-interactive")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Réunions à venir").is_visible()
    assert page.get_by_role("heading", name="Réunions par mandat").is_visible()
    # The boundary is drawn first; the meetings' circles after it.
    page.locator(".leaflet-overlay-pane path.leaflet-interactive").last.click(force=True)
    page.locator(".leaflet-popup-content").wait_for()
    assert "Ouvrir la réunion" in page.locator(".leaflet-popup-content").inner_text()
    # Measured once the popup has faded in, not halfway through.
    wait_until(page, "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    assert _serious_violations(page) == []
    assert page.watcher.console_errors == []
    assert page.watcher.failed_requests == []


def test_a_meeting_page_has_no_serious_accessibility_violation(live_server, loos_live, page):
    meeting = Meeting.objects.filter(commune=loos_live, proposals__isnull=False).first()
    page.goto(live_server.url + meeting.get_absolute_url())
    page.wait_for_selector(".leaflet-overlay-pane path.leaflet-interactive")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Compte rendu", exact=True).is_visible()
    assert page.get_by_role("heading", name="Propositions discutées").is_visible()
    assert _serious_violations(page) == []
    assert page.watcher.console_errors == []


def test_a_planner_places_a_meeting_with_a_click_or_by_typing_it(live_server, loos_live, page):
    log_in(page, live_server, _planner())
    page.goto(live_server.url + "/meetings/new/")
    page.wait_for_selector(".leaflet-overlay-pane path.leaflet-interactive")
    page.wait_for_load_state("networkidle")
    assert _serious_violations(page) == []
    map_box = page.locator(".folium-map").bounding_box()
    page.mouse.click(map_box["x"] + map_box["width"] / 2, map_box["y"] + map_box["height"] / 2)
    wait_until(page, "document.getElementById('id_longitude').value !== ''")
    lon = float(page.locator("#id_longitude").input_value())
    lat = float(page.locator("#id_latitude").input_value())
    assert 2.7 < lon < 2.9 and 50.4 < lat < 50.5
    assert page.get_by_text("Le point est placé").is_visible()
    # A keyboard user types the numbers instead.
    page.get_by_label("Sujet").fill("Réunion placée au clavier")
    page.get_by_label("Début (date et heure de Paris)").fill("2027-03-03T18:30")
    page.get_by_label("Lieu (salle ou adresse)").fill("Mairie de Loos-en-Gohelle")
    page.get_by_label("Longitude").fill(str(TOWN_CENTRE[0]))
    page.get_by_label("Latitude").fill(str(TOWN_CENTRE[1]))
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/meetings/*/")
    meeting = Meeting.objects.get(topic="Réunion placée au clavier")
    assert meeting.location.coords == pytest.approx(TOWN_CENTRE)
    assert page.get_by_role("heading", name="Réunion placée au clavier").is_visible()
    assert page.watcher.console_errors == []
