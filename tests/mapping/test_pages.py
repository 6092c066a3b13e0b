"""The proposal page's forms: supports, comments, edits, each for whom it belongs to."""

import pytest

from mapping.models import Comment, Proposal, Support
from territory.webmap.assets import asset_urls
from tests.accounts.factories import UserFactory
from tests.mapping.factories import CommentFactory, ConsultationFactory, ProposalFactory


@pytest.fixture
def proposal(loos):
    return ProposalFactory(commune=loos, consultation=ConsultationFactory(commune=loos))


def _logged_in(client, user=None):
    user = user or UserFactory()
    client.force_login(user)
    return user


def test_the_proposal_page_shows_its_details_zones_and_support_count(client, proposal):
    from mapping.services import proposal_refresh_spatial_links

    proposal_refresh_spatial_links(proposal=proposal)
    Support.objects.create(proposal=proposal, user=UserFactory())
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert proposal.title in html
    assert proposal.author.display_name in html
    assert "1 soutien" in html
    for zone in proposal.zones.all():
        assert zone.libelle in html
    assert "Se connecter pour soutenir" in html


def test_supporting_twice_from_the_page_leaves_one_row(client, proposal):
    resident = _logged_in(client)
    url = f"/proposals/{proposal.pk}/support/"
    assert client.post(url).status_code == 302
    response = client.post(url, follow=True)
    assert "Vous soutenez déjà cette proposition." in response.content.decode()
    assert Support.objects.filter(proposal=proposal, user=resident).count() == 1
    client.post(url, {"action": "remove"})
    assert not Support.objects.filter(proposal=proposal, user=resident).exists()


def test_an_anonymous_visitor_is_sent_to_log_in_and_nothing_is_stored(client, proposal):
    response = client.post(f"/proposals/{proposal.pk}/support/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.post(f"/proposals/{proposal.pk}/comments/", {"body": "Bonjour"})
    assert not Support.objects.exists()
    assert not Comment.objects.exists()


def test_only_the_author_edits_or_withdraws_a_proposal_from_its_page(client, proposal):
    _logged_in(client)
    edit = {"title": "Volé", "description": "x", "category": "other"}
    assert client.post(f"/proposals/{proposal.pk}/edit/", edit).status_code == 403
    assert client.post(f"/proposals/{proposal.pk}/withdraw/").status_code == 403
    proposal.refresh_from_db()
    assert proposal.title != "Volé" and proposal.status == Proposal.Status.SUBMITTED

    _logged_in(client, proposal.author)
    response = client.post(f"/proposals/{proposal.pk}/edit/", {**edit, "title": ""})
    assert response.status_code == 400
    assert "Donnez un titre" in response.content.decode()
    client.post(f"/proposals/{proposal.pk}/edit/", {**edit, "title": "Deux bancs"})
    client.post(f"/proposals/{proposal.pk}/withdraw/")
    proposal.refresh_from_db()
    assert proposal.title == "Deux bancs"
    assert proposal.status == Proposal.Status.WITHDRAWN


def test_only_the_author_edits_or_deletes_a_comment_from_the_page(client, proposal):
    comment = CommentFactory(proposal=proposal)
    _logged_in(client)
    assert client.post(f"/comments/{comment.pk}/edit/", {"body": "x"}).status_code == 403
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert comment.deleted_at is None and comment.body != "x"

    _logged_in(client, comment.author)
    client.post(f"/comments/{comment.pk}/edit/", {"body": "Mieux dit"})
    comment.refresh_from_db()
    assert comment.body == "Mieux dit"
    client.post(f"/comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert comment.deleted_at is not None
    assert "Mieux dit" not in client.get(proposal.get_absolute_url()).content.decode()


def test_an_empty_comment_is_refused_next_to_the_field(client, proposal):
    _logged_in(client)
    response = client.post(f"/proposals/{proposal.pk}/comments/", {"body": "  "})
    assert response.status_code == 400
    assert "Écrivez votre commentaire" in response.content.decode()
    assert not Comment.objects.exists()


def test_no_page_loads_a_script_or_stylesheet_from_outside_the_app(client, proposal):
    anonymous = [
        "/",
        proposal.get_absolute_url(),
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/api/docs/",
        "/open-data/",
    ]
    logged_in = ["/", "/accounts/my-data/", "/accounts/delete/", "/accounts/password/change/"]
    for path in [*anonymous, None, *logged_in]:
        if path is None:
            _logged_in(client)
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        urls = asset_urls(response.content.decode())
        assert urls, path
        for url in urls:
            assert url.startswith("/") and not url.startswith("//"), (path, url)


def test_a_resident_reports_a_comment_from_the_page_once(client, proposal):
    from mapping.models import Report

    comment = CommentFactory(proposal=proposal)
    _logged_in(client)
    assert "Signaler ce commentaire" in client.get(proposal.get_absolute_url()).content.decode()
    client.post(f"/comments/{comment.pk}/report/", {"reason": "abusive"})
    response = client.post(f"/comments/{comment.pk}/report/", {"reason": "abusive"}, follow=True)
    assert "déjà signalé" in response.content.decode()
    assert Report.objects.filter(comment=comment).count() == 1
