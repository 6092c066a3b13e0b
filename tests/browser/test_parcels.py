"""A farmer registers organic parcels in Chromium: upload with preview, and drawing."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from land_use.models import OrganicParcel
from tests.land_use import files
from tests.land_use.factories import farmer

pytestmark = pytest.mark.browser


def signed_in(page, live_server, user):
    """Give the browser the session of `user`, made on the server (no login page involved)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def french(value: Decimal, digits: int) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def test_a_farmer_uploads_a_geopackage_checks_the_preview_and_sees_the_new_parcels(
    live_server, loos_live, page
):
    owner = farmer()
    signed_in(page, live_server, owner)
    frame = files.geopandas.pd.concat(
        [files.three_parcels(crs=2154), files.lens_frame().to_crs(2154)], ignore_index=True
    )
    content = files.geopackage(("parcelles", frame))

    page.goto(live_server.url + "/farm/parcels/upload/")
    page.get_by_label("Fichier").set_input_files(
        files=[{"name": "ferme.gpkg", "mimeType": "application/octet-stream", "buffer": content}]
    )
    page.get_by_label("Stade de conversion").select_option("AB")
    page.get_by_label("État de la certification").select_option("certified")
    page.get_by_label("Organisme certificateur").select_option("ecocert")
    page.get_by_role("button", name="Voir l’aperçu des parcelles").click()

    # The preview: three accepted, the one in Lens refused with its reason; nothing stored yet.
    refused = page.locator(".farm-preview__row--refused")
    refused.wait_for()
    assert refused.count() == 1
    assert "Parcelle 301" in refused.inner_text()
    assert "La parcelle est en dehors de Loos-en-Gohelle" in refused.inner_text()
    assert page.locator(".farm-preview__row--accepted").count() == 3
    assert not OrganicParcel.objects.filter(farmer=owner).exists()
    # The preview map draws the four features of the file, the refused one included.
    page.wait_for_selector(".leaflet-overlay-pane path.leaflet-interactive")
    assert page.locator(".leaflet-overlay-pane path.leaflet-interactive").count() == 4

    page.get_by_role("button", name="Enregistrer les parcelles acceptées (3)").click()

    page.get_by_role("heading", name="Mes parcelles").wait_for()
    assert "3 parcelle(s) de ferme.gpkg enregistrée(s)." in page.locator(".messages").inner_text()
    page.wait_for_selector(".leaflet-overlay-pane path.leaflet-interactive")
    # The three parcels are drawn on their map (the commune's boundary is not interactive).
    assert page.locator(".leaflet-overlay-pane path.leaflet-interactive").count() == 3
    names = page.locator(".farm-table tbody th").all_inner_texts()
    assert sorted(names) == ["Parcelle 101", "Parcelle 102", "Parcelle 103"]
    parcels = OrganicParcel.objects.filter(farmer=owner)
    total = sum(p.area_ha for p in parcels)
    assert page.locator("#total-area").inner_text() == french(total, 2)
    # The commune's organic share now counts them: (55.00 ha + the new ones) / 550 ha.
    share = page.locator(".organic-share__percent").inner_text()
    expected = (Decimal("55.00") + total) * 100 / Decimal(550)
    assert share == f"{french(expected, 1)} %"
    assert page.watcher.console_errors == []
    assert page.watcher.failed_requests == []


def test_a_farmer_draws_a_parcel_on_the_map_and_saves_it(live_server, loos_live, page):
    owner = farmer()
    signed_in(page, live_server, owner)
    page.goto(live_server.url + "/farm/parcels/new/")
    page.wait_for_selector(".leaflet-draw-draw-rectangle")
    page.locator(".leaflet-draw-draw-rectangle").click()
    box = page.locator(".folium-map").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x - 40, y - 30)
    page.mouse.down()
    page.mouse.move(x, y, steps=5)
    page.mouse.move(x + 40, y + 30, steps=5)
    page.mouse.up()
    page.locator("#parcel-draw-status").filter(has_text="Contour dessiné").wait_for()

    page.get_by_label("Nom").fill("Le Champ dessiné")
    page.get_by_label("Code culture RPG").select_option("LUZ")
    page.get_by_label("Stade de conversion").select_option("AB")
    page.get_by_role("button", name="Enregistrer la parcelle").click()

    page.get_by_role("heading", name="Mes parcelles").wait_for()
    messages = page.locator(".messages").inner_text()
    assert "La parcelle « Le Champ dessiné » est enregistrée." in messages, page.content()[:3000]
    parcel = OrganicParcel.objects.get(farmer=owner)
    assert parcel.code_cultu == "LUZ"
    assert re.fullmatch(r"\d+,\d\d", page.locator("#total-area").inner_text())
    assert page.watcher.console_errors == []


def axe_violations(page, live_server) -> list:
    page.add_script_tag(url=live_server.url + "/static/vendor/axe-core/axe.min.js")
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' '))])"
    )


def test_the_farmers_pages_have_no_accessibility_violation(live_server, loos_live, page):
    from tests.accounts.factories import UserFactory

    signed_in(page, live_server, UserFactory())
    page.goto(live_server.url + "/farm/become-farmer/")
    assert axe_violations(page, live_server) == []

    signed_in(page, live_server, farmer())
    for path in ("/farm/parcels/", "/farm/parcels/new/", "/farm/parcels/upload/"):
        page.goto(live_server.url + path)
        assert axe_violations(page, live_server) == [], path
