"""The key figures page in Chromium: Chart.js, served by the app, draws every chart; nothing is
asked of another server, nothing fails, and axe-core finds no serious violation."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import Point

from mapping.models import FiftyFiftyProject, Meeting, Proposal
from tests.accounts.factories import UserFactory
from tests.browser.helpers import wait_until
from tests.browser.test_accessibility import _serious_violations
from tests.geometries import TOWN_CENTRE

pytestmark = pytest.mark.browser

PARIS = ZoneInfo("Europe/Paris")

# How many pixels of a canvas are painted (alpha > 0): 0 for a chart that was never drawn.
PAINTED_PIXELS = """(id) => {
    const canvas = document.getElementById(id);
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { painted += 1; } }
    return painted;
}"""


@pytest.fixture
def figures_live(loos_live):
    """Loos-en-Gohelle with a public meeting and a fifty-fifty project, so every chart shows."""
    Meeting.objects.create(
        commune=loos_live,
        topic="Le cadre de vie du quartier",
        starts_at=datetime(2021, 5, 4, 18, tzinfo=PARIS),
        place_name="Salle des fêtes",
        location=Point(*TOWN_CENTRE, srid=4326),
    )
    FiftyFiftyProject.objects.create(
        proposal=Proposal.objects.filter(commune=loos_live).first(),
        commune=loos_live,
        collective_name="Les jardiniers du 11/19",
        collective_kind="association",
        contact_name="Camille",
        contact_email="camille@example.org",
        total_budget=Decimal("4000"),
        status="approved",
        applied_by=UserFactory(),
        approved_at=datetime(2024, 2, 1, tzinfo=PARIS),
    )
    return loos_live


def _open(page, live_server) -> list[str]:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + "/key-figures/")
    page.wait_for_load_state("networkidle")
    return requested


def test_the_key_figures_page_draws_every_chart_from_the_app_alone(live_server, figures_live, page):
    requested = _open(page, live_server)
    ids = page.locator("canvas").evaluate_all("(canvases) => canvases.map((c) => c.id)")
    assert set(ids) == {
        "chart-proposals-status",
        "chart-proposals-category",
        "chart-meetings-year",
        "chart-meetings-mandate",
        "chart-fifty-fifty-year",
        "chart-eco-housing-year",
        "chart-organic-share",
    }
    for canvas_id in ids:
        wait_until(page, f"document.getElementById('{canvas_id}').width > 0")
        assert page.evaluate(PAINTED_PIXELS, canvas_id) > 500, canvas_id
    assert page.watcher.console_errors == []
    assert page.watcher.failed_requests == []
    assert any(url.endswith("/static/vendor/chart.js/chart.umd.min.js") for url in requested)
    outside = [url for url in requested if not url.startswith(live_server.url + "/")]
    assert outside == []


def test_the_charts_numbers_are_in_french_in_their_tables(live_server, figures_live, page):
    _open(page, live_server)
    page.get_by_text("Les chiffres de « Projets fifty-fifty approuvés par an »").click()
    figure = page.locator("#chart-fifty-fifty-year").locator("xpath=ancestor::figure")
    # The demo projects fill other years; the one made here is alone in 2024.
    row = figure.locator("tbody tr", has=page.locator("th, td", has_text="2024"))
    assert row.inner_text().split("\t") == ["2024", "4\u00a0000", "2\u00a0000"]


def test_the_key_figures_page_has_no_serious_accessibility_violation(
    live_server, figures_live, page
):
    """With the charts drawn and one table of numbers open."""
    _open(page, live_server)
    page.locator(".key-figures__data summary").first.click()
    assert _serious_violations(page) == []
