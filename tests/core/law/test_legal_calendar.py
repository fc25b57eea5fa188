import datetime as dt

import pytest

from huikuan.core.law.errors import LawInputError
from huikuan.core.law.legal_calendar import Unit, add_months, deadline, is_rest_day, period_end

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year: month end
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2025, 1, 30), 1, D(2025, 2, 28)),
        (D(2025, 3, 31), 1, D(2025, 4, 30)),
        (D(2025, 1, 15), 1, D(2025, 2, 15)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # one year from 29 Feb
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 12, 31), 2, D(2026, 2, 28)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2025, 5, 31), -6, D(2024, 11, 30)),
    ],
)
def test_month_arithmetic_table(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        (D(2025, 1, 1), 1, Unit.DAYS, D(2025, 1, 2)),  # first day not counted
        (D(2025, 1, 1), 30, Unit.DAYS, D(2025, 1, 31)),
        (D(2024, 3, 31), 3, Unit.YEARS, D(2027, 3, 31)),
        (D(2024, 2, 29), 3, Unit.YEARS, D(2027, 2, 28)),
        (D(2024, 1, 31), 1, Unit.MONTHS, D(2024, 2, 29)),
    ],
)
def test_nominal_period_end(start, amount, unit, expected):
    assert period_end(start, amount, unit) == expected


def test_last_day_in_national_day_holiday_moves_to_next_working_day():
    """Worked example (d).

    Event 2025-09-01, period one month: the corresponding day is 2025-10-01
    (art. 202). 1–8 October 2025 are the National Day / Mid-Autumn holiday;
    9 October (Thursday) is a working day, so the period ends at 24:00 on
    2025-10-09 (art. 203).
    """
    d = deadline(D(2025, 9, 1), 1, Unit.MONTHS)
    assert d.nominal_end == D(2025, 10, 1)
    assert d.end == D(2025, 10, 9)
    assert d.shifted and d.calendar_known
    assert d.ends_at == dt.datetime(2025, 10, 10, 0, 0)
    assert any("art. 203" in line for line in d.explanation)
    # Same holiday reached by a period in days: 15 days from 16 Sept.
    assert deadline(D(2025, 9, 16), 15, "days").end == D(2025, 10, 9)
    # 2024: 1–7 October off, the 8th a working day.
    assert deadline(D(2024, 9, 1), 1, Unit.MONTHS).end == D(2024, 10, 8)


def test_weekend_shift_and_make_up_working_day():
    # 2025-03-01 is a Saturday: the period ends Monday 3 March.
    assert deadline(D(2025, 2, 1), 28, Unit.DAYS).end == D(2025, 3, 3)
    # 2025-09-28 is a Sunday designated a working day (调休): no shift.
    d = deadline(D(2025, 8, 28), 1, Unit.MONTHS)
    assert d.end == D(2025, 9, 28) and not d.shifted
    # Working day: no shift at all.
    assert not deadline(D(2025, 6, 2), 1, Unit.DAYS).shifted


def test_beyond_published_calendar_falls_back_to_weekends():
    rest, known = is_rest_day(D(2031, 1, 4))  # a Saturday
    assert rest and not known
    d = deadline(D(2031, 1, 1), 3, Unit.DAYS)  # 2031-01-04 Saturday → Monday
    assert d.end == D(2031, 1, 6)
    assert not d.calendar_known
    assert any("not published" in line for line in d.explanation)


def test_bad_period():
    with pytest.raises(LawInputError) as e:
        period_end(D(2025, 1, 1), -1, Unit.DAYS)
    assert e.value.field == "amount"
    with pytest.raises(ValueError):
        period_end(D(2025, 1, 1), 1, "weeks")
