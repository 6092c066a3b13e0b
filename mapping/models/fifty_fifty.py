"""Fifty-fifty projects: the town funds half of an innovative project carried by a collective of
residents (the "fifty-fifty" of Loos-en-Gohelle). A proposal applies; planners decide.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MinValueValidator
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mapping.models.proposals import Proposal


class FiftyFiftyProject(models.Model):
    """A proposal carried by a named collective, half of whose budget the town funds."""

    class CollectiveKind(models.TextChoices):
        ASSOCIATION = "association", _("association")
        RESIDENTS = "residents", _("group of residents")

    class Status(models.TextChoices):
        APPLICATION = "application", _("application")
        APPROVED = "approved", _("approved")
        FUNDED = "funded", _("funded")
        COMPLETED = "completed", _("completed")
        REFUSED = "refused", _("refused")

    # How planners move a project on (mapping.services.fifty_fifty reads it, so do the forms).
    TRANSITIONS = {
        Status.APPLICATION: (Status.APPROVED, Status.REFUSED),
        Status.APPROVED: (Status.FUNDED, Status.REFUSED),
        Status.FUNDED: (Status.COMPLETED,),
        Status.COMPLETED: (),
        Status.REFUSED: (),
    }

    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.PROTECT,
        related_name="fifty_fifty",
        verbose_name=_("proposal"),
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="fifty_fifty_projects",
        verbose_name=_("commune"),
    )
    collective_name = models.CharField(_("collective"), max_length=160)
    collective_kind = models.CharField(
        _("kind of collective"), max_length=20, choices=CollectiveKind.choices
    )
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    total_budget = models.DecimalField(
        _("total budget (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    # Half of the budget, computed by the database: never typed, never out of step.
    town_share = models.GeneratedField(
        expression=F("total_budget") / 2,
        output_field=models.DecimalField(max_digits=12, decimal_places=2),
        db_persist=True,
        verbose_name=_("town's share (€)"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPLICATION
    )
    refusal_reason = models.TextField(_("reason for refusal"), blank=True, max_length=3000)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="fifty_fifty_applications",
        verbose_name=_("applied by"),
    )
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="fifty_fifty_decisions",
        null=True,
        blank=True,
        verbose_name=_("decided by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    funded_at = models.DateTimeField(_("funded at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    refused_at = models.DateTimeField(_("refused at"), null=True, blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("fifty-fifty project")
        verbose_name_plural = _("fifty-fifty projects")
        ordering = ["-applied_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_budget__gt=0),
                name="fifty_fifty_budget_positive",
                violation_error_message=_("The total budget must be more than 0 €."),
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="fifty_fifty_refusal_has_reason",
                violation_error_message=_("A refusal must give its reason."),
            ),
        ]

    def __str__(self):
        return self.collective_name

    def get_absolute_url(self):
        return reverse("mapping:fifty-fifty-detail", args=[self.pk])

    def next_statuses(self) -> tuple[str, ...]:
        return tuple(self.TRANSITIONS.get(self.status, ()))
