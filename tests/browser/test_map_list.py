"""The list beside the map follows the map, its filters and its search, both ways."""

import pytest

from mapping.models import Proposal
from tests.browser.helpers import wait_until

pytestmark = pytest.mark.browser


def _visible_titles(page) -> list[str]:
    return page.locator("#proposal-list-items li:visible a").all_inner_texts()


def test_filters_and_search_act_on_the_list_and_the_map_together(live_server, loos_live, page):
    page.goto(live_server.url + "/")
    page.wait_for_selector(".leaflet-draw-draw-polygon")
    shown = Proposal.objects.filter(commune=loos_live).exclude(status="withdrawn")
    assert sorted(_visible_titles(page)) == sorted(p.title for p in shown)
    markers_before = page.locator(".proposal-marker, .marker-cluster").count()

    energy = shown.filter(category="energy")
    page.locator("#filter-category").select_option("energy")
    assert sorted(_visible_titles(page)) == sorted(p.title for p in energy)
    assert page.locator("#proposal-list-count").inner_text().startswith(str(energy.count()))
    assert page.locator(".proposal-marker, .marker-cluster").count() < markers_before

    page.locator("#filter-category").select_option("")
    word = shown.first().title.split()[-1]
    page.locator("#filter-search").fill(word)
    expected = [p.title for p in shown if word.lower() in (p.title + " " + p.description).lower()]
    assert sorted(_visible_titles(page)) == sorted(expected)


def test_choosing_in_the_list_opens_it_on_the_map_and_the_map_marks_it_in_the_list(
    live_server, loos_live, page
):
    page.goto(live_server.url + "/")
    page.wait_for_selector(".leaflet-draw-draw-polygon")
    first, second = page.locator("#proposal-list-items li:visible").all()[:2]
    title = first.locator("a").inner_text()
    first.get_by_role("button").focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("h2").inner_text() == title
    # The popup's link takes the keyboard focus, and the list marks the proposal.
    assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")
    assert first.get_attribute("aria-current") == "true"

    other = second.locator("a").inner_text()
    page.keyboard.press("Escape")
    second.get_by_role("button").click()
    page.locator(".leaflet-popup-content h2", has_text=other).wait_for()
    assert second.get_attribute("aria-current") == "true"
    assert first.get_attribute("aria-current") is None


def test_locate_me_centres_the_map_where_the_resident_stands(browser, live_server, loos_live):
    context = browser.new_context(
        locale="fr-FR",
        geolocation={"latitude": 50.4590, "longitude": 2.7990},
        permissions=["geolocation"],
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.wait_for_selector(".leaflet-draw-draw-polygon")
        page.get_by_title("Montrer où je suis").click()
        wait_until(
            page,
            "(() => { const m = window[document.querySelector('.folium-map').id];"
            " const c = m.getCenter(); return Math.abs(c.lat - 50.4590) < 0.001"
            " && Math.abs(c.lng - 2.7990) < 0.001; })()",
        )
    finally:
        context.close()
