"""The list beside the map follows the map, its filters and its search, both ways."""

import pytest

from mapping.models import Proposal
from tests.browser.helpers import LAYERS_DRAWN, wait_until, wait_until_quiet

pytestmark = pytest.mark.browser


def _visible_titles(page) -> list[str]:
    return page.locator("#proposal-list-items li:visible a").all_inner_texts()


def test_filters_and_search_act_on_the_list_and_the_map_together(live_server, loos_live, page):
    page.goto(live_server.url + "/")
    page.wait_for_selector(LAYERS_DRAWN)
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
    page.wait_for_selector(LAYERS_DRAWN)
    first = page.locator("#proposal-list-items li:visible").first
    first = page.locator(f"#proposal-list-items li[data-id='{first.get_attribute('data-id')}']")
    title = first.locator("a").inner_text()
    first.get_by_role("button").focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("h2").inner_text() == title
    # The popup's link takes the keyboard focus, and the list marks the proposal.
    assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")
    assert first.get_attribute("aria-current") == "true"

    page.keyboard.press("Escape")
    map_name = page.evaluate("document.querySelector('.folium-map').id")
    still = f"window['{map_name}']"
    wait_until(
        page,
        f"!{still}._animatingZoom && !({still}._panAnim && {still}._panAnim._inProgress)",
    )
    page.wait_for_timeout(300)  # the list follows the map's last moveend
    # The list now holds what the zoomed map shows: another proposal still in view.
    first_id = first.get_attribute("data-id")
    second = page.locator(f"#proposal-list-items li:visible:not([data-id='{first_id}'])").first
    second = page.locator(f"#proposal-list-items li[data-id='{second.get_attribute('data-id')}']")
    other = second.locator("a").inner_text()
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
        page.wait_for_selector(LAYERS_DRAWN)
        page.get_by_title("Montrer où je suis").click()
        wait_until(
            page,
            "(() => { const m = window[document.querySelector('.folium-map').id];"
            " const c = m.getCenter(); return Math.abs(c.lat - 50.4590) < 0.001"
            " && Math.abs(c.lng - 2.7990) < 0.001; })()",
        )
    finally:
        context.close()


def test_with_proposals_as_tiles_the_list_shows_the_newest_in_view_and_follows_the_filters(
    live_server, loos_live, settings, page
):
    # As with 50,000 proposals: the map draws them from vector tiles, the list asks for the
    # newest of the view, a few at a time.
    settings.MAP_GEOJSON_MAX_FEATURES = 3
    settings.MAP_LIST_MAX = 2
    shown = Proposal.objects.filter(commune=loos_live).exclude(status="withdrawn")
    page.goto(live_server.url + "/")
    page.wait_for_selector(LAYERS_DRAWN)
    assert page.locator(".leaflet-tile-pane").count() == 1
    newest = list(shown.order_by("-created_at", "-pk")[:2])
    wait_until(
        page, "document.querySelectorAll('#proposal-list-items li:not([hidden])').length == 2"
    )
    assert _visible_titles(page) == [p.title for p in newest]
    count = page.locator("#proposal-list-count").inner_text()
    assert count.startswith("Les 2 plus récentes des ") and str(shown.count()) in count

    energy = shown.filter(category="energy").order_by("-created_at", "-pk")
    page.locator("#filter-category").select_option("energy")
    wait_until(page, "document.querySelector('#filter-category').value == 'energy'")
    expected = [p.title for p in energy[:2]]
    wait_until(
        page,
        "Array.from(document.querySelectorAll('#proposal-list-items li:not([hidden]) a'))"
        f".map(a => a.textContent).join('|') == {('|'.join(expected))!r}",
    )

    # Choosing one in the list opens its popup on the map and marks it.
    item = page.locator("#proposal-list-items li:visible").first
    title = item.locator("a").inner_text()
    item.get_by_role("button").click()
    page.locator(".leaflet-popup-content h2", has_text=title).wait_for()
    wait_until_quiet(page)
    assert page.watcher.console_errors == []
