"""Moments written the French way for people: "3 mars 2027 à 9 h 00", in Europe/Paris time."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def _day(local: datetime) -> str:
    """ "3 mars 2027", and "1er mars 2027" for the first of the month, as French writes it."""
    number = pgettext("the first day of a month", "1") if local.day == 1 else str(local.day)
    return f"{number} {date_format(local, 'F Y')}"


def day_display(value: datetime | date) -> str:
    """The day of `value` in the local time zone: "3 mars 2027" (a date is its own day)."""
    if not isinstance(value, datetime):
        return _day(value)
    return _day(timezone.localtime(value))


def moment_display(value: datetime) -> str:
    """The exact local time of `value`, as an order of public inquiry writes it:
    "3 mars 2027 à 9 h 00"."""
    local = timezone.localtime(value)
    return _("%(day)s at %(hour)d h %(minute)02d") % {
        "day": _day(local),
        "hour": local.hour,
        "minute": local.minute,
    }
