"""Plan reviews (consultations): the periods during which residents propose.

A consultation is a concertation or a public inquiry (enquête publique). An inquiry is run as the
electronic register of art. R123-9 and R123-13 of the Code de l'environnement: it opens and
closes at the exact times of the order, numbers each observation, publishes it after the delay
the planner sets, and keeps the commissioner's report published for a year after the close.
"""

from datetime import timedelta

from django.contrib.gis.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mapping.querysets import ConsultationQuerySet


def inquiry_report_path(consultation, filename: str) -> str:
    # The name is ours, never the uploader's: no path or odd character from outside.
    return f"inquiries/{consultation.pk}/rapport-et-conclusions.pdf"


# The report and conclusions stay on the register for one year after the close (art. R123-21).
REPORT_PUBLICATION = timedelta(days=365)


class Consultation(models.Model):
    """A plan review: proposals are accepted only between its opening and closing dates."""

    class Kind(models.TextChoices):
        CONCERTATION = "concertation", _("concertation")
        INQUIRY = "inquiry", _("public inquiry")

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("commune"),
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    plan = models.ForeignKey(
        "land_use.PlanDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("plan document under review"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.CONCERTATION
    )
    publication_delay_hours = models.PositiveIntegerField(
        _("publication delay (hours)"),
        default=0,
        help_text=_(
            "Public inquiry: an observation is published on the register once this delay has "
            "passed since it was sent, unless moderation hides it."
        ),
    )
    report = models.FileField(
        _("report and conclusions (PDF)"),
        upload_to=inquiry_report_path,
        blank=True,
        max_length=200,
    )
    report_uploaded_at = models.DateTimeField(_("report uploaded at"), null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
                violation_error_message=_("A consultation must close after it opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mapping:consultation-detail", args=[self.pk])

    @property
    def is_inquiry(self) -> bool:
        return self.kind == self.Kind.INQUIRY

    def is_open_at(self, moment) -> bool:
        return self.opens_at <= moment < self.closes_at

    def is_closed_at(self, moment) -> bool:
        return moment >= self.closes_at

    def report_is_public_at(self, moment) -> bool:
        """The report is on the register from its upload until one year after the close."""
        return bool(self.report) and moment < self.closes_at + REPORT_PUBLICATION
