"""HTML or script typed by a resident shows as the same text everywhere, and never runs."""

import pytest

from mapping.models import Comment
from tests.accounts.factories import UserFactory
from tests.browser.helpers import LAYERS_DRAWN
from tests.mapping.factories import ProposalFactory

pytestmark = pytest.mark.browser

TITLE = '<img src=x onerror="window.__attacked=1">Banc'
NAME = "<b>Camille</b><script>window.__attacked=2</script>"
COMMENT = "<script>window.__attacked=3</script>Bravo"


def _attacked(page) -> bool:
    return page.evaluate(
        "window.__attacked !== undefined || !!document.querySelector('img[src=x], b')"
    )


def test_html_in_user_text_shows_as_text_in_the_list_the_popup_and_the_page(
    live_server, loos_live, page
):
    author = UserFactory(display_name=NAME)
    proposal = ProposalFactory(
        commune=loos_live, author=author, title=TITLE, description="<i>Ombre</i> le matin"
    )
    Comment.objects.create(proposal=proposal, author=author, body=COMMENT)

    page.goto(live_server.url + "/")
    page.wait_for_selector(LAYERS_DRAWN)
    item = page.locator("#proposal-list-items li", has_text=TITLE)
    assert item.locator("a").inner_text() == TITLE
    item.get_by_role("button").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("h2").inner_text() == TITLE
    assert NAME in popup.inner_text()
    page.locator("#filter-search").fill("onerror")
    assert page.locator("#proposal-list-items li:visible").count() == 1
    assert not _attacked(page)

    page.goto(live_server.url + proposal.get_absolute_url())
    assert page.locator("h1").inner_text() == TITLE
    assert page.locator(".comment__body").inner_text() == COMMENT
    assert NAME in page.locator(".comment__meta").inner_text()
    assert "<i>Ombre</i> le matin" in page.locator(".proposal-page__main").inner_text()
    assert not _attacked(page)


def test_html_in_a_new_title_comes_back_from_the_api_and_shows_as_text(
    live_server, loos_live, page
):
    from tests.browser.helpers import (
        draw_point,
        log_in,
        open_map,
        verified_resident,
        zoom_to_town_centre,
    )
    from tests.geometries import TOWN_CENTRE

    log_in(page, live_server, verified_resident(display_name=NAME))
    map_name = open_map(page, live_server)
    zoom_to_town_centre(page, map_name)
    draw_point(page, map_name, *TOWN_CENTRE)
    form = page.locator("#proposal-form")
    form.get_by_label("Titre").fill(TITLE)
    form.get_by_label("Description").fill(COMMENT)
    form.get_by_label("Catégorie").select_option("other")
    form.get_by_role("button", name="Envoyer ma proposition").click()
    page.get_by_text("Merci : votre proposition est sur la carte.").wait_for()
    item = page.locator("#proposal-list-items li", has_text=TITLE)
    assert item.locator("a").inner_text() == TITLE
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("h2").inner_text() == TITLE
    assert NAME in popup.inner_text()
    assert not _attacked(page)
