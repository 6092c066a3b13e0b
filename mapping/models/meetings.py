"""Public meetings: the town's method is talking with residents (220 meetings per mandate in
Loos-en-Gohelle), so each meeting is recorded with its place, topic and minutes, and linked to the
proposals it discussed.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mapping.models.consultations import Consultation
from mapping.models.proposals import Proposal


def meeting_minutes_path(meeting, filename: str) -> str:
    # The name is ours, never the uploader's: no path or odd character from outside.
    return f"meetings/{meeting.pk}/compte-rendu.pdf"


class Meeting(models.Model):
    """A public meeting held by the town: when, where, about what, who came, what was said."""

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("commune"),
    )
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="meetings",
        null=True,
        blank=True,
        verbose_name=_("consultation"),
    )
    topic = models.CharField(_("topic"), max_length=160)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place_name = models.CharField(
        _("place"), max_length=160, help_text=_("The room or address, as residents know it.")
    )
    location = models.PointField(_("location on the map"), srid=4326)
    attendance = models.PositiveIntegerField(
        _("attendance"), null=True, blank=True, help_text=_("How many people came.")
    )
    minutes = models.TextField(_("minutes"), blank=True, max_length=50000)
    minutes_pdf = models.FileField(
        _("minutes (PDF)"), upload_to=meeting_minutes_path, blank=True, max_length=200
    )
    proposals = models.ManyToManyField(
        Proposal,
        related_name="meetings",
        blank=True,
        verbose_name=_("proposals discussed"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="recorded_meetings",
        null=True,
        blank=True,
        verbose_name=_("recorded by"),
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("public meeting")
        verbose_name_plural = _("public meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("A meeting must end after it starts."),
            ),
        ]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("mapping:meeting-detail", args=[self.pk])
