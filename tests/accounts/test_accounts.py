"""Sign-up with a confirmed email, the resident role, my data and the erasure of an account."""

import json
import re

from django.core import mail

from accounts.models import User
from mapping.models import Proposal, Support
from tests.accounts.factories import UserFactory
from tests.mapping.factories import CommentFactory, ProposalFactory

PASSWORD = "un mot de passe solide"


def _sign_up(client, email="alix@example.org"):
    return client.post(
        "/accounts/signup/",
        {"email": email, "display_name": "Alix", "password1": PASSWORD, "password2": PASSWORD},
    )


def test_signing_up_makes_a_resident_who_must_confirm_the_email_before_logging_in(client, db):
    response = _sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="alix@example.org")
    assert user.display_name == "Alix"
    assert user.groups.filter(name="resident").exists()
    assert len(mail.outbox) == 1
    link = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    client.logout()
    refused = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert refused.status_code == 302 and "confirm-email" in refused["Location"]

    client.post(link)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_header_offers_log_in_and_sign_up_then_the_name_and_log_out(client, loos):
    html = client.get("/").content.decode()
    assert "/accounts/login/?next=/" in html and "/accounts/signup/" in html
    client.force_login(UserFactory(display_name="Sacha"))
    html = client.get("/").content.decode()
    assert "Sacha" in html and "Se déconnecter" in html


def test_my_data_holds_my_proposals_and_comments_but_nobody_elses(client, loos):
    me = UserFactory()
    mine = ProposalFactory(commune=loos, author=me)
    theirs = ProposalFactory(commune=loos)
    CommentFactory(proposal=theirs, author=me, body="Mon avis")
    client.force_login(me)
    response = client.get("/accounts/my-data.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == me.email
    assert [p["id"] for p in data["proposals"]] == [mine.pk]
    assert [c["body"] for c in data["comments"]] == ["Mon avis"]


def test_deleting_my_account_erases_my_personal_data_and_keeps_my_proposals(client, loos):
    me = UserFactory(display_name="Alix")
    proposal = ProposalFactory(commune=loos, author=me)
    comment = CommentFactory(proposal=proposal, author=me, body="Mon avis")
    Support.objects.create(proposal=proposal, user=me)
    client.force_login(me)
    assert client.post("/accounts/delete/", {}).status_code == 200  # must tick the box
    me.refresh_from_db()
    assert me.is_active

    client.post("/accounts/delete/", {"confirm": "on"})
    me.refresh_from_db()
    comment.refresh_from_db()
    assert not me.is_active and me.display_name == "" and "alix" not in me.email.lower()
    assert not me.has_usable_password()
    assert comment.body == "" and comment.deleted_at is not None
    assert not Support.objects.filter(user=me).exists()
    assert Proposal.objects.filter(pk=proposal.pk).exists()
    assert "_auth_user_id" not in client.session


def test_a_resident_creates_an_api_token_on_my_data_and_replacing_it_revokes_the_old(client, db):
    from rest_framework.authtoken.models import Token

    me = UserFactory()
    client.force_login(me)
    client.post("/accounts/api-token/")
    first = Token.objects.get(user=me).key
    assert first in client.get("/accounts/my-data/").content.decode()
    client.post("/accounts/api-token/")
    assert Token.objects.get(user=me).key != first
    assert client.get("/accounts/api-token/").status_code == 405


def test_a_forgotten_password_is_reset_through_a_link_sent_by_mail(client, db):
    from allauth.account.models import EmailAddress

    me = UserFactory()
    EmailAddress.objects.create(user=me, email=me.email, verified=True, primary=True)
    client.post("/accounts/password/reset/", {"email": me.email})
    link = re.search(r"/accounts/password/reset/key/\S+/", mail.outbox[-1].body).group(0)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "un tout autre mot de passe", "password2": "un tout autre mot de passe"},
    )
    me.refresh_from_db()
    assert me.check_password("un tout autre mot de passe")
