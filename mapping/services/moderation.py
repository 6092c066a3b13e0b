"""Moderation: residents report content, and enough reports hide it until a moderator looks."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mapping.models import Comment, Proposal, Report
from territory.text import clean_text

# A proposal or comment reported by this many different residents is hidden until a moderator
# looks at it.
REPORTS_TO_HIDE = 3
REPORT_DETAILS_MAX_LENGTH = 1000


@transaction.atomic
def report_create(
    *,
    reporter,
    reason: str,
    details: str = "",
    proposal: Proposal | None = None,
    comment: Comment | None = None,
) -> Report:
    """A resident reports a proposal or a comment; enough reports hide it for moderation."""
    if (proposal is None) == (comment is None):
        raise ValidationError(_("Report either a proposal or a comment."))
    target = {"proposal": proposal} if proposal is not None else {"comment": comment}
    if Report.objects.filter(reporter=reporter, **target).exists():
        raise ValidationError(_("You have already reported this; a moderator will look at it."))
    details = clean_text(details, field="details", max_length=REPORT_DETAILS_MAX_LENGTH)
    report = Report(reporter=reporter, reason=reason, details=details, **target)
    report.full_clean()
    report.save()
    reported = proposal if proposal is not None else comment
    pending = Report.objects.filter(resolved_at__isnull=True, **target)
    if pending.values("reporter").distinct().count() >= REPORTS_TO_HIDE and not reported.is_hidden:
        reported.is_hidden = True
        reported.save(update_fields=["is_hidden"])
    return report
