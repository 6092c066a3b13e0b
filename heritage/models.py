from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from heritage.querysets import HeritageSiteQuerySet
from territory.db import GeographyBuffer

# The "abords" of a historic monument: building work within 500 m needs the opinion of the
# Architecte des Bâtiments de France (Code du patrimoine, art. L621-30).
MONUMENT_SURROUNDINGS_M = 500


class HeritageSite(models.Model):
    """A heritage site of the commune: the 11/19 base, a slag heap, a church..."""

    class Kind(models.TextChoices):
        MINING_BASE = "mining_base", _("mining base")
        HEADFRAME = "headframe", _("headframe")
        SLAG_HEAP = "slag_heap", _("slag heap")
        MINERS_HOUSING = "miners_housing", _("miners' housing")
        CHURCH = "church", _("church")
        OTHER = "other", _("other")

    class HistoricMonument(models.TextChoices):
        NONE = "none", _("not protected")
        LISTED = "listed", _("listed historic monument (classé)")
        REGISTERED = "registered", _("registered historic monument (inscrit)")

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="heritage_sites",
        verbose_name=_("commune"),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    historic_monument = models.CharField(
        _("historic monument protection"),
        max_length=10,
        choices=HistoricMonument.choices,
        default=HistoricMonument.NONE,
    )
    merimee_ref = models.CharField(
        _("Mérimée reference"),
        max_length=12,
        blank=True,
        help_text=_("Reference in the national heritage database, e.g. PA00108467."),
    )
    unesco_world_heritage = models.BooleanField(_("UNESCO World Heritage"), default=False)
    dates = models.CharField(_("dates"), max_length=120, blank=True)
    height_m = models.DecimalField(
        _("height (m)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    geometry = models.GeometryField(_("geometry"), srid=4326)
    approximate = models.BooleanField(
        _("approximate location"),
        default=False,
        help_text=_("The outline or position is drawn from descriptions, not surveyed."),
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    protection_perimeter = models.GeneratedField(
        expression=models.Case(
            models.When(
                ~Q(historic_monument="none"),
                then=GeographyBuffer("geometry", distance=MONUMENT_SURROUNDINGS_M),
            ),
            default=None,
        ),
        output_field=models.GeometryField(srid=4326, null=True),
        db_persist=True,
        verbose_name=_("protection perimeter"),
    )

    objects = HeritageSiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("heritage site")
        verbose_name_plural = _("heritage sites")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geometry__isvalid=True),
                name="heritage_geometry_valid",
                violation_error_message=_("The outline of the site is not a valid shape."),
            ),
            models.CheckConstraint(
                condition=Q(historic_monument="none") | ~Q(merimee_ref=""),
                name="heritage_monument_has_merimee_ref",
                violation_error_message=_("A historic monument needs its Mérimée reference."),
            ),
        ]

    def __str__(self):
        return self.name


# Every version of this model is kept (the list is in heritage/history.py).
from heritage import history  # noqa: E402, F401
