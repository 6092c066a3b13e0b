"""The REST API's GeoJSON pages written by PostGIS (territory.api.geojson_pages) say exactly
what the read serializers say, for every layer of the API, for visitors and planners, with and
without a bbox; and the bbox query reads the geometry's GiST index."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import Resolver404, resolve
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from land_use.services import parcel_register
from mapping.services import fifty_fifty_apply, proposal_answer, proposal_create, support_add
from territory import catalogue
from territory.api.filters import BBoxFilter
from territory.api.geojson_pages import page_sql
from tests.accounts.factories import UserFactory
from tests.geometries import square
from tests.land_use.factories import farmer as make_farmer
from tests.land_use.factories import planner as make_planner
from tests.land_use.parcels import field
from tests.mapping.factories import ConsultationFactory, MeetingFactory

BBOX = "2.78,50.445,2.80,50.465"


def _api_view(key: str):
    try:
        return resolve(f"/api/v1/{key}/").func
    except Resolver404:
        return None


API_LAYERS = [entry.key for entry in catalogue.layers() if _api_view(entry.key) is not None]


@pytest.fixture
def people(loos):
    """A planner of Loos, a resident with no display name, and a few things they did: a
    proposal answered, supported, discussed at a meeting, carried as a fifty-fifty project."""
    planner = make_planner(is_staff=True, display_name="Service urbanisme")
    resident = UserFactory(display_name="")
    consultation = ConsultationFactory(commune=loos)
    proposal = proposal_create(
        author=resident,
        commune=loos,
        title="Des haies le long du chemin",
        description="Pour les oiseaux.",
        category="nature",
        geometry=square(half=0.002),
        consultation=consultation,
    )
    proposal_answer(proposal=proposal, planner=planner, status="under_review", answer="Vu.")
    support_add(proposal=proposal, user=UserFactory())
    meeting = MeetingFactory(
        commune=loos,
        starts_at=timezone.now().replace(microsecond=0) - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3, hours=-2),
    )
    meeting.proposals.set([proposal])
    fifty_fifty_apply(
        proposal=proposal,
        user=resident,
        collective_name="Les haies",
        collective_kind="residents",
        contact_name="Aline",
        contact_email="aline@example.org",
        contact_phone="03 21 00 00 00",
        total_budget="1234.5",
    )
    # A farmer's parcel whose crop group comes from its code (none stored).
    parcel_register(
        actor=make_farmer(display_name="Ferme du Bois"),
        commune=loos,
        geometry=field(),
        attributes={
            "name": "Le Grand Champ",
            "code_cultu": "btH ",
            "stage": "AB",
            "certification_body": "ecocert",
            "certification_state": "certified",
            "campaign_year": timezone.now().year,
        },
    )
    return {"visitor": None, "planner": planner, "applicant": resident}


def _page(view, url: str, user, *, by_postgis: bool, monkeypatch) -> dict:
    monkeypatch.setattr(view.cls, "geojson_by_postgis", by_postgis)
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    # PostGIS's text is sent as it is; the serializer's data goes through DRF's Response.
    assert isinstance(response, Response) is not by_postgis
    return json.loads(response.content)


ALL, IN_BBOX, FIRST_OF_PAGES = "?page_size=1000", f"?page_size=1000&bbox={BBOX}", "?page_size=1"
CASES = [
    ("visitor", ALL),
    ("visitor", IN_BBOX),
    ("visitor", FIRST_OF_PAGES),
    ("planner", ALL),
    ("planner", IN_BBOX),
    ("applicant", ALL),
]


@pytest.mark.parametrize("key", API_LAYERS)
@pytest.mark.parametrize(("who", "query"), CASES)
def test_the_postgis_page_equals_the_serializers_feature_by_feature(
    key, who, query, people, monkeypatch
):
    view = _api_view(key)
    # The commune named: the planners of Loos see its personal columns (a parcel's farmer).
    url = f"/api/v1/{key}/{query}&commune=62528"
    user = people[who]
    expected = _page(view, url, user, by_postgis=False, monkeypatch=monkeypatch)
    written = _page(view, url, user, by_postgis=True, monkeypatch=monkeypatch)
    assert {k: v for k, v in written.items() if k != "features"} == {
        k: v for k, v in expected.items() if k != "features"
    }
    assert len(written["features"]) == len(expected["features"])
    for ours, theirs in zip(written["features"], expected["features"], strict=True):
        assert ours == theirs


@pytest.mark.parametrize("key", ["zones", "parcels", "proposals"])
def test_a_later_page_has_the_serializers_count_links_and_features(key, people, monkeypatch):
    """The page's ids and the count of matching rows come from one query."""
    view = _api_view(key)
    url = f"/api/v1/{key}/?page_size=2&page=2&commune=62528"
    expected = _page(view, url, None, by_postgis=False, monkeypatch=monkeypatch)
    assert expected["features"] and expected["count"] > 2 and expected["previous"]
    assert _page(view, url, None, by_postgis=True, monkeypatch=monkeypatch) == expected


@pytest.mark.parametrize(
    ("key", "query"),
    [("zones", "typezone=A&typezone=N"), ("proposals", "status=submitted&status=under_review")],
)
def test_a_page_of_distinct_rows_equals_the_serializers(key, query, people, monkeypatch):
    """Two values of a multiple choice make the filter ask for DISTINCT rows."""
    view = _api_view(key)
    url = f"/api/v1/{key}/?page_size=1000&{query}"
    expected = _page(view, url, None, by_postgis=False, monkeypatch=monkeypatch)
    assert expected["features"]
    assert _page(view, url, None, by_postgis=True, monkeypatch=monkeypatch) == expected


def test_the_pages_compared_hold_features_of_every_layer(people):
    """The comparison above is not of empty pages."""
    for key in API_LAYERS:
        page = APIClient().get(f"/api/v1/{key}/?bbox={BBOX}").json()
        assert page["features"], key


def _list_view(key: str, params: dict, user=None):
    """The layer's view set as it is when it lists `params` for `user`."""
    request = APIRequestFactory().get(f"/api/v1/{key}/", params)
    if user is not None:
        force_authenticate(request, user)
    view = _api_view(key).cls(action_map={"get": "list"}, format_kwarg=None, args=(), kwargs={})
    view.request = view.initialize_request(request)
    return view


@pytest.mark.parametrize("key", API_LAYERS)
@pytest.mark.parametrize("who", ["visitor", "planner"])
def test_every_layer_of_the_api_is_written_by_postgis(key, who, people):
    """No list serializer falls back to Python: each of its fields has its SQL."""
    view = _list_view(key, {"commune": "62528"}, people[who])
    assert page_sql(view.get_serializer()).properties is not None


def _gist_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexdef ILIKE '%USING gist%'")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize("key", API_LAYERS)
def test_the_bbox_query_reads_the_geometry_index(key, people):
    view = _list_view(key, {"bbox": BBOX})
    queryset = BBoxFilter().filter_queryset(view.request, view.get_queryset(), view)
    with connection.cursor() as cursor:
        # A few rows in the test database: the planner would scan them whatever the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Nor may it read another index in full (it did, by the statistics autovacuum took
        # while earlier tests filled the tables): a bitmap scan needs an index condition, so
        # the only one left is the bbox on the geometry's GiST index, if the filter can use it.
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
    plan = queryset.explain()
    assert any(f"Index Scan using {name}" in plan for name in _gist_indexes()) or any(
        f"Bitmap Index Scan on {name}" in plan for name in _gist_indexes()
    ), plan


def test_a_datetime_with_microseconds_and_one_without_are_written_as_drf_writes_them(people):
    """The meeting starts on a whole second (no fraction) and ends with microseconds."""
    page = APIClient().get("/api/v1/meetings/?page_size=1000").json()
    times = {(f["properties"]["starts_at"], f["properties"]["ends_at"]) for f in page["features"]}
    assert any("." not in start and end and "." in end for start, end in times)
