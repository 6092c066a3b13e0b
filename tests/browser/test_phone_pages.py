"""On a phone (390 x 844, touch, French): no page of the site but the map is wider than the
screen, a farmer uploads a file and confirms it with taps, and the changed pages pass axe-core.

Screenshots of every page go to PHONE_SHOTS (default /tmp/phone-shots) for a person to look at.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.templatetags.static import static

from accounts.roles import Role
from config.static_assets import AXE_CORE_JS, static_source_file
from land_use.models import OrganicParcel, ParcelUpload
from mapping.models import Consultation
from tests.browser.helpers import log_in, verified_resident
from tests.land_use import files
from tests.land_use.factories import FarmerApplicationFactory, planner, with_role
from tests.mapping.factories import ConsultationFactory, ProposalFactory

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390
SHOTS = Path(os.environ.get("PHONE_SHOTS", "/tmp/phone-shots"))  # noqa: S108 - a person's folder


def _overflow(page) -> dict:
    """How wide the page is, and the widest elements past the screen's edge."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const wide = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .slice(0, 5)
            .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
          return {scrollWidth: document.documentElement.scrollWidth, wide};
        }"""
    )


def _visit(page, live_server, path: str, name: str) -> None:
    response = page.goto(live_server.url + path)
    assert response.status == (404 if name == "404" else 200), path
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
    found = _overflow(page)
    assert found["scrollWidth"] <= PHONE_WIDTH, (path, found)


def _small_targets(page) -> list[str]:
    """Buttons, selects and inputs a finger cannot hit: less than 44 px high or wide."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
              'main button, main select, main input:not([type=hidden]), main textarea, '
              + 'header button, header select')]
            .filter(e => e.offsetParent !== null)
            .filter(e => { const r = e.getBoundingClientRect();
                           const tall = e.type === 'checkbox' || e.type === 'radio' ? 24 : 44;
                           return r.height < tall || r.width < 24; })
            .map(e => e.tagName + '#' + e.id + ' ' + e.getBoundingClientRect().height)"""
    )


def _serious_violations(page) -> list[str]:
    assert static_source_file(AXE_CORE_JS, settings.BASE_DIR) is not None
    page.add_script_tag(url=page.evaluate("location.origin") + static(AXE_CORE_JS))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def site(loos_live):
    """A consultation with a proposal, a farmer with a parcel, a waiting request, a planner."""
    consultation = Consultation.objects.filter(commune=loos_live).first() or ConsultationFactory(
        commune=loos_live
    )
    resident = verified_resident(display_name="Camille Habitante")
    proposal = ProposalFactory(commune=loos_live, consultation=consultation, author=resident)
    grower = with_role(verified_resident(display_name="Jeanne Fermière"), Role.FARMER)
    parcel = OrganicParcel.objects.filter(commune=loos_live).order_by("id").first()
    parcel.farmer = grower
    parcel.save(update_fields=["farmer"])
    FarmerApplicationFactory(farm_name="Ferme des Terrils", siret="73282932000074")
    return {
        "consultation": consultation,
        "proposal": proposal,
        "resident": resident,
        "farmer": grower,
        "parcel": parcel,
        "planner": planner(),
    }


PUBLIC = [
    ("/consultations/", "consultations"),
    ("/open-data/", "open-data"),
    ("/accounts/login/", "login"),
    ("/accounts/signup/", "signup"),
    ("/accounts/password/reset/", "password-reset"),
    ("/no-such-page/", "404"),
]


def test_no_page_but_the_map_is_wider_than_a_phone(live_server, site, phone_page):
    page = phone_page
    for path, name in [
        *PUBLIC,
        (f"/consultations/{site['consultation'].pk}/", "consultation"),
        (f"/proposals/{site['proposal'].pk}/", "proposal"),
    ]:
        _visit(page, live_server, path, name)

    log_in(page, live_server, site["resident"])
    _visit(page, live_server, "/my/proposals/", "my-proposals")
    _visit(page, live_server, "/accounts/my-data/", "my-data")
    _visit(page, live_server, "/farm/become-farmer/", "become-farmer")

    page.context.clear_cookies()
    log_in(page, live_server, site["farmer"])
    _visit(page, live_server, "/farm/parcels/", "my-parcels")
    _visit(page, live_server, "/farm/parcels/new/", "parcel-new")
    _visit(page, live_server, f"/farm/parcels/{site['parcel'].pk}/edit/", "parcel-edit")
    _visit(page, live_server, "/farm/parcels/upload/", "upload")

    page.context.clear_cookies()
    log_in(page, live_server, site["planner"])
    _visit(page, live_server, "/review/", "review")
    _visit(page, live_server, "/farm/applications/", "applications")
    _visit(page, live_server, "/farm/parcels/all/", "all-parcels")


def test_a_farmer_uploads_a_file_and_confirms_it_with_taps_on_a_phone(
    live_server, site, phone_page
):
    page = phone_page
    owner = site["farmer"]
    log_in(page, live_server, owner)
    page.goto(live_server.url + "/farm/parcels/upload/")
    content = files.geopackage(("parcelles", files.three_parcels()))
    page.get_by_label("Fichier").set_input_files(
        files=[{"name": "ferme.gpkg", "mimeType": "application/octet-stream", "buffer": content}]
    )
    page.get_by_label("Stade de conversion").select_option("AB")
    page.get_by_label("État de la certification").select_option("certified")
    assert _small_targets(page) == []
    page.get_by_role("button", name="Voir l’aperçu des parcelles").tap()

    accepted = page.locator(".farm-preview__row--accepted")
    accepted.first.wait_for()
    assert accepted.count() == 3
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "upload-preview.png", full_page=True)
    assert _overflow(page)["scrollWidth"] <= PHONE_WIDTH, _overflow(page)
    assert _small_targets(page) == []
    assert _serious_violations(page) == []
    before = OrganicParcel.objects.filter(farmer=owner).count()
    page.get_by_role("button", name="Enregistrer les parcelles acceptées (3)").tap()

    page.get_by_role("heading", name="Mes parcelles").wait_for()
    assert "3 parcelle(s) de ferme.gpkg enregistrée(s)." in page.locator(".messages").inner_text()
    # Said once: the farm page repeats no message of the site's list.
    assert page.get_by_text("3 parcelle(s) de ferme.gpkg enregistrée(s).").count() == 1
    assert OrganicParcel.objects.filter(farmer=owner).count() == before + 3
    assert not ParcelUpload.objects.filter(farmer=owner, confirmed_at__isnull=True).exists()
    page.screenshot(path=SHOTS / "my-parcels-after-upload.png", full_page=True)
    assert _overflow(page)["scrollWidth"] <= PHONE_WIDTH
    assert page.watcher.console_errors == []


def test_the_changed_pages_pass_axe_core_on_a_phone(live_server, site, phone_page):
    page = phone_page
    found = {}
    for path, _name in PUBLIC:
        page.goto(live_server.url + path)
        found[path] = _serious_violations(page)
        found[path + " (targets)"] = _small_targets(page)
    log_in(page, live_server, site["farmer"])
    for path in (
        "/farm/parcels/",
        "/farm/parcels/upload/",
        f"/farm/parcels/{site['parcel'].pk}/edit/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        found[path] = _serious_violations(page)
        found[path + " (targets)"] = _small_targets(page)
    page.context.clear_cookies()
    log_in(page, live_server, site["planner"])
    page.goto(live_server.url + "/farm/applications/")
    found["/farm/applications/"] = _serious_violations(page)
    found["/farm/applications/ (targets)"] = _small_targets(page)
    assert {path: problems for path, problems in found.items() if problems} == {}
