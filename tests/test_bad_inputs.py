"""A catalogue of bad inputs: each gets a 4xx with a French sentence, and nothing is stored.

One row per input: who sends it, where, what, the status expected and a French fragment of the
answer. Before and after each request every model's rows are counted, and the rows a write
could change (proposals, comments, parcels) compared by version, so a refusal that still
stored something fails here.
"""

import json
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.gis.geos import LineString, Point
from rest_framework.test import APIClient

from land_use.models import OrganicParcel
from land_use.services import parcel_register
from mapping.models import Comment, Proposal
from tests.accounts.factories import UserFactory
from tests.geometries import TOWN_CENTRE, bowtie, square
from tests.land_use.factories import farmer
from tests.land_use.parcels import LENS
from tests.land_use.parcels import field as parcel_field
from tests.mapping.factories import CommentFactory, ConsultationFactory, ProposalFactory

LON, LAT = TOWN_CENTRE
CRS = {"type": "name", "properties": {"name": "EPSG:999999"}}


def geojson(geometry) -> dict:
    return json.loads(geometry.geojson)


def point(*coordinates) -> dict:
    return {"type": "Point", "coordinates": list(coordinates)}


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def proposal_body(**overrides) -> dict:
    return {
        "title": "Un verger partagé",
        "description": "Des pommiers pour le quartier.",
        "category": "nature",
        "geometry": point(LON, LAT),
        **overrides,
    }


def parcel_body(**overrides) -> dict:
    return {
        "name": "Les Hauts Champs",
        "code_cultu": "BTH",
        "stage": "AB",
        "certification_body": "ecocert",
        "certification_state": "certified",
        "campaign_year": 2025,
        "geometry": geojson(parcel_field(3, 3)),
        **overrides,
    }


def unclosed_square() -> dict:
    ring = [*geojson(square())["coordinates"][0][:-1], [LON, LAT + 0.0001]]
    return {"type": "Polygon", "coordinates": [ring]}


def many_points(count: int) -> dict:
    return geojson(
        LineString([(LON + i * 1e-6, LAT + (i % 2) * 1e-6) for i in range(count)], srid=4326)
    )


@dataclass
class Bad:
    """One bad input: `who` sends `method url` with `body`; `status` and `says` are expected."""

    id: str
    who: str
    method: str
    url: str
    status: int
    says: str
    body: object = None
    raw: bytes | None = None
    content_type: str = "application/json"
    headers: dict = field(default_factory=dict)


PROPOSALS = "/api/v1/proposals/"
PROPOSAL = "/api/v1/proposals/{proposal}/"
COMMENTS = "/api/v1/comments/"
COMMENT = "/api/v1/comments/{comment}/"
PARCELS = "/api/v1/parcels/"
PARCEL = "/api/v1/parcels/{parcel}/"
OGC_ITEMS = "/ogc/collections/proposals/items"

# The table reads one input per entry; the formatter would spread each over many lines.
# fmt: off
CATALOGUE = [
    # Geometries of proposals: the gate (territory.geometry) and the services' checks.
    Bad("proposal-z", "resident", "post", PROPOSALS, 400, "hauteur",
        proposal_body(geometry=point(LON, LAT, 30))),
    Bad("proposal-zm", "resident", "post", PROPOSALS, 400, "hauteur",
        proposal_body(geometry=point(LON, LAT, 30, 1))),
    Bad("proposal-crs", "resident", "post", PROPOSALS, 400, "sans membre crs",
        proposal_body(geometry={**point(LON, LAT), "crs": CRS})),
    Bad("proposal-geometry-collection", "resident", "post", PROPOSALS, 400, "collection",
        proposal_body(geometry={"type": "GeometryCollection", "geometries": [point(LON, LAT)]})),
    Bad("proposal-nested-collections", "resident", "post", PROPOSALS, 400, "collection",
        proposal_body(geometry={"type": "GeometryCollection", "geometries": [
            {"type": "GeometryCollection", "geometries": [point(LON, LAT)]}]})),
    Bad("proposal-feature", "resident", "post", PROPOSALS, 400, "entité",
        proposal_body(geometry={"type": "Feature", "geometry": point(LON, LAT)})),
    Bad("proposal-empty", "resident", "post", PROPOSALS, 400, "vide",
        proposal_body(geometry={"type": "Polygon", "coordinates": []})),
    Bad("proposal-empty-point", "resident", "post", PROPOSALS, 400, "vide",
        proposal_body(geometry=point())),
    Bad("proposal-nan", "resident", "post", PROPOSALS, 400, "JSON",
        raw=b'{"title": "Un banc", "description": "Ici.", "category": "nature",'
            b' "geometry": {"type": "Point", "coordinates": [NaN, 50.45]}}'),
    Bad("proposal-1e999", "resident", "post", PROPOSALS, 400, "pas des nombres",
        raw=b'{"title": "Un banc", "description": "Ici.", "category": "nature",'
            b' "geometry": {"type": "Point", "coordinates": [1e999, 50.45]}}'),
    Bad("proposal-lat-lon-out-of-range", "resident", "post", PROPOSALS, 400, "latitude",
        proposal_body(geometry=point(LAT, 95.0))),
    Bad("proposal-lat-lon-swapped", "resident", "post", PROPOSALS, 400, "Loos",
        proposal_body(geometry=point(LAT, LON))),
    Bad("proposal-outside-commune", "resident", "post", PROPOSALS, 400, "Loos",
        proposal_body(geometry=geojson(Point(*LENS, srid=4326)))),
    Bad("proposal-self-intersecting", "resident", "post", PROPOSALS, 400, "se croise",
        proposal_body(geometry=geojson(bowtie()))),
    Bad("proposal-unclosed-ring", "resident", "post", PROPOSALS, 400, "fermé",
        proposal_body(geometry=unclosed_square())),
    Bad("proposal-too-many-vertices", "resident", "post", PROPOSALS, 400, "2000",
        proposal_body(geometry=many_points(2001))),
    Bad("proposal-wrong-geometry-type", "resident", "post", PROPOSALS, 400, "accepté",
        proposal_body(geometry={"type": "MultiPoint", "coordinates": [[LON, LAT]]})),
    Bad("proposal-unknown-geometry-type", "resident", "post", PROPOSALS, 400, "GeoJSON",
        proposal_body(geometry={"type": "Circle", "coordinates": [LON, LAT]})),
    Bad("proposal-geometry-not-an-object", "resident", "post", PROPOSALS, 400, "GeoJSON",
        proposal_body(geometry=12)),
    Bad("proposal-coordinates-as-text", "resident", "post", PROPOSALS, 400, "longitude",
        proposal_body(geometry=point("2.79", "50.45"))),
    Bad("proposal-coordinates-as-booleans", "resident", "post", PROPOSALS, 400, "longitude",
        proposal_body(geometry=point(True, False))),
    # Text of proposals.
    Bad("proposal-description-2-million", "resident", "post", PROPOSALS, 400, "5000",
        proposal_body(description="a" * 2_000_000)),
    Bad("proposal-description-5001", "resident", "post", PROPOSALS, 400, "5000",
        proposal_body(description="a" * 5001)),
    Bad("proposal-title-invisible", "resident", "post", PROPOSALS, 400, "titre",
        proposal_body(title="\u200b\u200c\u2060\ufeff")),
    Bad("proposal-title-control", "resident", "post", PROPOSALS, 400, "contrôle",
        proposal_body(title="Un banc\x07")),
    Bad("proposal-title-nul", "resident", "post", PROPOSALS, 400, "nul",
        proposal_body(title="Un banc\x00")),
    Bad("proposal-commune-nul", "resident", "post", PROPOSALS, 400, "commune",
        proposal_body(commune="\x00")),
    Bad("proposal-category-unknown", "resident", "post", PROPOSALS, 400, "pas une catégorie",
        proposal_body(category="everything")),
    Bad("proposal-category-none", "resident", "post", PROPOSALS, 400, "choisissez une catégorie",
        proposal_body(category="")),
    # Bodies of any request.
    Bad("body-nested-10000", "resident", "post", PROPOSALS, 400, "trop",
        raw=('{"title": ' + nested(10_000) + "}").encode()),
    Bad("body-malformed-json", "resident", "post", PROPOSALS, 400, "JSON",
        raw=b'{"title": "Un banc",'),
    Bad("body-not-utf8", "resident", "post", PROPOSALS, 400, "texte",
        raw=b'{"title": "\xff\xfe"}'),
    Bad("body-a-list", "resident", "post", PROPOSALS, 400, "dictionnaire", body=[1, 2]),
    Bad("body-over-the-limit", "resident", "post", PROPOSALS, 413, "trop volumineuse",
        raw=b'{"title": "' + b"a" * 3_000_000 + b'"}'),
    Bad("body-form-over-the-limit", "resident", "post", PROPOSALS, 413, "trop volumineuse",
        raw=b"title=" + b"a" * 3_000_000, content_type="application/x-www-form-urlencoded"),
    # Writes on a proposal.
    Bad("proposal-stale-if-match", "author", "patch", PROPOSAL, 412, "entre-temps",
        {"title": "Nouveau titre"}, headers={"HTTP_IF_MATCH": '"1-1"'}),
    Bad("proposal-withdraw-stale-if-match", "author", "post", PROPOSAL + "withdraw/", 412,
        "entre-temps", headers={"HTTP_IF_MATCH": '"1-1"'}),
    Bad("proposal-patch-by-another", "resident", "patch", PROPOSAL, 403, "auteur",
        {"title": "Pris"}),
    Bad("proposal-patch-z", "author", "patch", PROPOSAL, 400, "hauteur",
        {"geometry": point(LON, LAT, 30)}),
    Bad("proposal-create-anonymous", "anonymous", "post", PROPOSALS, 403, "authentification",
        proposal_body()),
    # Comments and reports.
    Bad("comment-3001", "resident", "post", COMMENTS, 400, "3000",
        {"proposal": "{proposal}", "body": "a" * 3001}),
    Bad("comment-invisible", "resident", "post", COMMENTS, 400, "commentaire",
        {"proposal": "{proposal}", "body": "\u200b \u200b"}),
    Bad("comment-proposal-not-a-number", "resident", "post", COMMENTS, 400, "incorrect",
        {"proposal": "abc", "body": "Bonne idée"}),
    Bad("comment-stale-if-match", "author", "patch", COMMENT, 412, "entre-temps",
        {"body": "Autre chose"}, headers={"HTTP_IF_MATCH": '"1-1"'}),
    Bad("report-details-1001", "resident", "post", PROPOSAL + "report/", 400, "1000",
        {"reason": "spam", "details": "a" * 1001}),
    Bad("report-reason-not-a-string", "resident", "post", PROPOSAL + "report/", 400,
        "choix valide", {"reason": ["spam"]}),
    Bad("comment-report-reason-object", "resident", "post", COMMENT + "report/", 400,
        "choix valide", {"reason": {"a": 1}}),
    # Parcels.
    Bad("parcel-z", "farmer", "post", PARCELS, 400, "hauteur",
        parcel_body(geometry={"type": "Polygon", "coordinates": [
            [[*c, 12.0] for c in geojson(parcel_field(3, 3))["coordinates"][0]]]})),
    Bad("parcel-crs", "farmer", "post", PARCELS, 400, "sans membre crs",
        parcel_body(geometry={**geojson(parcel_field(3, 3)), "crs": CRS})),
    Bad("parcel-point", "farmer", "post", PARCELS, 400, "accepté",
        parcel_body(geometry=point(LON, LAT))),
    Bad("parcel-geometry-collection", "farmer", "post", PARCELS, 400, "collection",
        parcel_body(geometry={"type": "GeometryCollection", "geometries": []})),
    Bad("parcel-geometry-as-text", "farmer", "post", PARCELS, 400, "lue",
        parcel_body(geometry="POLYGON((2.78 50.45, 2.79 50.45, 2.79 50.46, 2.78 50.45))")),
    Bad("parcel-1e999", "farmer", "post", PARCELS, 400, "pas des nombres",
        raw=json.dumps(parcel_body(geometry={"type": "Polygon", "coordinates": [
            [[2.785, 50.45], [1e999, 50.45], [2.786, 50.451], [2.785, 50.45]]]})).encode()
            .replace(b"Infinity", b"1e999")),
    Bad("parcel-outside-commune", "farmer", "post", PARCELS, 400, "hors de",
        parcel_body(geometry=geojson(parcel_field(origin=LENS)))),
    Bad("parcel-name-invisible", "farmer", "post", PARCELS, 400, "nom",
        parcel_body(name="\u200b\u200b")),
    Bad("parcel-name-control", "farmer", "post", PARCELS, 400, "contrôle",
        parcel_body(name="Champ\x1b[31m")),
    Bad("parcel-commune-nul", "farmer", "post", PARCELS, 400, "nul",
        parcel_body(commune="\x00")),
    Bad("parcel-archive-reason-not-a-string", "owner", "delete", PARCEL, 400, "texte",
        {"reason": 5}),
    Bad("parcel-archive-body-a-list", "owner", "delete", PARCEL, 400, "objet", ["x"]),
    Bad("parcel-stale-if-match", "owner", "patch", PARCEL, 412, "modifiée",
        {"name": "Autre"}, headers={"HTTP_IF_MATCH": '"1-1"'}),
    # Parameters and paths.
    Bad("proposals-commune-nul", "anonymous", "get", PROPOSALS + "?commune=%00", 400, "NUL"),
    Bad("proposals-search-nul", "anonymous", "get", PROPOSALS + "?search=a%00b", 400, "NUL"),
    Bad("proposals-bbox-swapped", "anonymous", "get", PROPOSALS + "?bbox=50.4,2.7,50.5,95",
        400, "latitude"),
    Bad("proposals-page-huge", "anonymous", "get", PROPOSALS + "?page=99999999999999999999",
        404, "Page"),
    Bad("proposal-path-nul", "anonymous", "get", "/api/v1/proposals/%00/", 400, "NUL"),
    Bad("api-unknown-address", "anonymous", "get", "/api/v1/nothing-here/", 404, "adresse"),
    Bad("ogc-offset-huge", "anonymous", "get", OGC_ITEMS + "?offset=99999999999999999999",
        400, "au plus"),
    Bad("ogc-limit-not-a-number", "anonymous", "get", OGC_ITEMS + "?limit=beaucoup", 400,
        "nombre entier"),
    Bad("ogc-commune-nul", "anonymous", "get", OGC_ITEMS + "?commune=%00", 400, "NUL"),
    Bad("communes-page-nul", "anonymous", "get", "/communes/%00/", 400, "NUL"),
    Bad("exports-commune-nul", "anonymous", "get", "/exports/proposals.geojson?commune=%00",
        400, "NUL"),
    # Found by the schema's fuzzing: a year outside Python's dates reached the date arithmetic.
    Bad("meetings-year-negative", "anonymous", "get", "/api/v1/meetings/?year=-5", 400,
        "supérieure ou égale à 1"),
    Bad("fifty-fifty-year-huge", "anonymous", "get", "/api/v1/fifty-fifty/?year=1e10", 400,
        "entier"),
    Bad("eco-housing-year-decimal", "anonymous", "get", "/api/v1/eco-housing/?delivered_from=2.5",
        400, "entier"),
]
# fmt: on


@pytest.fixture
def world(loos):
    author = UserFactory()
    consultation = ConsultationFactory(commune=loos)
    proposal = ProposalFactory(commune=loos, consultation=consultation, author=author)
    comment = CommentFactory(proposal=proposal, author=author)
    owner = farmer()
    parcel = parcel_register(
        actor=owner,
        commune=loos,
        geometry=parcel_field(0, 0),
        attributes={
            "name": "Le Grand Champ",
            "code_cultu": "BTH",
            "stage": "AB",
            "certification_state": "certified",
            "campaign_year": 2025,
        },
    )
    people = {
        "anonymous": None,
        "resident": UserFactory(),
        "author": author,
        "farmer": farmer(),
        "owner": owner,
    }
    return SimpleNamespace(proposal=proposal, comment=comment, parcel=parcel, people=people)


def snapshot() -> dict:
    """Every model's row count, and the versions of the rows a write could change."""
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    versions = {
        model._meta.label: sorted(model._base_manager.values_list("pk", "updated_at"))
        for model in (Proposal, Comment, OrganicParcel)
    }
    return {"counts": counts, "versions": versions}


def _filled(value, names: dict):
    if isinstance(value, str):
        return value.format(**names) if "{" in value and "}" in value else value
    if isinstance(value, dict):
        return {k: _filled(v, names) for k, v in value.items()}
    return value


@pytest.mark.parametrize("bad", CATALOGUE, ids=lambda bad: bad.id)
def test_a_bad_input_gets_a_4xx_with_a_french_sentence_and_stores_nothing(world, bad):
    names = {"proposal": world.proposal.pk, "comment": world.comment.pk, "parcel": world.parcel.pk}
    client = APIClient()
    user = world.people[bad.who]
    if user is not None:
        client.force_authenticate(user)
    url = bad.url.format(**names)
    if bad.raw is not None:
        payload, content_type = bad.raw, bad.content_type
    elif bad.body is not None:
        payload, content_type = json.dumps(_filled(bad.body, names)), "application/json"
    else:
        payload, content_type = None, None
    before = snapshot()
    kwargs = {"content_type": content_type} if content_type else {}
    response = getattr(client, bad.method)(url, payload, **kwargs, **bad.headers)
    assert response.status_code == bad.status, response.content[:500]
    if url.startswith(("/api/", "/ogc/")):
        assert response["Content-Type"].startswith(("application/json", "application/geo+json"))
        text = json.dumps(response.json(), ensure_ascii=False)
    else:
        text = response.content.decode()
    assert bad.says.lower() in text.lower(), text[:500]
    assert snapshot() == before


def test_the_catalogue_holds_at_least_forty_bad_inputs():
    assert len(CATALOGUE) >= 40
    assert len({bad.id for bad in CATALOGUE}) == len(CATALOGUE)
