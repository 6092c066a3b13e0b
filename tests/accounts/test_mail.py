"""Emails to a person leave after the commit, signed with the site's name and sender."""

import pytest
from django.core import mail
from django.db import transaction

from accounts.mail import mail_person
from tests.accounts.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_an_email_leaves_only_once_the_decision_is_committed_with_the_site_sender(settings):
    settings.SITE_NAME = "Cadre de vie Loos"
    settings.DEFAULT_FROM_EMAIL = "Cadre de vie Loos <mairie@example.org>"
    person = UserFactory(email="alix@example.org")
    with transaction.atomic():
        mail_person(person, subject="Votre proposition", body="Bonjour")
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [["alix@example.org"]]
    assert mail.outbox[0].subject == "[Cadre de vie Loos] Votre proposition"
    assert mail.outbox[0].from_email == "Cadre de vie Loos <mairie@example.org>"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_decision_sends_nothing_and_an_erased_account_gets_nothing():
    person = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_person(person, subject="Votre proposition", body="Bonjour")
        raise RuntimeError
    erased = UserFactory(email="erased-1@invalid", is_active=False)
    mail_person(erased, subject="Votre proposition", body="Bonjour")
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_after_the_commit_is_logged_not_raised(settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with transaction.atomic():
        mail_person(UserFactory(), subject="Votre proposition", body="Bonjour")
    assert "Could not send" in caplog.text
