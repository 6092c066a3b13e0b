"""Municipal mandates: the six years between two municipal elections.

Loos-en-Gohelle counts its public meetings per mandate (220 a mandate), so the key figures and the
meetings page count them the same way. A mandate runs from the first round of one general municipal
election to the next; after the last known election, mandates are counted in steps of six years.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise

from django.conf import settings
from django.utils import timezone

MANDATE_YEARS = 6


@dataclass(frozen=True, order=True)
class Mandate:
    starts: date  # the day of the election that opened it
    ends: date  # the day of the next election (not in the mandate)

    @property
    def label(self) -> str:
        return f"{self.starts.year}-{self.ends.year}"


def _elections() -> list[date]:
    return sorted(date.fromisoformat(day) for day in settings.MUNICIPAL_ELECTIONS)


def _add_years(day: date, years: int) -> date:
    return day.replace(year=day.year + years)


def mandate_of(moment: date | datetime) -> Mandate:
    """The mandate a day (or a moment, in the town's time) belongs to."""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    elections = _elections()
    if moment < elections[0]:
        ends = elections[0]
        while _add_years(ends, -MANDATE_YEARS) > moment:
            ends = _add_years(ends, -MANDATE_YEARS)
        return Mandate(_add_years(ends, -MANDATE_YEARS), ends)
    for starts, ends in pairwise(elections):
        if starts <= moment < ends:
            return Mandate(starts, ends)
    starts = elections[-1]
    while _add_years(starts, MANDATE_YEARS) <= moment:
        starts = _add_years(starts, MANDATE_YEARS)
    return Mandate(starts, _add_years(starts, MANDATE_YEARS))


def count_by_mandate(moments) -> list[tuple[Mandate, int]]:
    """How many of `moments` fall in each mandate, oldest mandate first."""
    counts = Counter(mandate_of(moment) for moment in moments)
    return sorted(counts.items())
