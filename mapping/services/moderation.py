"""Moderation: residents report content, and enough reports hide it until a moderator looks."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mapping.models import Comment, Proposal, Report
from territory.text import clean_text

# A proposal or comment reported by this many different residents is hidden until a moderator
# looks at it.
REPORTS_TO_HIDE = 3
REPORT_DETAILS_MAX_LENGTH = 1000
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
) -> Report:
    """A resident reports a proposal or a comment; enough reports hide it for moderation.

    The reported row is locked first, so reports of the same content are counted one after the
    other: three residents reporting at the same moment hide it, each seeing the others.
    """
    if (proposal is None) == (comment is None):
        raise ValidationError(_("Report either a proposal or a comment."))
    reported = proposal if proposal is not None else comment
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
