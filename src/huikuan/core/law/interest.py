"""Simple daily interest on a reducing principal, with the legal caps.

Days are counted like statutory periods: the day a period starts is not
counted (Civil Code art. 201), so interest accrues for each day in
(start, due] at the loan-period rate and in (due, as_of] as overdue charges.
A principal payment made on day p still bears interest for day p and reduces
the balance from p + 1.

Rates are percent per year (like the LPR table) unless ``per`` says "day".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from huikuan.core.i18n import N_, Msg, msg
from huikuan.core.law.errors import LawInputError
from huikuan.core.law.lpr import DEFAULT_LPR, LprTable
from huikuan.core.law.money import ZERO, fen

HUNDRED = Decimal(100)
# Civil Procedure Law art. 264; SPC interpretation on interest for delayed
# performance in enforcement (2014) art. 1: 1.75 per ten thousand per day.
DOUBLE_INTEREST_DAILY_PCT = Decimal("0.0175")
# SPC private-lending provisions (2020) arts. 25, 29: four times the one-year LPR.
PRIVATE_LENDING_CAP_MULTIPLE = Decimal(4)


class DebtType(StrEnum):
    PRIVATE_LOAN = "private_loan"  # 民间借贷
    SALE_OF_GOODS = "sale_of_goods"
    SERVICES = "services"
    OTHER = "other"


class Kind(StrEnum):
    CONTRACT = "contract_interest"
    OVERDUE = "overdue_interest"
    STATUTORY_LATE = "statutory_late_interest"
    PENALTY = "penalty"
    PENALTY_FIXED = "penalty_fixed"
    FEES = "fees"
    DOUBLE = "double_interest"


KIND_LABELS: dict[Kind, Msg] = {
    Kind.CONTRACT: msg(N_("Agreed interest")),
    Kind.OVERDUE: msg(N_("Overdue interest")),
    Kind.STATUTORY_LATE: msg(N_("Statutory late-payment interest")),
    Kind.PENALTY: msg(N_("Penalty at a rate")),
    Kind.PENALTY_FIXED: msg(N_("Penalty")),
    Kind.FEES: msg(N_("Other agreed charges")),
    Kind.DOUBLE: msg(N_("Double interest after the judgment deadline")),
}


@dataclass(frozen=True)
class InterestTerms:
    """What the contract says. ``None`` means nothing was agreed."""

    contract_rate_pct: Decimal | None = None  # loan-period rate, % per year
    overdue_rate_pct: Decimal | None = None  # agreed overdue interest, % per year
    penalty_rate_pct: Decimal | None = None  # 违约金 agreed as a rate on the overdue principal, % per year
    penalty_fixed: Decimal = ZERO  # lump-sum 违约金, due once overdue
    fees: Decimal = ZERO  # other charges claimed for the default
    day_basis: int = 365  # 360 only if the contract says so
    # Sales: courts may add 30–50 % to the LPR for late-payment loss when no
    # penalty was agreed (SPC sales interpretation art. 18 ¶4). 0 = plain LPR.
    late_markup_pct: Decimal = ZERO


@dataclass(frozen=True)
class PrincipalPayment:
    on: dt.date
    amount: Decimal


@dataclass(frozen=True)
class Judgment:
    performance_deadline: dt.date  # last day for performance set by the judgment
    debt: Decimal  # money debt it fixes, excluding general interest


@dataclass(frozen=True)
class InterestRequest:
    principal: Decimal
    start: dt.date  # funds delivered / debt arose (not counted)
    due: dt.date  # last day for payment
    as_of: dt.date  # computed up to and including this day
    terms: InterestTerms = field(default_factory=InterestTerms)
    debt_type: DebtType = DebtType.OTHER
    formed: dt.date | None = None  # contract formation date; defaults to ``start``
    lender_licensed: bool = False  # a licensed financial institution
    withheld_interest: Decimal = ZERO  # interest deducted when lending
    principal_payments: tuple[PrincipalPayment, ...] = ()
    judgment: Judgment | None = None
    lpr: LprTable = DEFAULT_LPR


@dataclass(frozen=True)
class InterestLine:
    kind: Kind
    first_day: dt.date
    last_day: dt.date
    days: int
    principal: Decimal
    rate_pct: Decimal  # rate as agreed or set by law, before any cap
    per: str  # "year/365", "year/360", "day" or "lump sum"
    claimed: Decimal  # amount at that rate
    amount: Decimal  # amount the law supports
    excess: Decimal  # claimed − amount, removed by a cap and reported here
    basis: Msg


@dataclass(frozen=True)
class InterestResult:
    lines: tuple[InterestLine, ...]
    total: Decimal
    total_excess: Decimal
    totals_by_kind: tuple[tuple[Kind, Decimal], ...]
    cap_rate_pct: Decimal | None
    principal_outstanding: Decimal
    explanation: tuple[Msg, ...]


def _rate(value: Decimal | None, name: str) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise LawInputError(name, msg(N_("The rate must be a non-negative Decimal, got %(value)s."), value=repr(value)))
    return value


def _validate(req: InterestRequest) -> tuple[Decimal, tuple[PrincipalPayment, ...]]:
    principal = fen(req.principal, field="principal", allow_negative=False)
    withheld = fen(req.withheld_interest, field="withheld_interest", allow_negative=False)
    if withheld > principal:
        raise LawInputError("withheld_interest", msg(N_("The interest withheld exceeds the principal.")))
    if req.due < req.start:
        raise LawInputError(
            "due",
            msg(
                N_("The due date %(due)s is before the debt arose on %(start)s."),
                due=req.due.isoformat(),
                start=req.start.isoformat(),
            ),
        )
    if req.as_of < req.start:
        raise LawInputError(
            "as_of",
            msg(
                N_("%(date)s is before the debt arose on %(start)s."),
                date=req.as_of.isoformat(),
                start=req.start.isoformat(),
            ),
        )
    if req.formed is not None and req.formed > req.start:
        raise LawInputError("formed", msg(N_("The contract cannot be formed after the funds were delivered.")))
    t = req.terms
    _rate(t.contract_rate_pct, "terms.contract_rate_pct")
    _rate(t.overdue_rate_pct, "terms.overdue_rate_pct")
    _rate(t.penalty_rate_pct, "terms.penalty_rate_pct")
    _rate(t.late_markup_pct, "terms.late_markup_pct")
    fen(t.penalty_fixed, field="terms.penalty_fixed", allow_negative=False)
    fen(t.fees, field="terms.fees", allow_negative=False)
    if t.day_basis not in (360, 365):
        raise LawInputError("terms.day_basis", msg(N_("Must be 360 or 365, got %(value)s."), value=t.day_basis))
    payments = tuple(sorted(req.principal_payments, key=lambda p: p.on))
    paid = ZERO
    for i, p in enumerate(req.principal_payments):
        amount = fen(p.amount, field=f"principal_payments[{i}].amount", allow_negative=False)
        if amount == 0:
            raise LawInputError(f"principal_payments[{i}].amount", msg(N_("Must be positive.")))
        if p.on < req.start:
            raise LawInputError(
                f"principal_payments[{i}].on",
                msg(
                    N_("%(date)s is before the debt arose on %(start)s."),
                    date=p.on.isoformat(),
                    start=req.start.isoformat(),
                ),
            )
        paid += amount
    if paid > principal - withheld:
        raise LawInputError(
            "principal_payments", msg(N_("The payments exceed the principal; allocate the surplus instead."))
        )
    if req.judgment is not None:
        fen(req.judgment.debt, field="judgment.debt", allow_negative=False)
        if req.judgment.performance_deadline < req.start:
            raise LawInputError("judgment.performance_deadline", msg(N_("The deadline is before the debt arose.")))
    return principal - withheld, payments


def _segments(
    after: dt.date, through: dt.date, principal: Decimal, payments: tuple[PrincipalPayment, ...]
) -> Iterator[tuple[dt.date, dt.date, int, Decimal]]:
    """Runs of days in (after, through] with a constant balance."""
    balance = principal
    cursor = after
    for p in payments:
        if p.on <= cursor:
            balance -= fen(p.amount)
            continue
        if p.on >= through:
            break
        yield cursor + dt.timedelta(days=1), p.on, (p.on - cursor).days, balance
        balance -= fen(p.amount)
        cursor = p.on
    if through > cursor:
        yield cursor + dt.timedelta(days=1), through, (through - cursor).days, balance


def _accrue(principal: Decimal, rate_pct: Decimal, days: int, basis: int) -> Decimal:
    return fen(principal * rate_pct * days / (HUNDRED * basis))


def _lpr_on(req: InterestRequest, day: dt.date, field_name: str) -> Decimal:
    try:
        return req.lpr.rate_on(day).one_year
    except LawInputError as exc:
        raise LawInputError(field_name, exc.message) from exc


def _per_label(per: str) -> Msg:
    if per == "day":
        return msg(N_("per day"))
    if per == "lump sum":
        return msg(N_("lump sum"))
    return msg(N_("per year (%(basis)s-day basis)"), basis=per.removeprefix("year/"))


def compute_interest(req: InterestRequest) -> InterestResult:
    """Interest, overdue charges and double interest up to ``req.as_of``."""
    principal, payments = _validate(req)
    t = req.terms
    basis = t.day_basis
    per = f"year/{basis}"
    lines: list[InterestLine] = []
    notes: list[Msg] = []
    if req.withheld_interest:
        notes.append(
            msg(
                N_(
                    "Interest of %(amount)s withheld in advance is deducted from the principal "
                    "(SPC private-lending provisions art. 26)."
                ),
                amount=fen(req.withheld_interest),
            )
        )

    capped = req.debt_type is DebtType.PRIVATE_LOAN and not req.lender_licensed
    cap_pct: Decimal | None = None
    if capped:
        formed = req.formed or req.start
        lpr = _lpr_on(req, formed, "formed")
        cap_pct = PRIVATE_LENDING_CAP_MULTIPLE * lpr
        notes.append(
            msg(
                N_(
                    "Private loan from a lender that is not a licensed financial institution (SPC private-lending "
                    "provisions art. 1): cap = 4 × one-year LPR %(lpr)s%% on formation %(formed)s = %(cap)s%% per "
                    "year (arts. 25, 29). Amounts above it are shown as excess, not dropped."
                ),
                lpr=lpr,
                formed=formed.isoformat(),
                cap=cap_pct,
            )
        )
    elif req.debt_type is DebtType.PRIVATE_LOAN:
        notes.append(
            msg(N_("Lender is a licensed financial institution: the private-lending cap does not apply (art. 1)."))
        )

    def line(
        kind: Kind,
        a: dt.date,
        b: dt.date,
        days: int,
        bal: Decimal,
        rate: Decimal,
        per_: str,
        claimed: Decimal,
        amount: Decimal,
        basis_text: Msg,
    ) -> None:
        lines.append(InterestLine(kind, a, b, days, bal, rate, per_, claimed, amount, claimed - amount, basis_text))

    # Loan period (start, due].
    loan_end = min(req.due, req.as_of)
    rate = t.contract_rate_pct
    if rate is None:
        if loan_end > req.start:
            if req.debt_type is DebtType.PRIVATE_LOAN:
                notes.append(msg(N_("No interest agreed: no interest for the loan period (Civil Code art. 680 ¶2).")))
            else:
                notes.append(msg(N_("No interest agreed for the period before the due date.")))
    else:
        for a, b, days, bal in _segments(req.start, loan_end, principal, payments):
            claimed = _accrue(bal, rate, days, basis)
            amount = claimed
            text = msg(N_("agreed loan-period rate (Civil Code arts. 509, 674)"))
            if cap_pct is not None:
                amount = min(claimed, _accrue(bal, cap_pct, days, 365))
                text = msg(
                    N_(
                        "agreed loan-period rate (Civil Code arts. 509, 674); capped at 4 × LPR "
                        "(SPC private-lending provisions art. 25)"
                    )
                )
            line(Kind.CONTRACT, a, b, days, bal, rate, per, claimed, amount, text)

    # Overdue period (due, as_of].
    if req.as_of > req.due:
        first_overdue = req.due + dt.timedelta(days=1)
        overdue_basis = basis
        penalty_agreed = bool(t.penalty_rate_pct) or t.penalty_fixed > 0
        if t.overdue_rate_pct is not None:
            o_rate: Decimal | None = t.overdue_rate_pct
            o_kind = Kind.OVERDUE
            # Capped (unlicensed private loan) bases always carry the art. 29 combined cap.
            o_text = (
                msg(
                    N_(
                        "agreed overdue rate (SPC private-lending provisions art. 28 ¶1); combined cap 4 × LPR "
                        "(SPC private-lending provisions art. 29)"
                    )
                )
                if capped
                else msg(N_("agreed overdue rate (Civil Code art. 585)"))
            )
        elif capped and t.contract_rate_pct is not None:
            o_rate, o_kind = t.contract_rate_pct, Kind.OVERDUE
            o_text = msg(
                N_(
                    "no overdue rate agreed: loan-period rate continues (SPC private-lending provisions "
                    "art. 28 ¶2(2)); combined cap 4 × LPR (SPC private-lending provisions art. 29)"
                )
            )
        elif capped:
            o_rate, o_kind = _lpr_on(req, first_overdue, "due"), Kind.STATUTORY_LATE
            overdue_basis = 365
            o_text = msg(
                N_(
                    "no rate agreed: one-year LPR when the default began (SPC private-lending provisions "
                    "art. 28 ¶2(1)); combined cap 4 × LPR (SPC private-lending provisions art. 29)"
                )
            )
        elif penalty_agreed:
            o_rate, o_kind, o_text = None, Kind.STATUTORY_LATE, msg("")
            notes.append(msg(N_("A penalty was agreed, so no separate statutory late-payment interest is added.")))
        else:
            lpr = _lpr_on(req, first_overdue, "due")
            o_rate = lpr * (1 + t.late_markup_pct / HUNDRED)
            o_kind, overdue_basis = Kind.STATUTORY_LATE, 365
            if t.late_markup_pct:
                o_text = msg(
                    N_(
                        "nothing agreed: late-payment loss at the one-year LPR %(lpr)s%% in force when the default "
                        "began plus %(markup)s%% (Civil Code arts. 577, 584; SPC sales interpretation art. 18 ¶4)"
                    ),
                    lpr=lpr,
                    markup=t.late_markup_pct,
                )
            else:
                o_text = msg(
                    N_(
                        "nothing agreed: late-payment loss at the one-year LPR %(lpr)s%% in force when the default "
                        "began (Civil Code arts. 577, 584; SPC sales interpretation art. 18 ¶4)"
                    ),
                    lpr=lpr,
                )
        p_rate = t.penalty_rate_pct or None
        due_balance = principal - sum((fen(p.amount) for p in payments if p.on <= req.due), ZERO)
        headroom = ZERO
        for a, b, days, bal in _segments(req.due, req.as_of, principal, payments):
            c_o = _accrue(bal, o_rate, days, overdue_basis) if o_rate is not None else ZERO
            c_p = _accrue(bal, p_rate, days, basis) if p_rate is not None else ZERO
            if cap_pct is not None:
                # Art. 29: overdue interest + penalty + fees together may not exceed 4 × LPR.
                cap_amt = _accrue(bal, cap_pct, days, 365)
                a_o = min(c_o, cap_amt)
                a_p = min(c_p, cap_amt - a_o)
                headroom += cap_amt - a_o - a_p
                p_text = msg(
                    N_(
                        "agreed penalty rate (Civil Code art. 585); combined cap 4 × LPR "
                        "(SPC private-lending provisions art. 29)"
                    )
                )
            else:
                a_o, a_p = c_o, c_p
                p_text = msg(N_("agreed penalty rate (Civil Code art. 585)"))
            if o_rate is not None:
                per_o = f"year/{overdue_basis}"
                line(o_kind, a, b, days, bal, o_rate, per_o, c_o, a_o, o_text)
            if p_rate is not None:
                line(Kind.PENALTY, a, b, days, bal, p_rate, per, c_p, a_p, p_text)
        lump_sums = (
            (
                Kind.PENALTY_FIXED,
                fen(t.penalty_fixed),
                msg(N_("agreed lump-sum penalty (Civil Code art. 585)")),
                msg(
                    N_(
                        "agreed lump-sum penalty (Civil Code art. 585); within the combined 4 × LPR cap "
                        "(SPC private-lending provisions art. 29)"
                    )
                ),
            ),
            (
                Kind.FEES,
                fen(t.fees),
                msg(N_("other agreed charges")),
                msg(
                    N_("other agreed charges; within the combined 4 × LPR cap (SPC private-lending provisions art. 29)")
                ),
            ),
        )
        for kind, claimed, text, capped_text in lump_sums:
            if claimed == 0:
                continue
            amount = claimed
            if cap_pct is not None:
                amount = min(claimed, headroom)
                headroom -= amount
                text = capped_text
            line(kind, first_overdue, req.as_of, 0, due_balance, ZERO, "lump sum", claimed, amount, text)
    elif t.penalty_fixed or t.fees:
        notes.append(msg(N_("Not yet overdue: the lump-sum penalty and fees are not due.")))

    # Double interest for delayed performance of a judgment (CPL art. 264).
    j = req.judgment
    if j is not None and req.as_of > j.performance_deadline:
        days = (req.as_of - j.performance_deadline).days
        debt = fen(j.debt)
        amount = fen(debt * DOUBLE_INTEREST_DAILY_PCT * days / HUNDRED)
        line(
            Kind.DOUBLE,
            j.performance_deadline + dt.timedelta(days=1),
            req.as_of,
            days,
            debt,
            DOUBLE_INTEREST_DAILY_PCT,
            "day",
            amount,
            amount,
            msg(
                N_(
                    "double interest for delayed performance: judgment debt × 1.75‱ per day (Civil Procedure Law "
                    "art. 264; SPC interpretation on interest for delayed performance (2014) art. 1)"
                )
            ),
        )

    totals: dict[Kind, Decimal] = {}
    for ln in lines:
        totals[ln.kind] = totals.get(ln.kind, ZERO) + ln.amount
    paid = sum((fen(p.amount) for p in payments if p.on <= req.as_of), ZERO)
    total = sum((ln.amount for ln in lines), ZERO)
    excess = sum((ln.excess for ln in lines), ZERO)
    for ln in lines:
        values = {
            "kind": KIND_LABELS[ln.kind],
            "first": ln.first_day.isoformat(),
            "last": ln.last_day.isoformat(),
            "days": ln.days,
            "principal": ln.principal,
            "rate": ln.rate_pct,
            "per": _per_label(ln.per),
            "claimed": ln.claimed,
            "amount": ln.amount,
            "basis": ln.basis,
        }
        if ln.excess:
            values["excess"] = ln.excess
            text = N_(
                "%(kind)s %(first)s–%(last)s: %(days)s d × %(principal)s × %(rate)s%% %(per)s = %(claimed)s; "
                "supported %(amount)s; excess %(excess)s not supported — %(basis)s."
            )
        else:
            text = N_(
                "%(kind)s %(first)s–%(last)s: %(days)s d × %(principal)s × %(rate)s%% %(per)s = %(claimed)s; "
                "supported %(amount)s — %(basis)s."
            )
        notes.append(Msg(text, values))
    notes.append(msg(N_("Total supported %(total)s; total excess %(excess)s."), total=total, excess=excess))
    return InterestResult(
        lines=tuple(lines),
        total=total,
        total_excess=excess,
        totals_by_kind=tuple(totals.items()),
        cap_rate_pct=cap_pct,
        principal_outstanding=principal - paid,
        explanation=tuple(notes),
    )
