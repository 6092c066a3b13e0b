"""Each role sees its pages in the menu, built from one list; the account pages look like the
site and speak French; allauth's emails carry the site's name, sender and address."""

import re

import pytest
from django.core import mail
from django.urls import path

from accounts.menu import MENU, menu_links
from accounts.roles import Role
from config.urls import urlpatterns as site_urlpatterns
from tests.accounts.factories import UserFactory
from tests.accounts.test_accounts import _sign_up
from tests.land_use.factories import farmer, planner, with_role


def _labels(user) -> list[str]:
    return [link.label for link in menu_links(user)]


def test_a_visitor_sees_the_public_pages_only(db):
    from django.contrib.auth.models import AnonymousUser

    labels = _labels(AnonymousUser())
    assert labels[:2] == ["Carte", "Consultations"]
    assert "Données ouvertes" in labels
    assert not {"Mes propositions", "Mes parcelles", "File d’examen"} & set(labels)


def test_a_resident_sees_their_proposals_and_the_farmer_request(db):
    labels = _labels(UserFactory())
    assert {"Mes propositions", "Devenir agriculteur"} <= set(labels)
    assert not {"Mes parcelles", "File d’examen"} & set(labels)


def test_a_farmer_sees_their_parcels(db):
    labels = _labels(farmer())
    assert "Mes parcelles" in labels and "Devenir agriculteur" not in labels


def test_a_planner_sees_the_review_queue_and_the_farmer_requests(db):
    labels = _labels(planner())
    assert {"File d’examen", "Demandes d’agriculteurs", "Mes parcelles"} <= set(labels)
    assert "Devenir agriculteur" not in labels


def test_moderation_is_in_the_menu_of_moderators_only(db):
    assert "Modération" in _labels(with_role(UserFactory(), Role.MODERATOR))
    assert "Modération" not in _labels(UserFactory())
    assert "Modération" not in _labels(planner())


def test_every_public_page_of_issue_10_is_in_everyones_menu(db):
    from django.contrib.auth.models import AnonymousUser

    labels = _labels(AnonymousUser())
    assert {"Réunions publiques", "Projets fifty-fifty", "Chiffres clés"} <= set(labels)


def test_every_entry_of_the_menu_opens_a_page_that_exists(client, loos):
    for entry in MENU:
        assert entry.label
        assert client.get(entry.url()).status_code in (200, 302), entry.url_name


def test_the_current_page_is_marked_in_the_menu(client, db):
    page = client.get("/consultations/").content.decode()
    assert '<a href="/consultations/" aria-current="page">Consultations</a>' in page


@pytest.mark.parametrize(
    ("address", "heading"),
    [
        ("/accounts/login/", "Connexion"),
        ("/accounts/signup/", "Création de compte"),
        ("/accounts/password/reset/", "Réinitialisation du mot de passe"),
    ],
)
def test_the_account_pages_have_the_sites_header_and_french_labelled_fields(
    client, db, address, heading
):
    page = client.get(address).content.decode()
    assert 'class="site-header"' in page
    assert re.search(rf"<h1>\s*{heading}\s*</h1>", page)
    assert 'class="account-form"' in page
    # Every visible input has its label, never a placeholder alone.
    for input_id in re.findall(r'<input[^>]*type="(?:email|password|text)"[^>]*id="([^"]+)"', page):
        assert f'<label for="{input_id}">' in page


def test_the_confirmation_email_is_signed_with_the_site_name_and_links_to_the_site_address(
    client, db, settings
):
    settings.SITE_NAME = "Loos, cadre de vie"
    settings.SITE_URL = "https://cadre-de-vie.example.fr"
    settings.DEFAULT_FROM_EMAIL = "Loos, cadre de vie <ne-pas-repondre@example.fr>"
    _sign_up(client)
    message = mail.outbox[-1]
    assert message.subject.startswith("[Loos, cadre de vie] ")
    assert message.from_email == "Loos, cadre de vie <ne-pas-repondre@example.fr>"
    assert "https://cadre-de-vie.example.fr/accounts/confirm-email/" in message.body
    assert "testserver" not in message.body
    assert "Loos, cadre de vie" in message.body


def test_the_password_reset_email_links_to_the_site_address(client, db, settings):
    settings.SITE_URL = "https://cadre-de-vie.example.fr"
    user = UserFactory()
    client.post("/accounts/password/reset/", {"email": user.email})
    message = mail.outbox[-1]
    assert message.subject.startswith("[Cadre de vie] ")
    link = r"https://cadre-de-vie\.example\.fr/accounts/password/reset/key/\S+/"
    assert re.search(link, message.body)
    assert "testserver" not in message.body


def _moderation(request):  # pragma: no cover - only resolved, never called
    raise AssertionError


urlpatterns = [path("moderation/", _moderation), *site_urlpatterns]
