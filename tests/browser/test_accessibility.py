"""axe-core, served by the app itself, finds no serious or critical violation on the pages."""

import pytest
from django.conf import settings

from config.static_assets import AXE_CORE_JS, static_source_file
from mapping.models import Proposal

pytestmark = pytest.mark.browser


def _serious_violations(page) -> list[str]:
    axe = static_source_file(AXE_CORE_JS, settings.BASE_DIR)
    page.add_script_tag(path=str(axe))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_map_page_has_no_serious_accessibility_violation(live_server, loos_live, page):
    page.goto(live_server.url + "/")
    page.wait_for_selector(".leaflet-draw-draw-polygon")
    page.wait_for_load_state("networkidle")
    assert _serious_violations(page) == []


def test_a_proposal_page_has_no_serious_accessibility_violation(live_server, loos_live, page):
    proposal = Proposal.objects.filter(commune=loos_live).first()
    page.goto(live_server.url + proposal.get_absolute_url())
    page.wait_for_selector(".leaflet-overlay-pane path")
    page.wait_for_load_state("networkidle")
    assert _serious_violations(page) == []
