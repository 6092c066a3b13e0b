"""Steps the browser tests share: logging a person in, drawing on the map."""

import time

from django.test import Client

from tests.geometries import TOWN_CENTRE

STRONG_PASSWORD = "un mot de passe solide"


def log_in(page, live_server, user) -> None:
    """Give the browser the session of `user`, as if they had logged in."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def verified_resident(**fields):
    """A resident whose email address is confirmed, who can log in with the form."""
    from allauth.account.models import EmailAddress

    from tests.accounts.factories import UserFactory

    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


# The commune's map sets this once every layer shown has arrived (mapping/webmap/loading.py).
LAYERS_DRAWN = '.folium-map[data-layers-drawn="true"]'


def open_map(page, live_server, path="/") -> str:
    """Open the commune's map and wait for its layers; returns the map's JS name."""
    page.goto(live_server.url + path)
    page.wait_for_selector(LAYERS_DRAWN)
    return page.evaluate("document.querySelector('.folium-map').id")


def wait_until_quiet(page) -> None:
    """Wait until the commune's map asks the server for nothing more: no layer or list request
    and no tile loading. A request still running when a test ends would hold the locks that the
    test database's flush needs."""
    page.wait_for_timeout(300)  # the list's refresh waits 150 ms after the map stops
    wait_until(
        page,
        "CadreDeVie.pending === 0 && Object.values(window[document.querySelector('.folium-map')"
        ".id]._layers).every(l => !(l.isLoading && l.isLoading()))",
    )


def wait_until(page, expression: str, *, timeout_s: float = 10.0) -> None:
    """Wait until the JavaScript expression is true in the page.

    Playwright's wait_for_function evaluates its predicate with eval(), which the pages' content
    security policy forbids; page.evaluate runs through the debugging protocol and is allowed.
    """
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_s} s: {expression}")
        page.wait_for_timeout(50)


def zoom_to_town_centre(page, map_name: str, zoom: int = 17) -> None:
    """Centre the map on the town centre at `zoom`, once the page's own fitBounds has settled.

    The page fits the map to the commune as it loads, with an animated zoom; a view set while
    that animation runs is undone when it ends, so the view is set again until it holds.
    """
    lon, lat = TOWN_CENTRE
    for _attempt in range(10):
        wait_until(page, f"!window['{map_name}']._animatingZoom")
        page.evaluate(f"window['{map_name}'].setView([{lat}, {lon}], {zoom}, {{animate: false}})")
        page.wait_for_timeout(300)
        if page.evaluate(f"window['{map_name}'].getZoom()") == zoom:
            return
    raise AssertionError(f"the map did not stay at zoom {zoom}")


def wait_until_still(page, map_name: str) -> None:
    """Wait until the map neither pans nor zooms, as a person waits for it to stand still.

    Leaflet moves the map with a short animation when the arrow keys pan it and when Tab focuses
    a marker outside the view (autoPanOnFocus); a centre read during it is not where it stops.
    """
    wait_until(
        page,
        f"(function (map) {{ return !map._animatingZoom"
        f" && !(map._panAnim && map._panAnim._inProgress); }})(window['{map_name}'])",
    )


def make_room_to_draw(page, map_name: str) -> None:
    """Move the map so its centre lies in the lower left, as a person does to draw there.

    The layer list stays open over the map's upper right (LayerControl(collapsed=False)) and
    covers part of what is around the centre; an area drawn round the centre would need points
    under it. Moving the view a quarter of the map's width and a sixth of its height puts the
    centre where nothing covers it.
    """
    page.evaluate(
        f"(function (map) {{ var size = map.getSize();"
        f" map.panBy([size.x / 4, -size.y / 6], {{animate: false}}); }})(window['{map_name}'])"
    )


# What is under the pointer at (x, y), when it is not the map itself: a control drawn over the
# map (the layer list, the zoom buttons), something outside it, or null when the map is there.
_COVERED_AT = """([x, y, mapId]) => {
    const element = document.elementFromPoint(x, y);
    const map = document.getElementById(mapId);
    if (!element || !map.contains(element)) {
        return element ? element.outerHTML.slice(0, 120) : "nothing";
    }
    const control = element.closest(".leaflet-control");
    return control ? control.outerHTML.slice(0, 120) : null;
}"""


def click_at(page, map_name: str, lon: float, lat: float) -> None:
    """Click the map at a longitude and latitude, where a person can see the map.

    A point hidden under a control would click the control instead (the layer list ticks a
    layer off): that is refused, so a drawing is never silently short of a vertex.
    """
    box = page.locator(".folium-map").bounding_box()
    point = page.evaluate(f"window['{map_name}'].latLngToContainerPoint([{lat}, {lon}])")
    x, y = box["x"] + point["x"], box["y"] + point["y"]
    covered = page.evaluate(_COVERED_AT, [x, y, map_name])
    if covered:
        raise AssertionError(f"({lon}, {lat}) is not on the visible map but under {covered}")
    page.mouse.click(x, y)


def draw_polygon(page, map_name: str, ring) -> None:
    """Draw an area through the points of `ring` (lon, lat) and finish it."""
    page.locator(".leaflet-draw-draw-polygon").click()
    for lon, lat in ring:
        click_at(page, map_name, lon, lat)
        page.wait_for_timeout(150)
    page.locator(".leaflet-draw-actions a", has_text="Terminer").click()


def draw_point(page, map_name: str, lon: float, lat: float) -> None:
    page.locator(".leaflet-draw-draw-marker").click()
    click_at(page, map_name, lon, lat)


def tab_to(page, predicate_js: str, limit: int = 400) -> None:
    """Press Tab until the focused element `el` satisfies the JavaScript predicate."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(function (el) {{ return {predicate_js}; }})(document.activeElement)"):
            return
    raise AssertionError(f"never reached by Tab: {predicate_js}")


def menu_link(page, name: str):
    """A link of the site's menu, unfolding the menu first where it is folded (on a phone)."""
    toggle = page.locator(".site-header__toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return page.locator(".site-header__menu").get_by_role("link", name=name)
