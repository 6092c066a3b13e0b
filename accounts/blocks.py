"""Blocked accounts: a moderator's block stops a person writing, never reading.

The block lives on the account (accounts sits at the bottom), so every app's write services ask
`check_may_write(user)` before they store anything a person writes; the person keeps their
history and is told the moderator's reason. Blocking and unblocking are written by the
moderation services of the app above (mapping.services.moderation), which log each act.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

BLOCK_REASON_MAX_LENGTH = 1000


def is_blocked(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.blocked_at is not None)


def block_sentence(user) -> str:
    """What a blocked person is told, with the moderator's reason."""
    return _(
        "Your account is blocked by moderation: you can still read the site, but no longer "
        "propose, comment, support or report. Reason: %(reason)s"
    ) % {"reason": user.blocked_reason}


def check_may_write(user) -> None:
    """Refuse (PermissionDenied, with the reason) a write by a blocked person."""
    if is_blocked(user):
        raise PermissionDenied(block_sentence(user))


def user_block(*, user, by, reason: str) -> None:
    """Block `user`; the caller checks who may block and logs the act."""
    if user.blocked_at is not None:
        raise ValidationError(_("This account is already blocked."))
    user.blocked_at = timezone.now()
    user.blocked_reason = reason
    user.blocked_by = by
    user.save(update_fields=["blocked_at", "blocked_reason", "blocked_by"])


def user_unblock(*, user) -> None:
    """Lift the block: the person writes again."""
    if user.blocked_at is None:
        raise ValidationError(_("This account is not blocked."))
    user.blocked_at = None
    user.blocked_reason = ""
    user.blocked_by = None
    user.save(update_fields=["blocked_at", "blocked_reason", "blocked_by"])
