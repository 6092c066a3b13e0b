"""The REST API of proposals, comments and supports: anonymous visitors read, residents write
their own things only, and every refusal leaves the database as it was."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from mapping.models import Comment, Consultation, Proposal, Report, Support
from tests.accounts.factories import UserFactory
from tests.geometries import TOWN_CENTRE, bowtie, square
from tests.mapping.factories import CommentFactory, ConsultationFactory, ProposalFactory


@pytest.fixture
def consultation(loos):
    return ConsultationFactory(commune=loos)


@pytest.fixture
def proposal(loos, consultation):
    return ProposalFactory(commune=loos, consultation=consultation)


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _new_proposal(**overrides):
    body = {
        "title": "Un verger partagé",
        "description": "Des pommiers pour le quartier.",
        "category": "nature",
        "geometry": json.loads(square().geojson),
    }
    body.update(overrides)
    return body


def test_anyone_reads_proposals_as_a_geojson_feature_collection_with_support_counts(proposal):
    Support.objects.create(proposal=proposal, user=UserFactory())
    response = _client().get("/api/v1/proposals/", {"commune": "62528"})
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "FeatureCollection"
    feature = next(f for f in data["features"] if f["id"] == proposal.pk)
    assert feature["geometry"]["type"] == "Point"
    assert feature["properties"]["support_count"] == 1
    assert feature["properties"]["author_name"] == proposal.author.display_name
    assert "email" not in json.dumps(feature)


def test_proposals_filter_by_bbox_category_status_and_search(loos, proposal):
    other = ProposalFactory(
        commune=loos, category="energy", title="Des éoliennes zéphyr", geometry=square()
    )
    client = _client()
    lon, lat = TOWN_CENTRE
    far = "2.70,50.40,2.71,50.41"
    assert client.get("/api/v1/proposals/", {"bbox": far}).json()["features"] == []
    near = f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}"
    ids = {f["id"] for f in client.get("/api/v1/proposals/", {"bbox": near}).json()["features"]}
    assert {proposal.pk, other.pk} <= ids
    by_category = client.get("/api/v1/proposals/", {"category": "energy"}).json()["features"]
    assert other.pk in {f["id"] for f in by_category}
    assert {f["properties"]["category"] for f in by_category} == {"energy"}
    by_words = client.get("/api/v1/proposals/", {"search": "zéphyr éoliennes"}).json()
    assert [f["id"] for f in by_words["features"]] == [other.pk]
    by_status = client.get("/api/v1/proposals/", {"status": "submitted"}).json()["features"]
    assert {f["properties"]["status"] for f in by_status} == {"submitted"}


def test_a_resident_creates_a_proposal_through_the_api(consultation):
    resident = UserFactory()
    response = _client(resident).post("/api/v1/proposals/", _new_proposal(), format="json")
    assert response.status_code == 201, response.content
    proposal = Proposal.objects.get(pk=response.json()["id"])
    assert proposal.author == resident
    assert proposal.consultation == consultation
    assert response.json()["properties"]["title"] == "Un verger partagé"


def test_a_script_authenticates_with_a_token(consultation):
    resident = UserFactory()
    token = Token.objects.create(user=resident)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post("/api/v1/proposals/", _new_proposal(), format="json")
    assert response.status_code == 201
    assert Proposal.objects.filter(author=resident).count() == 1


def test_an_anonymous_visitor_cannot_create_and_nothing_is_stored(consultation):
    response = _client().post("/api/v1/proposals/", _new_proposal(), format="json")
    assert response.status_code == 403
    assert not Proposal.objects.filter(illustrative=False).exists()


def test_a_self_intersecting_drawing_gets_a_sentence_saying_where_and_nothing_is_stored(
    consultation,
):
    response = _client(UserFactory()).post(
        "/api/v1/proposals/", _new_proposal(geometry=json.loads(bowtie().geojson)), format="json"
    )
    assert response.status_code == 400
    message = " ".join(response.json()["geometry"])
    assert "se croise" in message and "50.458" in message
    assert not Proposal.objects.filter(illustrative=False).exists()


def test_a_self_intersecting_drawing_is_refused_with_the_crossings_longitude_and_latitude(
    consultation,
):
    response = _client(UserFactory()).post(
        "/api/v1/proposals/", _new_proposal(geometry=json.loads(bowtie().geojson)), format="json"
    )
    assert response.status_code == 400
    lon, lat = response.json()["location"]
    # The bowtie's two diagonals cross at the centre of its square.
    centre = bowtie().envelope.centroid
    assert lon == pytest.approx(centre.x, abs=1e-6)
    assert lat == pytest.approx(centre.y, abs=1e-6)


def test_a_refusal_with_no_place_to_show_carries_no_location(consultation):
    response = _client(UserFactory()).post(
        "/api/v1/proposals/", _new_proposal(title=""), format="json"
    )
    assert response.status_code == 400
    assert "location" not in response.json()


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"title": "  "}, "title", "titre"),
        ({"title": "x" * 121}, "title", "120"),
        ({"geometry": json.loads(square(lon=2.83, lat=50.43).geojson)}, "geometry", "Loos"),
        ({"geometry": json.loads(square(half=0.004).geojson)}, "geometry", "50 ha"),
    ],
)
def test_every_refusal_of_a_proposal_is_a_sentence_next_to_its_field(
    consultation, overrides, field, words
):
    response = _client(UserFactory()).post(
        "/api/v1/proposals/", _new_proposal(**overrides), format="json"
    )
    assert response.status_code == 400
    assert words in " ".join(response.json()[field])
    assert not Proposal.objects.filter(illustrative=False).exists()


def test_without_an_open_consultation_a_proposal_is_refused_with_a_sentence(loos):
    now = timezone.now()
    Consultation.objects.update(
        opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1)
    )
    response = _client(UserFactory()).post("/api/v1/proposals/", _new_proposal(), format="json")
    assert response.status_code == 400
    assert "Aucune concertation" in " ".join(response.json()["non_field_errors"])
    assert not Proposal.objects.filter(illustrative=False).exists()


def test_only_the_author_edits_a_proposal_and_others_change_nothing(proposal):
    title = proposal.title
    response = _client(UserFactory()).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"title": "Volé"}, format="json"
    )
    assert response.status_code == 403
    assert _client().patch(f"/api/v1/proposals/{proposal.pk}/", {"title": "x"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.title == title
    response = _client(proposal.author).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"title": "Deux bancs"}, format="json"
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.title == "Deux bancs"


def test_a_proposal_under_review_can_no_longer_be_edited_by_its_author(proposal):
    proposal.status = Proposal.Status.UNDER_REVIEW
    proposal.save()
    response = _client(proposal.author).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"title": "Autre"}, format="json"
    )
    assert response.status_code == 403
    assert "soumise" in response.json()["detail"]
    proposal.refresh_from_db()
    assert proposal.title != "Autre"


def test_withdrawing_keeps_the_proposal_marked_withdrawn_and_only_for_its_author(proposal):
    assert (
        _client(UserFactory()).post(f"/api/v1/proposals/{proposal.pk}/withdraw/").status_code == 403
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    response = _client(proposal.author).post(f"/api/v1/proposals/{proposal.pk}/withdraw/")
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    assert proposal.status_changes.last().to_status == Proposal.Status.WITHDRAWN


def test_nobody_deletes_a_proposal_through_the_api(proposal):
    response = _client(proposal.author).delete(f"/api/v1/proposals/{proposal.pk}/")
    assert response.status_code == 405
    assert Proposal.objects.filter(pk=proposal.pk).exists()


def test_a_hidden_proposal_is_404_for_reading_and_writing(proposal):
    proposal.is_hidden = True
    proposal.save()
    assert _client().get(f"/api/v1/proposals/{proposal.pk}/").status_code == 404
    response = _client(proposal.author).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"title": "x"}, format="json"
    )
    assert response.status_code == 404
    assert (
        _client(UserFactory()).post(f"/api/v1/proposals/{proposal.pk}/support/").status_code == 404
    )
    assert not Support.objects.exists()


def test_a_support_by_the_same_person_twice_leaves_one_row(proposal):
    resident = UserFactory()
    client = _client(resident)
    first = client.post(f"/api/v1/proposals/{proposal.pk}/support/")
    assert first.status_code == 200
    assert first.json() == {"supported": True, "support_count": 1}
    second = client.post(f"/api/v1/proposals/{proposal.pk}/support/")
    assert second.status_code == 400
    assert "soutenez déjà" in json.dumps(second.json(), ensure_ascii=False)
    assert Support.objects.filter(proposal=proposal, user=resident).count() == 1


def test_a_support_is_taken_back_with_delete_and_anonymous_support_is_refused(proposal):
    resident = UserFactory()
    Support.objects.create(proposal=proposal, user=resident)
    assert _client().post(f"/api/v1/proposals/{proposal.pk}/support/").status_code == 403
    response = _client(resident).delete(f"/api/v1/proposals/{proposal.pk}/support/")
    assert response.json() == {"supported": False, "support_count": 0}
    assert not Support.objects.exists()


def test_residents_comment_and_only_the_author_edits_or_deletes_a_comment(proposal):
    resident = UserFactory()
    response = _client(resident).post(
        "/api/v1/comments/", {"proposal": proposal.pk, "body": "Bonne idée"}, format="json"
    )
    assert response.status_code == 201
    comment = Comment.objects.get(pk=response.json()["id"])
    stranger = _client(UserFactory())
    assert stranger.patch(f"/api/v1/comments/{comment.pk}/", {"body": "x"}).status_code == 403
    assert stranger.delete(f"/api/v1/comments/{comment.pk}/").status_code == 403
    assert (
        _client().post("/api/v1/comments/", {"proposal": proposal.pk, "body": "x"}).status_code
        == 403
    )
    comment.refresh_from_db()
    assert comment.body == "Bonne idée" and comment.deleted_at is None
    author = _client(resident)
    assert (
        author.patch(f"/api/v1/comments/{comment.pk}/", {"body": "Très bonne idée"}).status_code
        == 200
    )
    assert author.delete(f"/api/v1/comments/{comment.pk}/").status_code == 204
    comment.refresh_from_db()
    assert comment.body == "Très bonne idée" and comment.deleted_at is not None
    listed = _client().get("/api/v1/comments/", {"proposal": proposal.pk}).json()["results"]
    assert listed == []
    assert Comment.objects.count() == 1


def test_an_empty_comment_is_refused_with_a_sentence(proposal):
    response = _client(UserFactory()).post(
        "/api/v1/comments/", {"proposal": proposal.pk, "body": " "}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["body"]
    assert not Comment.objects.exists()


def test_three_reports_hide_a_proposal_until_a_moderator_looks(proposal):
    for _ in range(3):
        response = _client(UserFactory()).post(
            f"/api/v1/proposals/{proposal.pk}/report/", {"reason": "spam"}, format="json"
        )
        assert response.status_code == 201
    proposal.refresh_from_db()
    assert proposal.is_hidden
    assert Report.objects.filter(proposal=proposal).count() == 3


def test_a_comment_can_be_reported_once_per_person(proposal):
    comment = CommentFactory(proposal=proposal)
    client = _client(UserFactory())
    assert (
        client.post(f"/api/v1/comments/{comment.pk}/report/", {"reason": "abusive"}).status_code
        == 201
    )
    assert (
        client.post(f"/api/v1/comments/{comment.pk}/report/", {"reason": "abusive"}).status_code
        == 400
    )
    assert Report.objects.filter(comment=comment).count() == 1


def test_html_in_user_text_comes_out_of_the_api_as_the_same_plain_text(consultation):
    resident = UserFactory(display_name="<b>Moi</b>")
    title = '<img src=x onerror="alert(1)">'
    response = _client(resident).post(
        "/api/v1/proposals/", _new_proposal(title=title), format="json"
    )
    assert response.status_code == 201
    listed = (
        _client()
        .get("/api/v1/proposals/", {"search": "onerror"})
        .json()["features"][0]["properties"]
    )
    assert listed["title"] == title
    assert listed["author_name"] == "<b>Moi</b>"
    assert _client().get("/api/v1/proposals/")["Content-Type"] == "application/json"


def test_the_openapi_document_validates_without_warnings(db, tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/proposals/{id}/support/" in text
    assert "/api/v1/comments/" in text


def test_the_api_docs_page_loads_no_asset_from_outside_the_app(client, db):
    from territory.webmap.assets import asset_urls

    response = client.get("/api/docs/")
    assert response.status_code == 200
    urls = asset_urls(response.content.decode())
    assert urls
    assert all(url.startswith("/") and not url.startswith("//") for url in urls), urls


def test_every_field_with_a_problem_is_named_in_one_refusal(consultation):
    response = _client(UserFactory()).post(
        "/api/v1/proposals/",
        _new_proposal(title="", description="", geometry=json.loads(bowtie().geojson)),
        format="json",
    )
    assert response.status_code == 400
    # Every field, and where the drawing crosses itself (for the map to mark it).
    assert set(response.json()) == {"title", "description", "geometry", "location"}
    assert not Proposal.objects.filter(illustrative=False).exists()


def test_a_proposal_without_a_category_is_refused_with_the_categories_to_choose_from(
    consultation,
):
    body = _new_proposal()
    del body["category"]
    response = _client(UserFactory()).post("/api/v1/proposals/", body, format="json")
    assert response.status_code == 400
    message = response.json()["category"][0]
    assert message.startswith("Choisissez une catégorie pour votre proposition (logement, ")
    unknown = _client(UserFactory()).post(
        "/api/v1/proposals/", {**body, "category": "jardin"}, format="json"
    )
    assert unknown.json()["category"] == [
        "« jardin » n’est pas une catégorie ; choisissez-en une dans la liste."
    ]
    assert not Proposal.objects.filter(illustrative=False).exists()


def test_a_stale_if_match_is_refused_with_412_and_nothing_changes(proposal):
    client = _client(proposal.author)
    url = f"/api/v1/proposals/{proposal.pk}/"
    version = client.get(url)["ETag"]
    assert (
        client.patch(url, {"title": "Premier"}, format="json", HTTP_IF_MATCH=version).status_code
        == 200
    )
    stale = client.patch(url, {"title": "Second"}, format="json", HTTP_IF_MATCH=version)
    assert stale.status_code == 412
    assert "entre-temps" in stale.json()["detail"]
    proposal.refresh_from_db()
    assert proposal.title == "Premier"
