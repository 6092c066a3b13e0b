from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from territory.querysets import CommuneQuerySet


class Commune(models.Model):
    """A French commune: every other object of the application belongs to exactly one."""

    insee = models.CharField(
        _("INSEE code"),
        max_length=5,
        unique=True,
        help_text=_("The five-character code of the commune in the official geographic code."),
    )
    name = models.CharField(_("name"), max_length=120)
    boundary = models.MultiPolygonField(_("boundary"), srid=4326)
    boundary_source = models.CharField(_("source of the boundary"), max_length=255, blank=True)
    projected_srid = models.PositiveIntegerField(
        _("projected CRS (EPSG code)"),
        default=2154,
        help_text=_(
            "Metric reference system for areas and exports: 2154 (Lambert-93) in mainland France."
        ),
    )
    utilised_agricultural_area_ha = models.DecimalField(
        _("utilised agricultural area (ha)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Denominator of the organic share of farmland."),
    )
    utilised_agricultural_area_source = models.CharField(
        _("source of the utilised agricultural area"), max_length=255, blank=True
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(insee__regex=r"^(\d{5}|2[AB]\d{3})$"),
                name="commune_insee_format",
                violation_error_message=_("An INSEE code has five characters, such as 62528."),
            ),
            models.CheckConstraint(
                condition=Q(boundary__isvalid=True),
                name="commune_boundary_valid",
                violation_error_message=_("The boundary of the commune is not a valid shape."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.insee})"
