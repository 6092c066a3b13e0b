"""Emails to a person: one way to send them, after the commit, signed with the site's name.

Every email the site sends goes through `mail_person`: it is sent once the transaction that
decided it has committed (a refused or rolled-back write sends nothing, and a failing mail server
never undoes an answer that was stored), in the person's language (French by default), from
`DEFAULT_FROM_EMAIL`, its subject prefixed with `SITE_NAME`.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger(__name__)


def _send(address: str, subject: str, body: str) -> None:
    try:
        send_mail(f"[{settings.SITE_NAME}] {subject}", body, settings.DEFAULT_FROM_EMAIL, [address])
    except (smtplib.SMTPException, OSError):
        # What was decided is stored and shown on the site; the email is a courtesy that a
        # broken mail server must not turn into an error page after the commit.
        logger.exception("Could not send “%s” to a person", subject)


def mail_person(user, *, subject: str, body: str) -> None:
    """Send `subject` and `body` (already translated text) to `user` after the commit.

    Nobody is written to without a usable address (erased accounts end in @invalid).
    """
    address = (getattr(user, "email", "") or "").strip()
    if not address or address.endswith("@invalid") or not user.is_active:
        return
    transaction.on_commit(lambda: _send(address, subject, body))


def site_url(path: str) -> str:
    """The absolute address of a page of the site, for an email (`SITE_URL` + path)."""
    return settings.SITE_URL.rstrip("/") + path
