"""The consultations' pages as a person sees them, on a phone and on a desktop.

Set SCREENSHOTS=<folder> to keep a picture of each page and size there."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from land_use.models import PlanDocument
from tests.mapping.factories import ConsultationFactory, ProposalFactory

SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


@pytest.fixture
def inquiry(loos_live):
    now = timezone.now()
    plan = PlanDocument.objects.create(
        commune=loos_live, idurba="62528_PLU_20270303", typedoc="PLU", etat="01"
    )
    consultation = ConsultationFactory(
        commune=loos_live,
        title="Enquête publique sur la révision du PLU",
        description="Le projet de PLU révisé est soumis à enquête publique.",
        kind="inquiry",
        plan=plan,
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=27),
    )
    ConsultationFactory(
        commune=loos_live,
        title="Concertation sur les mobilités",
        opens_at=now + timedelta(days=40),
        closes_at=now + timedelta(days=80),
    )
    for n in range(3):
        ProposalFactory(commune=loos_live, consultation=consultation, register_number=n + 1)
    return consultation


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_the_list_and_a_consultation_page_fit_the_screen_with_their_map(
    live_server, inquiry, page, size
):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    folder = os.environ.get("SCREENSHOTS")
    page.goto(live_server.url + "/consultations/")
    assert page.get_by_role("heading", name="Ouvertes").is_visible()
    assert page.get_by_role("link", name=inquiry.title).is_visible()
    if folder:
        page.screenshot(path=str(Path(folder) / f"consultations-{size}.png"), full_page=True)
    page.get_by_role("link", name=inquiry.title).click()
    page.wait_for_selector(".leaflet-marker-icon, .marker-cluster")
    assert page.get_by_role("heading", name="Document d’urbanisme en révision").is_visible()
    assert page.get_by_text("62528_PLU_20270303").is_visible()
    assert page.locator(".consultation-page__map .folium-map").bounding_box()["height"] > 200
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page scrolls sideways: {scroll_width} px"
    if folder:
        page.screenshot(path=str(Path(folder) / f"consultation-{size}.png"), full_page=True)
    assert page.watcher.console_errors == []
    assert page.watcher.failed_requests == []
