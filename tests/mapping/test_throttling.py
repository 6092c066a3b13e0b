"""Limits on writes: per account and per address, the same through the API and the site's
forms, counted in the database, holding under real parallel requests (accounts/throttling.py)."""

import datetime
import json

import pytest
import requests
from django.test import RequestFactory, override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import WriteEvent
from accounts.throttling import WriteThrottled, client_address, write_allow, write_events_purge
from mapping.models import Comment, Proposal, Report, Support
from tests.accounts.factories import UserFactory
from tests.concurrency import at_once
from tests.geometries import square
from tests.mapping.factories import CommentFactory, ConsultationFactory, ProposalFactory

TOO_MANY_PROPOSALS = (
    "Vous avez envoyé trop de propositions : au plus 50 en 1 minute. Rien n’a été enregistré ; "
    "réessayez dans"
)


@pytest.fixture
def consultation(loos):
    return ConsultationFactory(commune=loos)


def _body():
    return {
        "title": "Un verger partagé",
        "description": "Des pommiers pour le quartier.",
        "category": "nature",
        "geometry": json.loads(square().geojson),
    }


def _token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def _limits(settings, action, account=None, address=None):
    settings.WRITE_LIMITS = {
        **settings.WRITE_LIMITS,
        action: {"account": account, "address": address},
    }


def test_the_51st_proposal_in_a_minute_from_one_account_gets_429_with_retry_after(consultation):
    """Through the API with a token: fifty pass, the fifty-first is refused in French with
    Retry-After, and is not stored."""
    resident = UserFactory()
    client = _token_client(resident)
    for _number in range(50):
        assert client.post("/api/v1/proposals/", _body(), format="json").status_code == 201
    refused = client.post("/api/v1/proposals/", _body(), format="json")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith(TOO_MANY_PROPOSALS)
    assert Proposal.objects.filter(author=resident).count() == 50
    assert WriteEvent.objects.filter(account=resident, action="proposal").count() == 50


def test_the_map_page_s_form_and_the_api_share_one_count_and_the_page_hears_the_refusal(
    client, consultation
):
    """The map's form posts with the session and its CSRF token, as the page's script does: 25
    proposals by token and 25 by the page use up the 50, and the page's 51st is refused."""
    resident = UserFactory()
    api = _token_client(resident)
    for _number in range(25):
        assert api.post("/api/v1/proposals/", _body(), format="json").status_code == 201
    client.force_login(resident)

    def from_the_page():
        return client.post(
            "/api/v1/proposals/",
            json.dumps(_body()),
            content_type="application/json",
            HTTP_ACCEPT="application/json",
        )

    for _number in range(25):
        assert from_the_page().status_code == 201
    refused = from_the_page()
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused.json()["detail"].startswith(TOO_MANY_PROPOSALS)
    assert Proposal.objects.filter(author=resident).count() == 50


def test_the_limit_per_address_holds_across_two_accounts(settings, consultation):
    """Four proposals a minute from one address, three per account: the second account's
    second proposal from the same address is refused, saying it is the connection's limit."""
    _limits(settings, "proposal", account="3/m", address="4/m")
    one, two = UserFactory(), UserFactory()
    first, second = _token_client(one), _token_client(two)
    for _number in range(3):
        assert first.post("/api/v1/proposals/", _body(), format="json").status_code == 201
    assert first.post("/api/v1/proposals/", _body(), format="json").status_code == 429
    assert second.post("/api/v1/proposals/", _body(), format="json").status_code == 201
    refused = second.post("/api/v1/proposals/", _body(), format="json")
    assert refused.status_code == 429
    assert "Votre connexion a envoyé trop de propositions" in refused.json()["detail"]
    assert Proposal.objects.filter(author__in=[one, two]).count() == 4
    # From another address the second account may go on.
    other = second.post("/api/v1/proposals/", _body(), format="json", REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 201


def test_comments_are_limited_through_the_api_and_the_proposal_page(client, settings, loos):
    _limits(settings, "comment", account="2/m", address="10/m")
    proposal = ProposalFactory(commune=loos)
    resident = UserFactory()
    api = _token_client(resident)
    body = {"proposal": proposal.pk, "body": "Bonne idée."}
    assert api.post("/api/v1/comments/", body, format="json").status_code == 201
    client.force_login(resident)
    page = client.post(f"/proposals/{proposal.pk}/comments/", {"body": "Oui !"})
    assert page.status_code == 302
    refused = client.post(f"/proposals/{proposal.pk}/comments/", {"body": "Encore !"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    html = refused.content.decode()
    assert "Vous avez envoyé trop de commentaires" in html
    assert "Encore !" in html  # the form keeps what was typed
    assert api.post("/api/v1/comments/", body, format="json").status_code == 429
    assert Comment.objects.filter(author=resident).count() == 2


def test_supports_are_limited_through_the_api_and_the_proposal_page(client, settings, loos):
    _limits(settings, "support", account="1/m")
    resident = UserFactory()
    first, second, third = (ProposalFactory(commune=loos) for _ in range(3))
    assert _token_client(resident).post(f"/api/v1/proposals/{first.pk}/support/").status_code == 200
    client.force_login(resident)
    refused = client.post(f"/proposals/{second.pk}/support/")
    assert refused.status_code == 429
    assert "Vous avez envoyé trop de soutiens" in refused.content.decode()
    api = _token_client(UserFactory())
    assert api.post(f"/api/v1/proposals/{third.pk}/support/").status_code == 200
    assert Support.objects.filter(user=resident).count() == 1


def test_reports_are_limited_through_the_api_and_the_proposal_page(client, settings, loos):
    _limits(settings, "report", account="1/m")
    resident = UserFactory()
    proposal = ProposalFactory(commune=loos)
    comment = CommentFactory(proposal=proposal)
    api = _token_client(resident)
    assert (
        api.post(f"/api/v1/proposals/{proposal.pk}/report/", {"reason": "spam"}).status_code == 201
    )
    refused = api.post(f"/api/v1/comments/{comment.pk}/report/", {"reason": "spam"})
    assert refused.status_code == 429
    assert "Vous avez envoyé trop de signalements" in refused.json()["detail"]
    client.force_login(resident)
    page = client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"})
    assert page.status_code == 429
    assert "Vous avez envoyé trop de signalements" in page.content.decode()
    assert Report.objects.filter(reporter=resident).count() == 1


def test_a_refusal_says_when_to_try_again_and_the_window_slides(db):
    """Times passed in: two writes at 10:00:00 and 10:00:20 with a limit of two a minute; at
    10:00:30 the next waits 30 s, at 10:01:01 it passes."""
    resident = UserFactory()
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=5)

    limits = {"comment": {"account": "2/m"}}
    with override_settings(WRITE_LIMITS=limits):
        write_allow(action="comment", account=resident, now=start)
        write_allow(action="comment", account=resident, now=start + datetime.timedelta(seconds=20))
        with pytest.raises(WriteThrottled) as refused:
            write_allow(
                action="comment", account=resident, now=start + datetime.timedelta(seconds=30)
            )
        assert refused.value.wait == 30
        assert "réessayez dans 30 secondes" in refused.value.message
        write_allow(action="comment", account=resident, now=start + datetime.timedelta(seconds=61))


def test_events_older_than_every_window_are_purged(db):
    resident = UserFactory()
    old = timezone.now() - datetime.timedelta(days=2)
    WriteEvent.objects.create(action="comment", account=resident, at=old)
    recent = WriteEvent.objects.create(action="comment", account=resident, at=timezone.now())
    write_events_purge()
    assert list(WriteEvent.objects.all()) == [recent]


def test_x_forwarded_for_is_ignored_unless_the_settings_say_a_proxy_is_trusted(settings):
    request = RequestFactory().post(
        "/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7"
    )
    assert client_address(request) == "192.0.2.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer hops than proxies: the header is not believed
    assert client_address(request) == "192.0.2.1"


def test_twelve_parallel_proposals_from_one_account_store_no_more_than_the_limit(
    live_server, loos_live, settings
):
    """Real parallel requests (one thread each, one database connection each): with a limit
    of five a minute, exactly five are stored and seven are refused with 429."""
    _limits(settings, "proposal", account="5/m", address="100/m")
    ConsultationFactory(commune=loos_live)
    resident = UserFactory()
    headers = {"Authorization": f"Token {Token.objects.create(user=resident).key}"}
    url = live_server.url + "/api/v1/proposals/"

    def send():
        return requests.post(url, json=_body(), headers=headers, timeout=60)

    responses = at_once([send for _ in range(12)])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * 5 + [429] * 7, [r.text for r in responses]
    assert all(r.headers["Retry-After"] for r in responses if r.status_code == 429)
    assert Proposal.objects.filter(author=resident).count() == 5
