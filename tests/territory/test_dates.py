"""Moments are written as French writes them, in Paris time."""

from datetime import UTC, date, datetime

from django.utils import translation

from territory.dates import day_display, moment_display


def test_a_moment_is_written_in_paris_time_the_french_way():
    assert moment_display(datetime(2027, 3, 3, 8, 0, tzinfo=UTC)) == "3 mars 2027 à 9 h 00"


def test_the_first_of_the_month_is_written_1er_in_french_and_1_in_english():
    first = datetime(2027, 4, 1, 8, 0, tzinfo=UTC)
    assert day_display(first) == "1er avril 2027"
    assert moment_display(first) == "1er avril 2027 à 10 h 00"
    with translation.override("en"):
        assert day_display(first) == "1 April 2027"


def test_a_date_without_time_is_written_as_its_day():
    """A plan's approval date (a date, not a moment) on the consultation page."""
    assert day_display(date(2024, 1, 1)) == "1er janvier 2024"
    assert day_display(date(2024, 3, 15)) == "15 mars 2024"
