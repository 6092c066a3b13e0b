"""Moderation: residents' reports of content, and the log of what moderators did."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mapping.models.proposals import Comment, Proposal


class Report(models.Model):
    """A resident's report of abusive content, handled by a moderator."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("advertising or spam")
        # Stored as "abusive" since the first reports; read as "offensive".
        OFFENSIVE = "abusive", _("insulting or offensive")
        OFF_TOPIC = "off_topic", _("off topic")
        PERSONAL_DATA = "personal_data", _("reveals personal data")
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


class ModerationAction(models.Model):
    """One act of a moderator, kept for good: who, when, what, on which content or person, why."""

    class Action(models.TextChoices):
        HIDE = "hide", _("hide")
        RESTORE = "restore", _("restore")
        DISMISS = "dismiss", _("dismiss the reports")
        BLOCK = "block", _("block the account")
        UNBLOCK = "unblock", _("unblock the account")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="moderation_acts",
        verbose_name=_("moderator"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        related_name="moderation_actions",
        null=True,
        blank=True,
        verbose_name=_("proposal"),
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.PROTECT,
        related_name="moderation_actions",
        null=True,
        blank=True,
        verbose_name=_("comment"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="moderation_actions_on",
        null=True,
        blank=True,
        verbose_name=_("person"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation act")
        verbose_name_plural = _("moderation acts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=False, comment__isnull=True, person__isnull=True)
                | Q(proposal__isnull=True, comment__isnull=False, person__isnull=True)
                | Q(proposal__isnull=True, comment__isnull=True, person__isnull=False),
                name="moderation_action_targets_one_thing",
            ),
            models.CheckConstraint(
                condition=Q(action__in=["block", "unblock"], person__isnull=False)
                | (~Q(action__in=["block", "unblock"]) & Q(person__isnull=True)),
                name="moderation_action_blocks_target_people",
            ),
        ]

    def __str__(self):
        return f"{self.moderator} {self.get_action_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def target(self):
        return self.proposal or self.comment or self.person
