"""The map page at `/`: every layer present, no feature in the page, every asset served by the
app itself. The layers' own addresses are tested in test_map_layers.py."""

import json
import re
from urllib.parse import urlparse

from territory.webmap.assets import asset_urls

LAYER_NAMES_FR = [
    "Limite de la commune",
    "Zones du PLU (illustratives)",
    "Terres agricoles biologiques",
    "Abords des monuments historiques (500 m)",
    "Patrimoine minier et monuments",
    "Écohabitat",
    "Équipements de la transition",
    "Propositions des habitants",
    "Réunions publiques",
]


def _page(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    return response.content.decode()


def _embedded_layers(html: str) -> list[dict]:
    """The FeatureCollections folium embedded in the page's script."""
    return [json.loads(match) for match in re.findall(r"_add\((\{\"features\": .*?\})\);\n", html)]


def test_the_map_page_answers_200_and_names_every_layer_in_french(client, loos):
    html = _page(client)
    for name in LAYER_NAMES_FR:
        assert name in html, name


def test_the_map_page_contains_no_inline_feature_data(client, loos):
    html = _page(client)
    # folium's GeoJSON layers start empty and the page fetches them (webmap.js fetchLayer).
    assert _embedded_layers(html), "the small layers are empty GeoJSON layers of the page"
    assert all(not layer["features"] for layer in _embedded_layers(html))
    assert '"geometry"' not in html and '"coordinates"' not in html
    scripts = "".join(re.findall(r"<script[^>]*>(.*?)</script>", html, re.DOTALL))
    assert "Un sentier de découverte des cités minières" not in scripts
    assert len(html.encode()) < 500 * 1024


def test_the_map_page_names_the_address_of_every_layer(client, loos):
    html = _page(client)
    for key in ("communes", "zones", "parcels", "heritage", "eco-housing", "meetings"):
        assert f'"/map/layers/{key}.geojson?commune=62528"' in html, key
    assert '"geojson_url": "/map/layers/proposals.geojson?commune=62528"' in html


def test_the_map_page_references_no_script_or_stylesheet_outside_the_app(client, loos):
    html = _page(client)
    urls = asset_urls(html)
    assert any(url.endswith("leaflet.js") for url in urls)
    for url in urls:
        parsed = urlparse(url)
        assert not parsed.scheme and not parsed.netloc, url
        assert url.startswith("/"), url


def test_every_asset_of_the_map_page_is_actually_served(client, loos):
    html = _page(client)
    for url in asset_urls(html):
        if url.startswith("/static/"):
            response = client.get(url)
            assert response.status_code == 200, url


def test_no_farmer_identity_or_hidden_proposal_reaches_the_public_map(client, loos):
    from mapping.models import Proposal

    hidden = Proposal.objects.filter(commune=loos).first()
    hidden.is_hidden = True
    hidden.save()
    html = _page(client)
    assert hidden.title not in html
    for key in ("parcels", "proposals"):
        layer = client.get(f"/map/layers/{key}.geojson?commune=62528").content.decode()
        assert "farmer" not in layer
        assert hidden.title not in layer


def test_another_commune_has_its_own_address_and_an_unknown_one_is_404(client, loos):
    assert client.get("/communes/62528/").status_code == 200
    assert client.get("/communes/99999/").status_code == 404


def test_user_text_is_escaped_in_the_list_and_kept_out_of_scripts(client, loos):
    from mapping.models import Proposal

    proposal = Proposal.objects.filter(commune=loos).first()
    proposal.title = '<script>alert("x")</script>'
    proposal.save()
    html = _page(client)
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_every_inline_script_of_the_map_page_carries_the_policys_nonce(client, loos):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "script-src 'self' 'nonce-" in policy
    assert "'unsafe-eval'" not in policy
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>", html)
    assert inline, "the map page has inline scripts (folium's)"
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline), inline
