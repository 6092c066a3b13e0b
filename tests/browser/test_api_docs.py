"""The API's documentation page works under the content security policy."""

import pytest

pytestmark = pytest.mark.browser


def test_the_api_docs_page_lists_the_collections_without_errors(live_server, page):
    response = page.goto(live_server.url + "/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_text("/api/v1/proposals/", exact=False).first.wait_for()
    assert page.get_by_text("/api/v1/zones/", exact=False).first.is_visible()
    assert page.watcher.console_errors == []
    assert page.watcher.failed_requests == []
