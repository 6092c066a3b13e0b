"""Residents' contributions to a proposal: comments and supports."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.blocks import check_may_write
from accounts.throttling import write_allow
from mapping.models import Comment, Proposal, Support
from mapping.services.consultations import consultation_check_register_open
from territory.concurrency import check_version
from territory.text import clean_text


def _check_open_to_contributions(proposal: Proposal) -> None:
    if proposal.status == Proposal.Status.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn by its author."))
    consultation_check_register_open(proposal.consultation)


@transaction.atomic
def comment_create(*, proposal: Proposal, author, body: str, address: str | None = None) -> Comment:
    """A resident comments on a proposal (not when their account is blocked, nor beyond the
    limits on comments: accounts.throttling)."""
    check_may_write(author)
    write_allow(action="comment", account=author, address=address)
    _check_open_to_contributions(proposal)
    comment = Comment(proposal=proposal, author=author, body=_comment_body(body))
    comment.full_clean()
    comment.save()
    return comment


COMMENT_MAX_LENGTH = 3000


def _comment_body(body: str | None) -> str:
    return clean_text(
        body,
        field="body",
        max_length=COMMENT_MAX_LENGTH,
        required=_("Write your comment before sending it."),
        too_long=_("The comment has %(length)d characters; keep it within %(limit)d."),
    )


def _check_comment_author(comment: Comment, user) -> None:
    if comment.author_id != user.pk:
        raise PermissionDenied(_("Only the author of a comment can change it."))
    if comment.deleted_at is not None:
        raise PermissionDenied(_("This comment was deleted."))


@transaction.atomic
def comment_update(
    *, comment: Comment, user, body: str, expected_etag: str | None = None
) -> Comment:
    """The author rewrites their comment; a stale `expected_etag` (If-Match) is refused."""
    Comment.objects.select_for_update().filter(pk=comment.pk).values_list("pk").get()
    comment.refresh_from_db()
    _check_comment_author(comment, user)
    check_may_write(user)
    check_version(comment, expected_etag)
    comment.body = _comment_body(body)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user) -> Comment:
    """The author deletes their comment: kept for moderation, shown to nobody."""
    _check_comment_author(comment, user)
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at", "updated_at"])
    return comment


@transaction.atomic
def support_add(*, proposal: Proposal, user, address: str | None = None) -> Support:
    """A resident supports someone else's proposal, once; the database's unique constraint is
    the judge. A blocked person supports nothing, and nobody beyond the limits on supports."""
    check_may_write(user)
    write_allow(action="support", account=user, address=address)
    if proposal.author_id == user.pk:
        raise ValidationError(_("You cannot support your own proposal."))
    _check_open_to_contributions(proposal)
    try:
        with transaction.atomic():
            return Support.objects.create(proposal=proposal, user=user)
    except IntegrityError as error:
        if Support.objects.filter(proposal=proposal, user=user).exists():
            raise ValidationError(_("You already support this proposal.")) from error
        raise


def support_remove(*, proposal: Proposal, user) -> bool:
    """Take a support back; returns whether there was one."""
    deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
    return deleted > 0
