"""Screenshots of the map on a phone and on a desktop, for the README (docs/screenshots/).

Not part of the test suite (the file name does not start with test_): `scripts/screenshots`
runs it and writes the images.
"""

from pathlib import Path

import pytest

from tests.browser.helpers import log_in, open_map, verified_resident, zoom_to_town_centre

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = pytest.mark.browser


def _settle(page, map_name):
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(800)


def test_screenshot_of_the_map_on_a_phone(live_server, loos_live, phone):
    log_in(phone, live_server, verified_resident())
    map_name = open_map(phone, live_server)
    zoom_to_town_centre(phone, map_name, zoom=15)
    _settle(phone, map_name)
    phone.screenshot(path=SHOTS / "map-phone.png")
    # The form as a sheet, the point proposed at the map's centre above it.
    phone.locator("#propose-centre").tap()
    phone.locator("#proposal-panel").wait_for()
    phone.locator(".map-page__canvas").scroll_into_view_if_needed()
    _settle(phone, map_name)
    phone.screenshot(path=SHOTS / "map-phone-form.png")


def test_screenshot_of_the_map_on_a_desktop(live_server, loos_live, page):
    log_in(page, live_server, verified_resident())
    map_name = open_map(page, live_server)
    _settle(page, map_name)
    page.screenshot(path=SHOTS / "map-desktop.png")
    zoom_to_town_centre(page, map_name, zoom=16)
    page.locator("#keyboard-area").click()
    page.locator("#keyboard-add").click()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(400)
    page.locator("#keyboard-add").click()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(400)
    page.locator("#keyboard-add").click()
    page.locator("#keyboard-finish").click()
    page.locator("#proposal-form").wait_for()
    _settle(page, map_name)
    page.screenshot(path=SHOTS / "map-desktop-form.png")
