"""Vector tiles made by PostGIS from the catalogue's rows, decoded as a map would read them."""

import math

import mapbox_vector_tile
import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.geos import Point
from django.core.cache import caches
from django.db import connection

from accounts.roles import Role
from mapping.models import Proposal
from mapping.services.moderation import content_hide
from territory import tiles
from territory.catalogue import REGISTRY, layers
from tests.accounts.factories import UserFactory
from tests.geometries import TOWN_CENTRE
from tests.land_use.factories import planner, with_role
from tests.mapping.factories import ProposalFactory

LON, LAT = TOWN_CENTRE


@pytest.fixture(autouse=True)
def empty_tile_cache():
    """The tile cache outlives each test's rolled-back transaction, and with it the versions
    it was keyed by: each test starts with it empty."""
    caches["tiles"].clear()


def tile_over(lon, lat, z):
    """The tile (z, x, y) holding the point, by the slippy-map formula."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, x, y


def url(collection, z, x, y):
    return f"/tiles/{collection}/{z}/{x}/{y}.mvt"


def features(response, collection):
    if response.status_code == 204:
        return []
    assert response.status_code == 200, response.content
    decoded = mapbox_vector_tile.decode(response.content)
    return decoded[collection]["features"] if collection in decoded else []


def fids(response, collection):
    return {feature["properties"]["fid"] for feature in features(response, collection)}


def proposal_at(loos, lon, lat, **kwargs):
    return ProposalFactory(commune=loos, geometry=Point(lon, lat, srid=4326), **kwargs)


def test_a_tile_holds_the_features_of_its_area_and_none_outside(client, loos):
    inside = proposal_at(loos, LON, LAT)
    # About 1.5 km east: another z16 tile (each is about 380 m wide here), beyond its buffer.
    outside = proposal_at(loos, LON + 0.02, LAT)
    response = client.get(url("proposals", *tile_over(LON, LAT, 16)))
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    found = features(response, "proposals")
    assert {f["properties"]["fid"] for f in found} == {inside.pk}
    assert found[0]["id"] == inside.pk
    assert found[0]["properties"]["title"] == inside.title
    assert outside.pk in fids(
        client.get(url("proposals", *tile_over(LON + 0.02, LAT, 16))), "proposals"
    )


def test_every_layer_answers_a_tile_over_the_town_with_its_public_map_columns_only(client, loos):
    for layer in layers():
        response = client.get(url(layer.key, *tile_over(LON, LAT, 14)))
        assert response.status_code in (200, 204), layer.key
        allowed = {"fid"} | {column.name for column in layer.map_columns()}
        for feature in features(response, layer.key):
            if "count" in feature["properties"]:  # a cluster: how many, nothing of each
                assert set(feature["properties"]) == {"fid", "count"}, layer.key
            else:
                assert set(feature["properties"]) <= allowed, layer.key


def test_no_personal_column_is_in_a_tile_even_for_a_planner(client, loos):
    proposal_at(loos, LON, LAT)
    client.force_login(planner())
    response = client.get(url("proposals", *tile_over(LON, LAT, 16)))
    (feature,) = features(response, "proposals")
    assert "author_email" not in feature["properties"]
    assert "author_username" not in feature["properties"]
    assert feature["properties"]["author_name"]


def test_a_hidden_proposal_is_in_no_public_tile_but_a_planner_sees_it(client, loos):
    hidden = proposal_at(loos, LON, LAT, is_hidden=True)
    shown = proposal_at(loos, LON + 0.0005, LAT)
    for z in (8, 12, 16):
        assert hidden.pk not in fids(
            client.get(url("proposals", *tile_over(LON, LAT, z))), "proposals"
        )
    assert shown.pk in fids(client.get(url("proposals", *tile_over(LON, LAT, 16))), "proposals")
    client.force_login(planner())
    assert hidden.pk in fids(client.get(url("proposals", *tile_over(LON, LAT, 16))), "proposals")


def test_hiding_through_the_moderation_service_invalidates_the_cached_public_tile(client, loos):
    proposal = proposal_at(loos, LON, LAT)
    address = url("proposals", *tile_over(LON, LAT, 16))
    first = client.get(address)
    assert proposal.pk in fids(first, "proposals")
    assert client.get(address)["ETag"] == first["ETag"]  # served from the cache
    moderator = with_role(UserFactory(), Role.MODERATOR)
    content_hide(moderator=moderator, reason="Propos injurieux.", proposal=proposal)
    after = client.get(address)
    assert after["ETag"] != first["ETag"]
    assert proposal.pk not in fids(after, "proposals")


def test_a_bulk_update_invalidates_the_cached_tile(client, loos):
    proposal = proposal_at(loos, LON, LAT)
    address = url("proposals", *tile_over(LON, LAT, 16))
    assert features(client.get(address), "proposals")[0]["properties"]["title"] == proposal.title
    Proposal.objects.filter(pk=proposal.pk).update(title="Un titre changé en masse")
    (feature,) = features(client.get(address), "proposals")
    assert feature["properties"]["title"] == "Un titre changé en masse"


def test_raw_sql_on_a_related_table_changes_the_layer_version(loos):
    layer = next(entry for entry in layers() if entry.key == "proposals")
    before = tiles.layer_version(layer)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET display_name = display_name WHERE false")
    assert tiles.layer_version(layer) > before


def test_the_same_etag_answers_304_without_a_body(client, loos):
    proposal_at(loos, LON, LAT)
    address = url("proposals", *tile_over(LON, LAT, 16))
    first = client.get(address)
    assert first["Cache-Control"].startswith("public")
    again = client.get(address, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_a_signed_in_persons_tile_is_private(client, loos):
    proposal_at(loos, LON, LAT)
    client.force_login(planner())
    response = client.get(url("proposals", *tile_over(LON, LAT, 16)))
    assert response["Cache-Control"].startswith("private")


def test_an_empty_tile_answers_204(client, loos):
    response = client.get(url("proposals", 16, 0, 0))
    assert response.status_code == 204
    assert response.content == b""


def test_an_unknown_layer_is_404_and_a_tile_out_of_range_400_in_french(client, loos):
    assert client.get(url("nothing-here", 1, 0, 0)).status_code == 404
    for z, x, y in ((23, 0, 0), (3, 8, 0), (3, 0, 8)):
        response = client.get(url("proposals", z, x, y))
        assert response.status_code == 400
        assert "Cette tuile n’existe pas" in response.content.decode()


def test_a_low_zoom_tile_over_thousands_of_points_is_aggregated_and_small(client, loos):
    proposal = proposal_at(loos, LON, LAT)
    # Three cells west of the crowd (a z10 cell is about 0.022° wide): alone in its cell.
    alone = proposal_at(loos, LON - 0.08, LAT)
    assert tile_over(LON - 0.08, LAT, 10) == tile_over(LON, LAT, 10)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO mapping_proposal
            SELECT (p).* FROM (
                SELECT (jsonb_populate_record(NULL::mapping_proposal,
                    to_jsonb(src) - 'id' || jsonb_build_object(
                        'id', nextval(pg_get_serial_sequence('mapping_proposal', 'id')),
                        'geometry', ST_SetSRID(ST_MakePoint(
                            %s + (i %% 100) * 0.0003, %s + (i / 100) * 0.0002), 4326)
                    ))) AS p
                FROM mapping_proposal AS src, generate_series(1, 5000) AS i
                WHERE src.id = %s
            ) AS s
            """,
            [LON - 0.015, LAT - 0.005, proposal.pk],
        )
    public = REGISTRY["proposals"].rows(loos, AnonymousUser()).count()
    assert public > 5000
    response = client.get(url("proposals", *tile_over(LON, LAT, 10)))
    found = features(response, "proposals")
    assert len(response.content) < tiles.MAX_TILE_BYTES
    assert sum(f["properties"].get("count", 1) for f in found) == public
    assert len(found) < 500
    # A proposal alone in its cell comes as itself, with its columns, clickable for its popup.
    (single,) = [f for f in found if f["properties"]["fid"] == alone.pk]
    assert "count" not in single["properties"]
    assert single["properties"]["title"] == alone.title
    # Close up, the same points come one by one.
    close = features(client.get(url("proposals", *tile_over(LON, LAT, 17))), "proposals")
    assert close and all("count" not in f["properties"] for f in close)


def test_a_tile_over_more_rows_than_the_limit_comes_as_clusters_even_for_areas(
    client, loos, monkeypatch
):
    from land_use.models import OrganicParcel

    parcels = OrganicParcel.objects.filter(commune=loos, archived_at__isnull=True)
    where = parcels.first().geometry.point_on_surface
    tile = tile_over(where.x, where.y, 10)  # cells of about 2.4 km: the town in a few
    whole = features(client.get(url("parcels", *tile)), "parcels")
    assert whole and all("count" not in f["properties"] for f in whole)

    caches["tiles"].clear()
    monkeypatch.setattr(tiles, "MAX_TILE_FEATURES", len(whole) - 1)
    crowded = features(client.get(url("parcels", *tile)), "parcels")
    assert any("count" in f["properties"] for f in crowded)
    assert sum(f["properties"].get("count", 1) for f in crowded) == len(whole)
