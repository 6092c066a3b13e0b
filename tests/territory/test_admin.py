"""The admin's map widget works on an intranet without internet: OpenLayers comes from the app."""

from urllib.parse import urlparse

import pytest

from territory.webmap.assets import asset_urls

ADMIN_MAP_PAGES = [
    "/admin/territory/commune/add/",
    "/admin/land_use/zone/add/",
    "/admin/land_use/organicparcel/add/",
    "/admin/land_use/ecohousingsite/add/",
    "/admin/heritage/heritagesite/add/",
]


@pytest.fixture
def proposal_change_page(loos):
    """Proposals are not added in the admin (residents draw them), only corrected: the map
    widget is on their change page."""
    from tests.mapping.factories import ProposalFactory

    return f"/admin/mapping/proposal/{ProposalFactory(commune=loos).pk}/change/"


@pytest.mark.parametrize("url", [*ADMIN_MAP_PAGES, "proposal"])
def test_the_admin_map_widget_loads_openlayers_from_the_app(admin_client, url, request):
    if url == "proposal":
        url = request.getfixturevalue("proposal_change_page")
    response = admin_client.get(url)
    assert response.status_code == 200
    urls = asset_urls(response.content.decode())
    assert any(u.endswith("vendor/ol/dist/ol.js") for u in urls)
    for asset in urls:
        assert not urlparse(asset).netloc, asset
        if asset.startswith("/static/"):
            assert admin_client.get(asset).status_code == 200, asset


def test_every_model_has_an_admin_page_or_is_shown_inside_one(admin_client):
    from django.apps import apps
    from django.contrib import admin

    from territory.history import versioned_models

    # A record's versions are shown on its history page, linked from its admin page.
    versions = {entry.version_model for entry in versioned_models()}

    ours = ("accounts", "territory", "land_use", "heritage", "mapping")
    inline_models = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    missing = [
        model.__name__
        for model in apps.get_models()
        if model._meta.app_label in ours
        and not model._meta.auto_created
        and model not in admin.site._registry
        and model not in inline_models
        and model not in versions
    ]
    assert missing == []
