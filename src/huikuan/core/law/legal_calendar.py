"""Statutory period arithmetic (Civil Code arts. 200–204).

Rules encoded:
- art. 201: the day on which a period starts is not counted; counting begins
  the next day.
- art. 202: a period in months or years ends on the corresponding day of the
  final month; if that month has no such day, on its last day.
- art. 203 ¶1: if the last day is a statutory rest day (法定休假日), the period
  ends on the day after the rest ends. Weekends are rest days under the State
  Council's working-hours rules, and a weekend re-designated as a working day
  (调休) is not, so the shift moves to the next working day as published.
- art. 203 ¶2: the period ends at 24:00 of the last day.

Holidays come from ``chinese_calendar``. Outside its published years only
weekends are known; the result then carries ``calendar_known=False``.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import chinese_calendar

from huikuan.core.i18n import N_, Msg, msg
from huikuan.core.law.errors import LawInputError


class Unit(StrEnum):
    DAYS = "days"
    MONTHS = "months"
    YEARS = "years"


@lru_cache(maxsize=1 << 16)  # pure function of the date; limitation chains ask repeatedly
def is_rest_day(day: dt.date) -> tuple[bool, bool]:
    """Return ``(rest, known)``: whether ``day`` is a non-working day, and
    whether the official holiday calendar covers it (else weekends only)."""
    try:
        return (not chinese_calendar.is_workday(day), True)
    except NotImplementedError:
        return (day.weekday() >= 5, False)


def next_working_day(day: dt.date) -> tuple[dt.date, bool]:
    """First working day on or after ``day`` and whether the calendar knew
    every day inspected."""
    known = True
    while True:
        rest, k = is_rest_day(day)
        known = known and k
        if not rest:
            return day, known
        day += dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """Corresponding day ``months`` later (or earlier), clamped to month end (art. 202)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise LawInputError("date", msg(N_("Out of range: %(date)s + %(n)s months."), date=day.isoformat(), n=months))
    last = _stdcal.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def period_end(start: dt.date, amount: int, unit: Unit | str) -> dt.date:
    """Nominal last day of a period beginning on the event day ``start``.

    The start day is not counted (art. 201), so n days end on start + n and
    months/years end on the corresponding day (art. 202).
    """
    if amount < 0:
        raise LawInputError("amount", msg(N_("The period must not be negative, got %(n)s."), n=amount))
    unit = Unit(unit)
    try:
        if unit is Unit.DAYS:
            return start + dt.timedelta(days=amount)
    except OverflowError as exc:
        raise LawInputError(
            "date", msg(N_("Out of range: %(date)s + %(n)s days."), date=start.isoformat(), n=amount)
        ) from exc
    return add_months(start, amount * (12 if unit is Unit.YEARS else 1))


@dataclass(frozen=True)
class Deadline:
    """A computed statutory deadline."""

    start: dt.date
    amount: int
    unit: Unit
    nominal_end: dt.date
    end: dt.date  # last day after the art. 203 shift; the period runs to 24:00 of it
    shifted: bool
    calendar_known: bool
    explanation: tuple[Msg, ...]

    @property
    def ends_at(self) -> dt.datetime:
        """24:00 of the last day (art. 203 ¶2), as a naive China-local instant."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(0, 0))

    def is_open_on(self, day: dt.date) -> bool:
        return day <= self.end


@lru_cache(maxsize=1 << 16)  # results are immutable
def deadline(start: dt.date, amount: int, unit: Unit | str, *, shift_rest_days: bool = True) -> Deadline:
    """Deadline for a period of ``amount`` ``unit`` starting on ``start`` (arts. 201–203)."""
    unit = Unit(unit)
    nominal = period_end(start, amount, unit)
    unit_text = {
        Unit.DAYS: msg(N_("%(n)s days"), n=amount),
        Unit.MONTHS: msg(N_("%(n)s months"), n=amount),
        Unit.YEARS: msg(N_("%(n)s years"), n=amount),
    }[unit]
    lines = [
        msg(
            N_("Start %(start)s is not counted (Civil Code art. 201); %(period)s end on %(end)s (art. 202)."),
            start=start.isoformat(),
            period=unit_text,
            end=nominal.isoformat(),
        )
    ]
    if shift_rest_days:
        end, known = next_working_day(nominal)
    else:
        end, known = nominal, is_rest_day(nominal)[1]
    if end != nominal:
        lines.append(
            msg(
                N_("%(day)s is a statutory rest day; the period ends on the next working day %(end)s (art. 203 ¶1)."),
                day=nominal.isoformat(),
                end=end.isoformat(),
            )
        )
    if not known:
        lines.append(msg(N_("Holiday calendar not published for this year: only weekends were treated as rest days.")))
    lines.append(msg(N_("The period ends at 24:00 on %(end)s (art. 203 ¶2)."), end=end.isoformat()))
    return Deadline(
        start=start,
        amount=amount,
        unit=unit,
        nominal_end=nominal,
        end=end,
        shifted=end != nominal,
        calendar_known=known,
        explanation=tuple(lines),
    )
