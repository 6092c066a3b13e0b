"""axe-core, served by the app itself, finds no serious or critical violation on the pages."""

import pytest
from django.conf import settings
from django.templatetags.static import static

from config.static_assets import AXE_CORE_JS, static_source_file
from mapping.models import Comment, Proposal
from tests.browser.helpers import (
    draw_point,
    log_in,
    open_map,
    verified_resident,
    zoom_to_town_centre,
)
from tests.geometries import TOWN_CENTRE

pytestmark = pytest.mark.browser


def _serious_violations(page) -> list[str]:
    # Loaded by URL from the app, as the content security policy allows no inline script.
    assert static_source_file(AXE_CORE_JS, settings.BASE_DIR) is not None
    page.add_script_tag(url=page.evaluate("location.origin") + static(AXE_CORE_JS))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_map_page_has_no_serious_accessibility_violation(live_server, loos_live, page):
    """With the proposal form open after a drawing, and a popup open from the list."""
    log_in(page, live_server, verified_resident())
    map_name = open_map(page, live_server)
    page.wait_for_load_state("networkidle")
    zoom_to_town_centre(page, map_name)
    draw_point(page, map_name, *TOWN_CENTRE)
    page.locator("#proposal-form").wait_for()
    page.locator("#proposal-list-items li:visible button").first.click()
    page.locator(".leaflet-popup-content").wait_for()
    assert _serious_violations(page) == []


def test_a_proposal_page_has_no_serious_accessibility_violation(live_server, loos_live, page):
    """Seen by its author, with every form: comment, edit, withdraw, reshape."""
    proposal = Proposal.objects.filter(commune=loos_live).first()
    author = verified_resident()
    Proposal.objects.filter(pk=proposal.pk).update(author=author, status="submitted")
    Comment.objects.create(proposal=proposal, author=author, body="Un premier avis.")
    log_in(page, live_server, author)
    page.goto(live_server.url + proposal.get_absolute_url())
    page.wait_for_selector(".leaflet-draw-edit-edit")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("button", name="Retirer ma proposition").is_visible()
    assert _serious_violations(page) == []


def test_the_fifty_fifty_pages_have_no_serious_accessibility_violation(
    live_server, loos_live, page
):
    """The list with its totals per year; a project's page with the planners' decision form;
    the application form reached from its author's proposal."""
    from django.contrib.auth.models import Group

    from accounts.roles import Role
    from mapping.models import FiftyFiftyProject

    page.goto(live_server.url + "/fifty-fifty/")
    page.locator(".fifty-fifty__totals").wait_for()
    assert "€" in page.locator("#grand-total-share").inner_text()
    assert _serious_violations(page) == []

    planner = verified_resident()
    planner.groups.add(Group.objects.get(name=Role.PLANNER))
    waiting = FiftyFiftyProject.objects.filter(status="application").first()
    log_in(page, live_server, planner)
    page.goto(live_server.url + waiting.get_absolute_url())
    page.get_by_role("button", name="Enregistrer la décision").wait_for()
    assert _serious_violations(page) == []

    proposal = Proposal.objects.filter(commune=loos_live, fifty_fifty__isnull=True).first()
    author = verified_resident()
    Proposal.objects.filter(pk=proposal.pk).update(author=author, status="submitted")
    log_in(page, live_server, author)
    page.goto(live_server.url + proposal.get_absolute_url())
    page.get_by_role("link", name="Présenter comme projet fifty-fifty").click()
    page.get_by_role("button", name="Envoyer la demande").wait_for()
    page.get_by_role("button", name="Envoyer la demande").click()
    page.locator(".field-error").first.wait_for()
    assert _serious_violations(page) == []
