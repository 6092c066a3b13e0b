"""Plan reviews (consultations): the periods during which residents propose."""

from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mapping.querysets import ConsultationQuerySet


class Consultation(models.Model):
    """A plan review: proposals are accepted only between its opening and closing dates."""

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

    def is_open_at(self, moment) -> bool:
        return self.opens_at <= moment < self.closes_at
