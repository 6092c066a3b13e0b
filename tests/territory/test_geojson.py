import json

from django.db import connection

from land_use.models import Zone
from territory.geojson import feature_collection, features_array, stream_feature_collection

PROPERTIES = ["libelle", "typezone"]


def test_the_streamed_collection_is_the_same_document_as_the_one_built_in_one_query(loos):
    zones = Zone.objects.order_by("id")
    streamed = json.loads("".join(stream_feature_collection(zones, PROPERTIES, chunk_size=5)))
    whole = json.loads(feature_collection(zones, PROPERTIES))
    assert streamed == whole
    assert len(streamed["features"]) == zones.count() > 5


def test_features_are_streamed_from_a_server_side_cursor_a_chunk_at_a_time(loos):
    zones = Zone.objects.order_by("id")
    pieces = stream_feature_collection(zones, PROPERTIES, chunk_size=3)
    assert next(pieces) == '{"type":"FeatureCollection","features":['
    first_chunk = next(pieces)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_cursors WHERE NOT is_holdable OR is_holdable")
        open_cursors = [row[0] for row in cursor.fetchall()]
    # The named cursor is open in PostgreSQL while the first rows are already out.
    assert any(
        "DECLARE" in statement and "json_build_object" in statement for statement in open_cursors
    )
    assert len(json.loads(f"[{first_chunk}]")) == 3
    rest = list(pieces)
    assert rest[-1] == "]}"
    assert len(rest) == 1 + (zones.count() - 3 + 2) // 3


def test_an_empty_layer_streams_a_valid_empty_collection(db):
    document = json.loads("".join(stream_feature_collection(Zone.objects.none(), PROPERTIES)))
    assert document == {"type": "FeatureCollection", "features": []}


def test_features_array_holds_rfc7946_features_with_a_top_level_id_and_no_crs(loos):
    zone = Zone.objects.order_by("id").first()
    (feature,) = json.loads(features_array(Zone.objects.filter(pk=zone.pk), PROPERTIES))
    assert feature["id"] == zone.pk
    assert feature["properties"] == {"libelle": zone.libelle, "typezone": zone.typezone}
    assert "crs" not in feature["geometry"]
