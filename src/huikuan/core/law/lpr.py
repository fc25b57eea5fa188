"""Loan Prime Rate (贷款市场报价利率) table as dated data.

Rates are percent per year. Source: National Interbank Funding Center
announcements, as listed in the project's legal facts.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from huikuan.core.i18n import N_, msg
from huikuan.core.law.errors import LawInputError


@dataclass(frozen=True)
class LprRate:
    effective: dt.date
    one_year: Decimal  # percent per year
    five_year: Decimal  # percent per year


DEFAULT_LPR_ROWS: tuple[LprRate, ...] = (
    LprRate(dt.date(2023, 8, 21), Decimal("3.45"), Decimal("4.20")),
    LprRate(dt.date(2024, 2, 20), Decimal("3.45"), Decimal("3.95")),
    LprRate(dt.date(2024, 7, 22), Decimal("3.35"), Decimal("3.85")),
    LprRate(dt.date(2024, 10, 21), Decimal("3.10"), Decimal("3.60")),
    LprRate(dt.date(2025, 5, 20), Decimal("3.00"), Decimal("3.50")),  # unchanged at least to 2026-02
)


@dataclass(frozen=True)
class LprTable:
    """Validated, date-ordered LPR rows; each row applies until the next one."""

    rows: tuple[LprRate, ...]
    _dates: tuple[dt.date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.rows, key=lambda r: r.effective))
        if not ordered:
            raise LawInputError("rows", msg(N_("The LPR table is empty.")))
        for i, row in enumerate(ordered):
            for name in ("one_year", "five_year"):
                value = getattr(row, name)
                if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
                    raise LawInputError(
                        f"rows.{name}",
                        msg(
                            N_("The rate must be a positive Decimal, got %(value)s (%(date)s)."),
                            value=repr(value),
                            date=row.effective.isoformat(),
                        ),
                    )
            if i and ordered[i - 1].effective == row.effective:
                # Two rows for one date would make the rate in force ambiguous.
                raise LawInputError(
                    "rows.effective", msg(N_("Duplicate effective date %(date)s."), date=row.effective.isoformat())
                )
        object.__setattr__(self, "rows", ordered)
        object.__setattr__(self, "_dates", tuple(r.effective for r in ordered))

    @classmethod
    def of(cls, rows: Iterable[LprRate]) -> LprTable:
        return cls(tuple(rows))

    def rate_on(self, day: dt.date) -> LprRate:
        """The row in force on ``day``."""
        i = bisect_right(self._dates, day)
        if i == 0:
            raise LawInputError(
                "date",
                msg(
                    N_("There is no LPR row in force on %(date)s; the table starts %(start)s."),
                    date=day.isoformat(),
                    start=self.rows[0].effective.isoformat(),
                ),
            )
        return self.rows[i - 1]

    def with_row(self, row: LprRate) -> LprTable:
        return LprTable((*self.rows, row))


DEFAULT_LPR = LprTable(DEFAULT_LPR_ROWS)
