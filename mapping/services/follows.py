"""Following a proposal or a consultation, and telling people when a proposal moves on.

Who is told of a proposal's new status: its author and the residents who follow it or its
consultation, each once, never the planner who made the change. Every email goes through
`accounts.mail.mail_person`, so it leaves after the commit or not at all.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.mail import mail_person, site_url
from mapping.models import Consultation, Follow, Proposal, ProposalStatusChange
from mapping.permissions import may_see_hidden


def _target(proposal: Proposal | None, consultation: Consultation | None) -> dict:
    if (proposal is None) == (consultation is None):
        raise ValidationError(_("Follow either a proposal or a consultation."))
    return {"proposal": proposal} if proposal is not None else {"consultation": consultation}


def follow_add(
    *, user, proposal: Proposal | None = None, consultation: Consultation | None = None
) -> Follow:
    """`user` follows the proposal or the consultation; following twice changes nothing."""
    target = _target(proposal, consultation)
    if not getattr(user, "is_authenticated", False):
        raise ValidationError(_("Log in to follow a proposal."))
    existing = Follow.objects.filter(user=user, **target).first()
    if existing is not None:
        return existing
    try:
        # Two clicks at once: the database's unique constraint keeps one row, the second is a no-op.
        with transaction.atomic():
            return Follow.objects.create(user=user, **target)
    except IntegrityError:
        return Follow.objects.get(user=user, **target)


def follow_remove(
    *, user, proposal: Proposal | None = None, consultation: Consultation | None = None
) -> None:
    """`user` stops following; not following already is not an error."""
    Follow.objects.filter(user=user, **_target(proposal, consultation)).delete()


def is_following(
    *, user, proposal: Proposal | None = None, consultation: Consultation | None = None
) -> bool:
    """Whether `user` follows the proposal or the consultation."""
    target = _target(proposal, consultation)
    return user.is_authenticated and Follow.objects.filter(user=user, **target).exists()


def proposal_recipients(*, proposal: Proposal, changed_by) -> list:
    """The people told of a change: the author, then followers; each once, not `changed_by`.

    A hidden proposal is told to its author only (and to staff who follow it): others would
    find its page missing.
    """
    follows = Follow.objects.filter(proposal=proposal)
    if proposal.consultation_id:
        follows = follows | Follow.objects.filter(consultation_id=proposal.consultation_id)
    people = [proposal.author] + [
        follow.user for follow in follows.select_related("user").order_by("created_at", "pk")
    ]
    seen: set[int] = set()
    recipients = []
    for person in people:
        if person.pk in seen or (changed_by is not None and person.pk == changed_by.pk):
            continue
        seen.add(person.pk)
        if (
            proposal.is_hidden
            and person.pk != proposal.author_id
            and not may_see_hidden(person, proposal.commune)
        ):
            continue
        recipients.append(person)
    return recipients


def proposal_tell_followers(*, proposal: Proposal, change: ProposalStatusChange) -> None:
    """Email the author and the followers the new status, the answer and the proposal's link."""
    link = site_url(proposal.get_absolute_url())
    # People read the site in French unless they chose otherwise; accounts keep no language yet.
    with translation.override(settings.LANGUAGE_CODE):
        new_status = str(Proposal.Status(change.to_status).label)
        for person in proposal_recipients(proposal=proposal, changed_by=change.changed_by):
            if person.pk == proposal.author_id:
                subject = _("Your proposal “%(title)s” is now %(status)s")
                intro = _("Hello %(name)s,\n\nYour proposal “%(title)s” is now %(status)s.")
            else:
                subject = _("A proposal you follow is now %(status)s")
                intro = _(
                    "Hello %(name)s,\n\nThe proposal “%(title)s”, which you follow, is now "
                    "%(status)s."
                )
            values = {"name": person.public_name, "title": proposal.title, "status": new_status}
            body = intro % values
            if change.note:
                body += "\n\n" + _("The town's answer:") + "\n" + change.note
            body += "\n\n" + _("See the proposal and its history: %(link)s") % {"link": link}
            if person.pk != proposal.author_id:
                body += "\n\n" + _(
                    "To stop these emails, stop following on the page of the proposal or "
                    "its consultation."
                )
            mail_person(person, subject=subject % values, body=body)
