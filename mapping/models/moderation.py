"""Moderation: residents' reports of abusive content."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mapping.models.proposals import Comment, Proposal


class Report(models.Model):
    """A resident's report of abusive content, handled by a moderator."""

    class Reason(models.TextChoices):
        ABUSIVE = "abusive", _("insulting or hateful")
        PERSONAL_DATA = "personal_data", _("reveals personal data")
        SPAM = "spam", _("advertising or spam")
        OFF_TOPIC = "off_topic", _("off topic")
        OTHER = "other", _("other")

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="reports",
        null=True,
        blank=True,
        verbose_name=_("proposal"),
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        related_name="reports",
        null=True,
        blank=True,
        verbose_name=_("comment"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("details"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=False, comment__isnull=True)
                | Q(proposal__isnull=True, comment__isnull=False),
                name="report_targets_one_thing",
            ),
            models.UniqueConstraint(
                fields=["reporter", "proposal"],
                condition=Q(proposal__isnull=False),
                name="report_proposal_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(comment__isnull=False),
                name="report_comment_once_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.reporter})"
