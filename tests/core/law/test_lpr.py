import datetime as dt
from decimal import Decimal

import pytest

from huikuan.core.law.errors import LawInputError
from huikuan.core.law.lpr import DEFAULT_LPR, LprRate, LprTable

D = dt.date


@pytest.mark.parametrize(
    ("day", "one_year", "five_year"),
    [
        (D(2023, 8, 21), "3.45", "4.20"),
        (D(2024, 2, 19), "3.45", "4.20"),
        (D(2024, 2, 20), "3.45", "3.95"),
        (D(2024, 8, 1), "3.35", "3.85"),
        (D(2024, 10, 21), "3.10", "3.60"),
        (D(2025, 5, 19), "3.10", "3.60"),
        (D(2025, 5, 20), "3.00", "3.50"),
        (D(2026, 2, 1), "3.00", "3.50"),
    ],
)
def test_rate_in_force(day, one_year, five_year):
    row = DEFAULT_LPR.rate_on(day)
    assert (row.one_year, row.five_year) == (Decimal(one_year), Decimal(five_year))


def test_before_table_start():
    with pytest.raises(LawInputError) as e:
        DEFAULT_LPR.rate_on(D(2023, 8, 20))
    assert e.value.field == "date"


def test_rows_are_sorted_and_extendable():
    t = LprTable((DEFAULT_LPR.rows[2], DEFAULT_LPR.rows[0], DEFAULT_LPR.rows[1]))
    assert [r.effective for r in t.rows] == sorted(r.effective for r in t.rows)
    t2 = DEFAULT_LPR.with_row(LprRate(D(2026, 3, 20), Decimal("2.90"), Decimal("3.40")))
    assert t2.rate_on(D(2026, 4, 1)).one_year == Decimal("2.90")


def test_refuses_duplicate_effective_dates():
    rows = (*DEFAULT_LPR.rows, LprRate(D(2024, 7, 22), Decimal("3.30"), Decimal("3.80")))
    with pytest.raises(LawInputError) as e:
        LprTable(rows)
    assert e.value.field == "rows.effective"


@pytest.mark.parametrize("bad", [Decimal("-0.1"), Decimal("0"), Decimal("NaN")])
def test_refuses_non_positive_rates(bad):
    with pytest.raises(LawInputError) as e:
        LprTable((LprRate(D(2024, 1, 1), bad, Decimal("4")),))
    assert e.value.field == "rows.one_year"


def test_refuses_empty_table():
    with pytest.raises(LawInputError):
        LprTable(())
