"""Moderation: residents report content, enough reports hide it until a moderator looks, and
moderators hide, restore, dismiss reports and block accounts, each act logged.

Every moderator's act is one transaction that changes the content (or the account) and writes
its `ModerationAction`: who, when, what, why. A hidden proposal or comment keeps the reason
given, which its author sees on it; the public never does.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.blocks import BLOCK_REASON_MAX_LENGTH, check_may_write, user_block, user_unblock
from accounts.throttling import write_allow
from mapping.models import Comment, ModerationAction, Proposal, Report
from mapping.permissions import may_act_as_moderator, may_see_hidden
from territory.text import clean_text

# A proposal or comment reported by this many different residents is hidden until a moderator
# looks at it.
REPORTS_TO_HIDE = 3
REPORT_DETAILS_MAX_LENGTH = 1000
MODERATION_REASON_MAX_LENGTH = 1000
# The database's guarantee behind "once per person" (mapping/models/moderation.py).
ONCE_PER_PERSON = ("report_proposal_once_per_person", "report_comment_once_per_person")


@transaction.atomic
def report_create(
    *,
    reporter,
    reason: str,
    details: str = "",
    proposal: Proposal | None = None,
    comment: Comment | None = None,
    address: str | None = None,
) -> Report:
    """A resident reports a proposal or a comment; enough reports hide it for moderation.

    The reported row is locked first, so reports of the same content are counted one after the
    other: three residents reporting at the same moment hide it, each seeing the others.
    Nobody reports their own content, a blocked person reports nothing, and nobody beyond
    the limits on reports (accounts.throttling).
    """
    if (proposal is None) == (comment is None):
        raise ValidationError(_("Report either a proposal or a comment."))
    check_may_write(reporter)
    write_allow(action="report", account=reporter, address=address)
    reported = proposal if proposal is not None else comment
    if reported.author_id == reporter.pk:
        raise ValidationError(
            _("You cannot report your own proposal.")
            if proposal is not None
            else _("You cannot report your own comment.")
        )
    reported.is_hidden = (
        type(reported)
        .objects.select_for_update()
        .values_list("is_hidden", flat=True)
        .get(pk=reported.pk)
    )
    target = {"proposal": proposal} if proposal is not None else {"comment": comment}
    already = _("You have already reported this; a moderator will look at it.")
    if Report.objects.filter(reporter=reporter, **target).exists():
        raise ValidationError(already)
    details = clean_text(details, field="details", max_length=REPORT_DETAILS_MAX_LENGTH)
    report = Report(reporter=reporter, reason=reason, details=details, **target)
    report.full_clean()
    try:
        # In a savepoint: a caller inside a larger transaction can go on after the refusal.
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
        if constraint in ONCE_PER_PERSON:
            raise ValidationError(already) from error
        raise
    pending = Report.objects.filter(resolved_at__isnull=True, **target)
    if pending.values("reporter").distinct().count() >= REPORTS_TO_HIDE and not reported.is_hidden:
        reported.is_hidden = True
        reported.save(update_fields=["is_hidden"])
    return report


def _check_moderator(user, commune=None) -> None:
    """Content is moderated by the moderators of its commune; an account (which works in every
    commune) by any moderator."""
    if not may_act_as_moderator(user, commune):
        raise PermissionDenied(_("Only the site's moderators can do this."))


def _commune_of(content: Proposal | Comment):
    return content.commune if isinstance(content, Proposal) else content.proposal.commune


def _reason(reason: str | None, *, required: str | None) -> str:
    return clean_text(
        reason,
        field="reason",
        max_length=MODERATION_REASON_MAX_LENGTH,
        required=required,
        too_long=_("The reason has %(length)d characters; keep it within %(limit)d."),
    )


def _content(proposal: Proposal | None, comment: Comment | None) -> tuple[Proposal | Comment, dict]:
    """The content acted on, locked and read again, and its target as keyword arguments."""
    if (proposal is None) == (comment is None):
        raise ValidationError(_("Moderate either a proposal or a comment."))
    content = proposal if proposal is not None else comment
    type(content).objects.select_for_update().filter(pk=content.pk).values_list("pk").get()
    content.refresh_from_db()
    return content, ({"proposal": content} if proposal is not None else {"comment": content})


def _resolve_reports(target: dict, now) -> int:
    """Close the pending reports: they were looked at, and old ones must not hide it again."""
    return Report.objects.filter(resolved_at__isnull=True, **target).update(resolved_at=now)


@transaction.atomic
def content_hide(
    *, moderator, reason: str, proposal: Proposal | None = None, comment: Comment | None = None
) -> ModerationAction:
    """A moderator hides a proposal or a comment with a reason its author will read.

    Hidden content leaves the public map, API, exports and OGC API (they read
    `visible_to`), and stays visible to planners and moderators. Its pending reports are
    resolved. Hiding content already hidden by reports confirms it and records the reason.
    """
    content, target = _content(proposal, comment)
    _check_moderator(moderator, _commune_of(content))
    reason = _reason(reason, required=_("Say why it is hidden: its author will read it."))
    now = timezone.now()
    content.is_hidden = True
    content.moderation_reason = reason
    content.save(update_fields=["is_hidden", "moderation_reason", "updated_at"])
    _resolve_reports(target, now)
    return ModerationAction.objects.create(
        moderator=moderator, action=ModerationAction.Action.HIDE, reason=reason, **target
    )


@transaction.atomic
def content_restore(
    *, moderator, reason: str = "", proposal: Proposal | None = None, comment: Comment | None = None
) -> ModerationAction:
    """A moderator shows hidden content again; its pending reports are resolved, so that three
    old reports do not hide it again, and the reason given to its author goes."""
    content, target = _content(proposal, comment)
    _check_moderator(moderator, _commune_of(content))
    reason = _reason(reason, required=None)
    if not content.is_hidden:
        raise ValidationError(_("This is not hidden: there is nothing to restore."))
    content.is_hidden = False
    content.moderation_reason = ""
    content.save(update_fields=["is_hidden", "moderation_reason", "updated_at"])
    _resolve_reports(target, timezone.now())
    return ModerationAction.objects.create(
        moderator=moderator, action=ModerationAction.Action.RESTORE, reason=reason, **target
    )


@transaction.atomic
def reports_dismiss(
    *, moderator, reason: str = "", proposal: Proposal | None = None, comment: Comment | None = None
) -> ModerationAction:
    """A moderator finds the reports unfounded: they are resolved and the content stays shown.

    Content that reports hid is restored instead (`content_restore`), which says so in the log.
    """
    content, target = _content(proposal, comment)
    _check_moderator(moderator, _commune_of(content))
    reason = _reason(reason, required=None)
    if content.is_hidden:
        raise ValidationError(_("This is hidden: restore it to show it again."))
    if not _resolve_reports(target, timezone.now()):
        raise ValidationError(_("There is no pending report on this."))
    return ModerationAction.objects.create(
        moderator=moderator, action=ModerationAction.Action.DISMISS, reason=reason, **target
    )


def _lock_person(person):
    type(person).objects.select_for_update().filter(pk=person.pk).values_list("pk").get()
    person.refresh_from_db()


@transaction.atomic
def account_block(*, moderator, person, reason: str) -> ModerationAction:
    """A moderator blocks an account: the person still reads and keeps their history, but can
    no longer propose, comment, support or report, and is told the reason."""
    _check_moderator(moderator)
    reason = clean_text(
        reason,
        field="reason",
        max_length=BLOCK_REASON_MAX_LENGTH,
        required=_("Say why the account is blocked: the person will read it."),
        too_long=_("The reason has %(length)d characters; keep it within %(limit)d."),
    )
    if person.pk == moderator.pk:
        raise ValidationError(_("You cannot block your own account."))
    if may_see_hidden(person):
        raise ValidationError(_("The town's planners and moderators cannot be blocked here."))
    _lock_person(person)
    user_block(user=person, by=moderator, reason=reason)
    return ModerationAction.objects.create(
        moderator=moderator, action=ModerationAction.Action.BLOCK, person=person, reason=reason
    )


@transaction.atomic
def account_unblock(*, moderator, person, reason: str = "") -> ModerationAction:
    """A moderator lifts a block: the person writes again."""
    _check_moderator(moderator)
    reason = _reason(reason, required=None)
    _lock_person(person)
    user_unblock(user=person)
    return ModerationAction.objects.create(
        moderator=moderator, action=ModerationAction.Action.UNBLOCK, person=person, reason=reason
    )
