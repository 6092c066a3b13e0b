"""A resident uses the map on a phone (390 x 844, touch, in French), and with the keyboard alone."""

import pytest

from mapping.models import Proposal
from tests.browser.helpers import (
    log_in,
    open_map,
    tab_to,
    verified_resident,
    wait_until,
    wait_until_still,
    zoom_to_town_centre,
)
from tests.browser.test_accessibility import _serious_violations
from tests.geometries import TOWN_CENTRE

pytestmark = pytest.mark.browser

LON, LAT = TOWN_CENTRE
TOOLS = (
    ".leaflet-control-zoom-in",
    ".leaflet-control-zoom-out",
    ".leaflet-draw-draw-polyline",
    ".leaflet-draw-draw-polygon",
    ".leaflet-draw-draw-marker",
)

# What the element at the centre of `selector` is, when it is not that element or inside it.
_COVERED = """(selector) => {
    const target = document.querySelector(selector);
    const box = target.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return target.contains(hit) ? null : (hit ? hit.outerHTML.slice(0, 100) : "nothing");
}"""


def _tap_map(phone, map_name, x_share, y_share):
    """Tap the map at a share of its width and height."""
    box = phone.locator(".folium-map").bounding_box()
    phone.touchscreen.tap(box["x"] + box["width"] * x_share, box["y"] + box["height"] * y_share)
    phone.wait_for_timeout(250)


def _view(page, map_name):
    return page.evaluate(
        f"(function (m) {{ var c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }})"
        f"(window['{map_name}'])"
    )


def _send(page, title, category="nature"):
    form = page.locator("#proposal-form")
    form.get_by_label("Titre").fill(title)
    form.get_by_label("Description").fill("Proposé depuis un téléphone.")
    form.get_by_label("Catégorie").select_option(category)
    form.get_by_role("button", name="Envoyer ma proposition").tap()
    page.get_by_text("Merci : votre proposition est sur la carte.").wait_for()


def test_on_a_phone_the_layer_list_is_folded_and_every_tool_is_reached_by_a_tap(
    live_server, loos_live, phone
):
    open_map(phone, live_server)
    phone.wait_for_load_state("networkidle")
    layers = phone.locator(".leaflet-control-layers")
    assert "leaflet-control-layers-expanded" not in layers.get_attribute("class")
    assert phone.locator(".leaflet-control-layers-list").is_hidden()
    for selector in TOOLS:
        assert phone.evaluate(_COVERED, selector) is None, selector
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # Unfolded by a tap, the list still leaves the zoom and drawing buttons uncovered.
    phone.locator(".leaflet-control-layers-toggle").tap()
    assert phone.locator(".leaflet-control-layers-list").is_visible()
    for selector in TOOLS:
        assert phone.evaluate(_COVERED, selector) is None, selector
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.watcher.console_errors == []


def test_on_a_phone_leaflet_and_the_drawing_toolbar_speak_french_and_metres(
    live_server, loos_live, phone
):
    open_map(phone, live_server)
    title = phone.locator(TOOLS[0]).get_attribute
    assert title("title") == "Zoom avant"
    assert phone.locator(TOOLS[1]).get_attribute("title") == "Zoom arrière"
    assert phone.locator(".leaflet-control-layers-toggle").get_attribute("title") == (
        "Couches affichées sur la carte"
    )
    assert (
        phone.locator(".leaflet-draw-draw-polygon")
        .get_attribute("title")
        .startswith("Dessiner une surface")
    )
    assert (
        phone.locator(".leaflet-draw-draw-polyline")
        .get_attribute("title")
        .startswith("Tracer une ligne")
    )
    assert phone.locator(".leaflet-draw-edit-edit").get_attribute("title") == (
        "Rien de dessiné à modifier pour l’instant"
    )
    assert phone.locator(".leaflet-control-locate a").get_attribute("title") == "Montrer où je suis"
    scale = phone.locator(".leaflet-control-scale").inner_text()
    assert scale.endswith(("m", "km")) and "ft" not in scale and "mi" not in scale
    assert phone.locator(".leaflet-control-scale-line").count() == 1


def test_on_a_phone_a_resident_draws_a_line_and_an_area_by_taps_and_the_map_stays_put(
    live_server, loos_live, phone
):
    resident = verified_resident()
    log_in(phone, live_server, resident)
    map_name = open_map(phone, live_server)
    zoom_to_town_centre(phone, map_name)
    phone.locator(".folium-map").scroll_into_view_if_needed()

    phone.locator(".leaflet-draw-draw-polyline").tap()
    for x, y in ((0.35, 0.2), (0.6, 0.3), (0.75, 0.2)):
        _tap_map(phone, map_name, x, y)
    phone.locator(".leaflet-draw-actions a", has_text="Terminer").tap()
    phone.locator("#proposal-form").wait_for()
    # The form is a sheet over the map's lower part: the line stays above it, in view.
    assert "Longueur de la ligne" in phone.locator("#proposal-measure").inner_text()
    wait_until_still(phone, map_name)
    before = _view(phone, map_name)
    _send(phone, "Un chemin entre les terrils")
    line = Proposal.objects.get(title="Un chemin entre les terrils")
    assert line.author == resident
    assert line.geometry.geom_type == "LineString" and len(line.geometry.coords) == 3
    phone.wait_for_timeout(400)
    assert _view(phone, map_name) == before
    # Nor does the page move: the map is where the resident left it.
    scroll = phone.evaluate("window.scrollY")

    phone.locator("#proposal-panel-close").tap()
    assert phone.evaluate("window.scrollY") == scroll
    assert phone.locator(".leaflet-popup").count() == 1  # the new line's
    phone.locator(".leaflet-draw-draw-polygon").tap()
    # Starting a drawing closes every popup, so no tap meant for the area lands on one.
    # (Leaflet removes a closed popup after its 200 ms fade.)
    phone.locator(".leaflet-popup").wait_for(state="detached", timeout=2000)
    for x, y in ((0.3, 0.55), (0.65, 0.55), (0.6, 0.78), (0.35, 0.8)):
        _tap_map(phone, map_name, x, y)
    phone.locator(".leaflet-draw-actions a", has_text="Terminer").tap()
    phone.locator("#proposal-form").wait_for()
    wait_until_still(phone, map_name)
    before = _view(phone, map_name)
    _send(phone, "Un verger au pied du terril", category="agriculture")
    area = Proposal.objects.get(title="Un verger au pied du terril")
    assert area.geometry.geom_type == "Polygon" and len(area.geometry.coords[0]) == 5
    phone.wait_for_timeout(400)
    assert _view(phone, map_name) == before
    # Both are in the list (shown when in view), the area in view on the map.
    for title in ("Un chemin entre les terrils", "Un verger au pied du terril"):
        assert phone.locator("#proposal-list-items li", has_text=title).count() == 1
    assert phone.locator("#proposal-list-items li", has_text="Un verger au pied").is_visible()
    assert phone.locator(".leaflet-overlay-pane path.leaflet-interactive").count() >= 2
    assert phone.watcher.console_errors == []


def test_on_a_phone_a_popup_opened_from_the_list_is_clear_of_the_controls(
    live_server, loos_live, phone
):
    open_map(phone, live_server)
    phone.wait_for_load_state("networkidle")
    phone.locator("#proposal-list-items li:visible button").first.tap()
    popup = phone.locator(".leaflet-popup-content-wrapper")
    popup.wait_for()
    map_name = phone.evaluate("document.querySelector('.folium-map').id")
    wait_until_still(phone, map_name)
    phone.wait_for_timeout(300)
    box = popup.bounding_box()
    for selector in (*TOOLS, ".leaflet-control-layers", ".leaflet-control-locate"):
        control = phone.locator(selector).bounding_box()
        overlaps = not (
            box["x"] >= control["x"] + control["width"]
            or control["x"] >= box["x"] + box["width"]
            or box["y"] >= control["y"] + control["height"]
            or control["y"] >= box["y"] + box["height"]
        )
        assert not overlaps, selector
    link = phone.locator(".leaflet-popup-content a", has_text="Ouvrir la proposition")
    assert phone.evaluate(_COVERED, ".leaflet-popup-content a") is None
    assert link.is_visible()


def test_on_a_phone_the_map_page_has_no_serious_accessibility_violation(
    live_server, loos_live, phone
):
    log_in(phone, live_server, verified_resident())
    map_name = open_map(phone, live_server)
    phone.wait_for_load_state("networkidle")
    zoom_to_town_centre(phone, map_name)
    phone.locator("#propose-centre").tap()
    phone.locator("#proposal-form").wait_for()
    assert _serious_violations(phone) == []


def test_the_proposal_form_chooses_no_category_for_the_resident(live_server, loos_live, page):
    log_in(page, live_server, verified_resident())
    before = Proposal.objects.count()
    map_name = open_map(page, live_server)
    zoom_to_town_centre(page, map_name)
    page.locator("#propose-centre").click()
    category = page.locator("#proposal-category")
    assert category.input_value() == ""
    assert category.get_attribute("required") is not None
    page.locator("#proposal-form").get_by_label("Titre").fill("Un banc sans catégorie")
    page.locator("#proposal-form").get_by_label("Description").fill("Pour voir.")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    assert page.locator("#proposal-category-error").inner_text() == (
        "Choisissez la catégorie de votre idée."
    )
    assert category.get_attribute("aria-invalid") == "true"
    assert Proposal.objects.count() == before


def test_a_self_intersecting_area_is_marked_on_the_map_where_it_crosses(
    live_server, loos_live, page
):
    from tests.browser.helpers import draw_polygon, make_room_to_draw
    from tests.browser.test_proposals import BOWTIE

    log_in(page, live_server, verified_resident())
    map_name = open_map(page, live_server)
    zoom_to_town_centre(page, map_name)
    make_room_to_draw(page, map_name)
    draw_polygon(page, map_name, BOWTIE)
    form = page.locator("#proposal-form")
    form.get_by_label("Titre").fill("Un nœud papillon")
    form.get_by_label("Description").fill("Une surface qui se croise.")
    form.get_by_label("Catégorie").select_option("nature")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.locator("#drawing-error").wait_for()
    mark = page.locator("path.drawing-problem")
    mark.wait_for()
    assert page.get_by_text("Le contour se croise ici").is_visible()
    # The mark is where the bowtie's diagonals cross, the town centre.
    box = mark.bounding_box()
    centre = page.evaluate(f"window['{map_name}'].latLngToContainerPoint([{LAT}, {LON}])")
    map_box = page.locator(".folium-map").bounding_box()
    assert abs(box["x"] + box["width"] / 2 - (map_box["x"] + centre["x"])) < 3
    assert abs(box["y"] + box["height"] / 2 - (map_box["y"] + centre["y"])) < 3


def test_keyboard_only_a_resident_draws_an_area_vertex_by_vertex_and_sends_it(
    live_server, loos_live, page
):
    resident = verified_resident()
    log_in(page, live_server, resident)
    map_name = open_map(page, live_server)
    zoom_to_town_centre(page, map_name)
    wait_until_still(page, map_name)
    tab_to(page, "el.id === 'keyboard-area'")
    page.keyboard.press("Enter")
    status = page.locator("#keyboard-status")
    assert "Dessin d’une surface" in status.inner_text()
    # The focus is on "add a vertex here"; the arrow keys move the map from there.
    assert page.evaluate("document.activeElement.id") == "keyboard-add"
    centres = []
    for arrow in (None, "ArrowRight", "ArrowDown"):
        for _ in range(3 if arrow else 0):
            page.keyboard.press(arrow)
        wait_until_still(page, map_name)
        centres.append(page.evaluate(f"window['{map_name}'].getCenter()"))
        page.keyboard.press("Enter")
        wait_until(
            page,
            f"document.getElementById('keyboard-status').textContent.indexOf("
            f"'Sommet {len(centres)} ajouté') === 0",
        )
    page.keyboard.press("Tab")  # undo
    page.keyboard.press("Enter")
    assert "il en reste 2" in status.inner_text()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # the third vertex again, where the map is
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # finish
    page.keyboard.press("Enter")
    assert "La surface est fermée avec 3 sommets" in status.inner_text()
    # The form opened on its title.
    page.keyboard.type("Une prairie fleurie")
    page.keyboard.press("Tab")
    page.keyboard.type("Fauchée une fois l’an, pour les abeilles.")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the first category: the list starts with none chosen
    tab_to(page, "el.textContent.trim() === 'Envoyer ma proposition'")
    page.keyboard.press("Enter")
    page.get_by_text("Merci : votre proposition est sur la carte.").wait_for()

    proposal = Proposal.objects.get(title="Une prairie fleurie")
    assert proposal.author == resident
    assert proposal.geometry.geom_type == "Polygon"
    ring = proposal.geometry.coords[0]
    assert len(ring) == 4
    for (lon, lat), centre in zip(ring[:3], centres, strict=True):
        assert lon == pytest.approx(centre["lng"], abs=1e-6)
        assert lat == pytest.approx(centre["lat"], abs=1e-6)
    assert page.watcher.console_errors == []
