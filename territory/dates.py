"""Moments written the French way for people: "3 mars 2027 à 9 h 00", in Europe/Paris time."""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def day_display(value: datetime) -> str:
    """The day of `value` in the local time zone: "3 mars 2027"."""
    return date_format(timezone.localtime(value), "j F Y")


def moment_display(value: datetime) -> str:
    """The exact local time of `value`, as an order of public inquiry writes it:
    "3 mars 2027 à 9 h 00"."""
    local = timezone.localtime(value)
    return _("%(day)s at %(hour)d h %(minute)02d") % {
        "day": date_format(local, "j F Y"),
        "hour": local.hour,
        "minute": local.minute,
    }
