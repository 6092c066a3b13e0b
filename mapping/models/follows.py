"""Residents who follow a proposal or a consultation, to be told by email when it moves on."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """One person following one proposal or one consultation: once each, held by the database."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("resident"),
    )
    proposal = models.ForeignKey(
        "mapping.Proposal",
        on_delete=models.CASCADE,
        related_name="follows",
        null=True,
        blank=True,
        verbose_name=_("proposal"),
    )
    consultation = models.ForeignKey(
        "mapping.Consultation",
        on_delete=models.CASCADE,
        related_name="follows",
        null=True,
        blank=True,
        verbose_name=_("consultation"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=False, consultation__isnull=True)
                | Q(proposal__isnull=True, consultation__isnull=False),
                name="follow_one_thing",
                violation_error_message=_("Follow either a proposal or a consultation."),
            ),
            models.UniqueConstraint(
                fields=["user", "proposal"],
                condition=Q(proposal__isnull=False),
                name="follow_proposal_once_per_person",
                violation_error_message=_("You already follow this proposal."),
            ),
            models.UniqueConstraint(
                fields=["user", "consultation"],
                condition=Q(consultation__isnull=False),
                name="follow_consultation_once_per_person",
                violation_error_message=_("You already follow this consultation."),
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.proposal or self.consultation}"
