from datetime import date, datetime
from zoneinfo import ZoneInfo

from mapping.mandates import count_by_mandate, mandate_of

PARIS = ZoneInfo("Europe/Paris")


def test_a_mandate_runs_from_one_municipal_election_to_the_next():
    mandate = mandate_of(date(2023, 5, 1))
    assert (mandate.starts, mandate.ends, mandate.label) == (
        date(2020, 3, 15),
        date(2026, 3, 15),
        "2020-2026",
    )


def test_the_election_day_opens_the_new_mandate():
    assert mandate_of(date(2026, 3, 14)).label == "2020-2026"
    assert mandate_of(date(2026, 3, 15)).label == "2026-2032"


def test_after_the_last_known_election_mandates_last_six_years():
    assert mandate_of(date(2033, 1, 1)).label == "2032-2038"


def test_a_moment_is_placed_by_the_towns_local_day():
    # 00:30 in Paris on election day is 23:30 UTC on the eve: it belongs to the new mandate.
    just_after_midnight = datetime(2026, 3, 15, 0, 30, tzinfo=PARIS)
    assert mandate_of(just_after_midnight).label == "2026-2032"


def test_moments_are_counted_per_mandate_oldest_first():
    counted = count_by_mandate([date(2015, 1, 1), date(2021, 1, 1), date(2025, 12, 1)])
    assert [(mandate.label, count) for mandate, count in counted] == [
        ("2014-2020", 1),
        ("2020-2026", 2),
    ]
