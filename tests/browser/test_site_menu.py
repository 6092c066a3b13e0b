"""The site's menu: folded behind a button on a phone, so every page starts under one line of
header; unfolded on a desktop."""

import pytest

pytestmark = pytest.mark.browser


def test_on_a_phone_the_menu_is_folded_behind_a_button_that_opens_it(live_server, loos_live, phone):
    phone.goto(live_server.url + "/consultations/")
    header = phone.locator(".site-header")
    toggle = phone.get_by_role("button", name="Menu")
    menu_link = phone.locator(".site-header__menu").get_by_role("link", name="Chiffres clés")
    assert header.bounding_box()["height"] < 80
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu_link.is_visible()

    toggle.tap()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu_link.is_visible()
    phone.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu_link.is_visible()

    toggle.tap()
    menu_link.tap()
    phone.wait_for_url("**/key-figures/")


def test_on_a_desktop_the_menu_is_unfolded_and_has_no_button(live_server, loos_live, page):
    page.goto(live_server.url + "/consultations/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.locator(".site-header__menu").get_by_role("link", name="Chiffres clés").is_visible()
