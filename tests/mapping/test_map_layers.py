"""The map's layers fetched by the page (/map/layers/<key>.geojson) and the switch to vector
tiles for a layer too large to fetch whole (mapping/webmap/loading.py)."""

import json
import re

import pytest
from django.contrib.gis.geos import Point
from django.test import override_settings

from accounts.roles import Role
from mapping.models import Proposal
from tests.accounts.factories import UserFactory
from tests.geometries import TOWN_CENTRE
from tests.land_use.factories import with_role
from tests.mapping.factories import ProposalFactory

FAR_EAST = (2.8300, 50.4700)  # inside the commune's box, 2.5 km east of the town centre


def layer(client, key, **params):
    response = client.get(f"/map/layers/{key}.geojson", {"commune": "62528", **params})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def box_around(lon, lat, half=0.002):
    return f"{lon - half},{lat - half},{lon + half},{lat + half}"


def titles(collection):
    return {feature["properties"]["title"] for feature in collection["features"]}


def test_every_layer_of_the_map_answers_its_features_with_the_public_map_columns(client, loos):
    from territory.catalogue import layers

    for entry in layers():
        if not entry.on_map:
            continue
        collection = layer(client, entry.key)
        assert collection["type"] == "FeatureCollection"
        assert collection["numberMatched"] == len(collection["features"]) > 0, entry.key
        names = {column.name for column in entry.map_columns()}
        for feature in collection["features"]:
            assert set(feature["properties"]) == names, entry.key


def test_a_bbox_returns_the_features_it_touches_and_none_outside(client, loos):
    near = ProposalFactory(commune=loos, title="Près de la mairie")
    far = ProposalFactory(commune=loos, title="Loin à l'est", geometry=Point(*FAR_EAST, srid=4326))
    collection = layer(client, "proposals", bbox=box_around(*TOWN_CENTRE))
    assert near.title in titles(collection)
    assert far.title not in titles(collection)
    assert collection["numberMatched"] == len(collection["features"])


def test_a_limit_keeps_the_newest_proposals_and_says_how_many_match(client, loos):
    total = Proposal.objects.filter(commune=loos).exclude(status="withdrawn").count()
    newest = ProposalFactory(commune=loos, title="La toute dernière idée")
    collection = layer(client, "proposals", limit="2")
    assert len(collection["features"]) == 2
    assert collection["numberMatched"] == total + 1
    assert collection["features"][0]["id"] == newest.pk


def test_the_lists_filters_apply_to_the_proposals(client, loos):
    ProposalFactory(commune=loos, title="Des nichoirs pour les martinets", category="nature")
    ProposalFactory(commune=loos, title="Un banc de plus", category="public_space")
    found = layer(client, "proposals", category="nature", search="MARTINETS")
    assert titles(found) == {"Des nichoirs pour les martinets"}


def test_a_hidden_proposal_is_fetched_by_a_moderator_but_not_by_the_public(client, loos):
    hidden = ProposalFactory(commune=loos, title="Un texte masqué", is_hidden=True)
    assert hidden.title not in titles(layer(client, "proposals"))
    client.force_login(with_role(UserFactory(), Role.MODERATOR))
    assert hidden.title in titles(layer(client, "proposals"))


@pytest.mark.parametrize(
    ("params", "sentence"),
    [
        ({"bbox": "1,2,3"}, "bbox takes four numbers"),
        ({"limit": "0"}, "limit goes from 1 to"),
        ({"consultation": "la révision"}, "The consultation is given by its number."),
    ],
)
def test_a_bad_parameter_is_refused_with_a_sentence(client, loos, params, sentence):
    response = client.get("/map/layers/proposals.geojson", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert sentence in response.json()["detail"]


def test_a_layer_the_map_does_not_show_is_404(client, loos):
    assert client.get("/map/layers/no-such-layer.geojson").status_code == 404


def _tile_urls(html):
    return re.findall(r"L\.vectorGrid\.protobuf\(\s*'([^']+)'", html)


def test_small_layers_are_fetched_whole_and_none_is_tiled(client, loos):
    html = client.get("/").content.decode()
    assert _tile_urls(html) == []
    assert "CadreDeVie.fetchLayer(geo_json_" in html


@override_settings(MAP_GEOJSON_MAX_FEATURES=3)
def test_a_layer_larger_than_the_limit_comes_as_vector_tiles_of_its_commune(client, loos):
    assert Proposal.objects.filter(commune=loos).count() > 3
    html = client.get("/").content.decode()
    tiled = _tile_urls(html)
    assert "/tiles/proposals/{z}/{x}/{y}.mvt?commune=62528" in tiled
    assert "/tiles/parcels/{z}/{x}/{y}.mvt?commune=62528" in tiled
    # The commune's boundary is one feature: still fetched whole.
    assert "/tiles/communes/{z}/{x}/{y}.mvt?commune=62528" not in tiled
    assert '"tiled": true' in html
    assert len(html.encode()) < 500 * 1024


@override_settings(MAP_LIST_MAX=2)
def test_the_page_without_script_lists_only_the_newest_proposals(client, loos):
    newest = ProposalFactory(commune=loos, title="La dernière proposition")
    html = client.get("/").content.decode()
    listed = re.findall(r'<li><a href="/proposals/(\d+)/">', html)
    assert listed[0] == str(newest.pk)
    assert len(listed) == 2
