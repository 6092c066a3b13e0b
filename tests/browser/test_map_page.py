"""A visitor opens the map at `/` in Chromium."""

import pytest

from tests.browser.helpers import (
    LAYERS_DRAWN,
    log_in,
    open_map,
    verified_resident,
    wait_until_quiet,
)

pytestmark = pytest.mark.browser


def test_a_visitor_sees_every_layer_drawn_and_the_legend_without_errors(
    live_server, loos_live, page
):
    page.goto(live_server.url + "/")
    page.wait_for_selector(LAYERS_DRAWN)

    # The layer switcher lists every layer, in French.
    control = page.locator(".leaflet-control-layers-overlays")
    for name in (
        "Limite de la commune",
        "Zones du PLU (illustratives)",
        "Terres agricoles biologiques",
        "Abords des monuments historiques (500 m)",
        "Patrimoine minier et monuments",
        "Écohabitat",
        "Propositions des habitants",
        "Réunions publiques",
    ):
        assert control.get_by_text(name, exact=True).is_visible(), name

    # Shapes are drawn: 12 zones, 8 parcels, the boundary, heritage and proposals.
    drawn = page.locator(".leaflet-overlay-pane path.leaflet-interactive").count()
    assert drawn >= 30

    legend = page.get_by_role("heading", name="Légende")
    assert legend.is_visible()
    assert page.get_by_text("U – urbaine").is_visible()

    assert page.watcher.console_errors == []
    assert page.watcher.failed_requests == []


def test_clicking_a_parcel_opens_a_popup_without_the_farmers_identity(live_server, loos_live, page):
    page.goto(live_server.url + "/")
    page.wait_for_selector(LAYERS_DRAWN)
    # Hide every layer but the organic farmland, then click a parcel (drawn in dark green).
    for name in ("Zones du PLU (illustratives)", "Limite de la commune"):
        page.locator(".leaflet-control-layers-overlays").get_by_text(name, exact=True).click()
    parcel = '.leaflet-overlay-pane path.leaflet-interactive[stroke="#00441b"]'
    page.locator(parcel).first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Code culture RPG" in popup.inner_text()
    assert page.watcher.console_errors == []


def test_on_a_desktop_the_layer_list_folds_while_the_proposal_panel_is_open(
    live_server, loos_live, page
):
    log_in(page, live_server, verified_resident())
    open_map(page, live_server)
    layers = page.locator(".leaflet-control-layers")
    assert "leaflet-control-layers-expanded" in layers.get_attribute("class")
    page.locator("#propose-centre").click()
    page.locator("#proposal-form").wait_for()
    # Folded into its button: it covers neither the panel nor the drawing beside it.
    assert "leaflet-control-layers-expanded" not in layers.get_attribute("class")
    page.locator("#proposal-cancel").click()
    assert page.locator("#proposal-panel").is_hidden()
    assert "leaflet-control-layers-expanded" in layers.get_attribute("class")


@pytest.fixture
def large_layers(settings):
    """Every layer over three features comes as vector tiles, as 100,000 parcels would."""
    settings.MAP_GEOJSON_MAX_FEATURES = 3


def test_the_map_asks_only_for_the_vector_tiles_of_the_zoom_it_opens_at(
    live_server, loos_live, large_layers, page
):
    # The commune is fitted before any layer is added: the tiles of the zoom it would start at
    # are never asked for (the server makes each tile it is asked for, even one thrown away).
    asked = []
    page.on(
        "request",
        lambda request: asked.append(request.url) if "/tiles/" in request.url else None,
    )
    map_name = open_map(page, live_server)
    wait_until_quiet(page)
    zoom = page.evaluate(f"window['{map_name}'].getZoom()")
    zooms = {int(url.split("/tiles/", 1)[1].split("/")[1]) for url in asked}
    assert asked
    assert zooms == {zoom}


def test_a_tiled_parcel_opens_its_popup_when_clicked(live_server, loos_live, large_layers, page):
    from land_use.models import OrganicParcel

    parcel = OrganicParcel.objects.filter(commune=loos_live).first()
    inside = parcel.geometry.point_on_surface
    map_name = open_map(page, live_server)
    page.wait_for_selector(".leaflet-tile-pane canvas.leaflet-tile")
    assert page.locator(".leaflet-overlay-pane path[stroke='#00441b']").count() == 0
    for name in ("Zones du PLU (illustratives)", "Propositions des habitants"):
        page.locator(".leaflet-control-layers-overlays").get_by_text(name, exact=True).click()
    page.evaluate(f"window['{map_name}'].setView([{inside.y}, {inside.x}], 17, {{animate: false}})")
    page.wait_for_selector(LAYERS_DRAWN)
    page.wait_for_load_state("networkidle")
    point = page.evaluate(
        f"(() => {{ const m = window['{map_name}']; const box = m.getContainer()"
        f".getBoundingClientRect(); const p = m.latLngToContainerPoint([{inside.y}, {inside.x}]);"
        " return [box.left + p.x, box.top + p.y]; })()"
    )
    page.mouse.click(*point)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert parcel.name in popup.inner_text()
    assert "Code culture RPG" in popup.inner_text()
    wait_until_quiet(page)
    assert page.watcher.console_errors == []


def test_on_a_phone_a_tap_just_beside_a_tiled_proposal_opens_it(
    live_server, loos_live, large_layers, phone
):
    # The tiles are painted on canvases that take no touch: the map finds what is under the
    # finger itself, top layer first, with a finger's tolerance (here 14 px off the dot's
    # centre, beyond its 9 px radius).
    from mapping.models import Proposal
    from territory.catalogue import layers

    def alone(point) -> bool:  # no other dot of the map within about 40 m (0.0005°)
        return not any(
            entry.rows(loos_live, None)
            .filter(**{f"{entry.geometry_field}__dwithin": (point, 0.0005)})
            .exists()
            for entry in layers()
            if entry.on_map and entry.key != "proposals" and entry.geometry_type != "MultiPolygon"
        )

    shown = Proposal.objects.filter(commune=loos_live).exclude(status="withdrawn")
    proposal = next(
        p for p in shown.order_by("pk") if p.geometry.geom_type == "Point" and alone(p.geometry)
    )
    where = proposal.geometry
    map_name = open_map(phone, live_server)
    phone.evaluate(f"window['{map_name}'].setView([{where.y}, {where.x}], 18, {{animate: false}})")
    phone.wait_for_selector(LAYERS_DRAWN)
    wait_until_quiet(phone)
    x, y = phone.evaluate(
        f"(() => {{ const m = window['{map_name}']; const box = m.getContainer()"
        f".getBoundingClientRect(); const p = m.latLngToContainerPoint([{where.y}, {where.x}]);"
        " return [box.left + p.x, box.top + p.y]; })()"
    )
    phone.touchscreen.tap(x + 14, y)
    popup = phone.locator(".leaflet-popup-content h2", has_text=proposal.title)
    popup.wait_for()
    wait_until_quiet(phone)
    assert phone.watcher.console_errors == []
