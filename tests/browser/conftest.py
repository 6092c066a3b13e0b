"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium), headless."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run scripts/setup.sh test")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class PageWatcher:
    """Collects what a person would not see but would suffer from: errors, failed requests."""

    def __init__(self, page, tiles_prefix: str):
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self._tiles_prefix = tiles_prefix
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)

    def _is_tile(self, url: str) -> bool:
        return url.startswith(self._tiles_prefix)

    def _on_console(self, message):
        if message.type == "error" and not self._is_tile(message.location.get("url", "")):
            # A failed tile logs "Failed to load resource" with the tile's URL as location.
            self.console_errors.append(message.text)

    def _on_failed(self, request):
        if not self._is_tile(request.url):
            self.failed_requests.append(f"{request.url} {request.failure}")

    def _on_response(self, response):
        if response.status >= 400 and not self._is_tile(response.url):
            self.failed_requests.append(f"{response.url} {response.status}")


def _watched_page(browser, settings, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    tiles_prefix = settings.MAP_TILES_URL.split("{", 1)[0]
    page.watcher = PageWatcher(page, tiles_prefix)
    return context, page


@pytest.fixture
def page(browser, settings):
    context, page = _watched_page(
        browser, settings, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    yield page
    context.close()


# A phone as residents hold it: 390 x 844 CSS pixels, a touch screen, the browser in French.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "fr-FR",
}


@pytest.fixture
def phone(browser, settings):
    """A page in a phone's browser (PHONE); taps with page.touchscreen, no mouse."""
    context, page = _watched_page(browser, settings, **PHONE)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, settings):
    """A phone: 390 x 844 CSS pixels, touch, in French (an iPhone 12-14's viewport)."""
    context = browser.new_context(
        locale="fr-FR",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.watcher = PageWatcher(page, settings.MAP_TILES_URL.split("{", 1)[0])
    yield page
    context.close()
