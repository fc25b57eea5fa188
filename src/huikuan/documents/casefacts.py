"""The figures a document or an answer states about a case: claim, limitation, eligibility.

One place so the documents and the assistant say exactly what the ledger says: the ledger's
selectors (`case_statement`, `case_limitation`, `case_eligibility`) are the source, and this module
only shapes their results for documents (lines with their basis, amounts in capitals).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from huikuan.cases.models import Case
from huikuan.common.i18n import render
from huikuan.core.law import eligibility as elig
from huikuan.core.law import limitation as law_limitation
from huikuan.core.law.money import amount_in_capitals, fen
from huikuan.ledger import selectors as ledger


@dataclass(frozen=True)
class ClaimLine:
    """One interest or cost line of the claim, with the basis a court can check."""

    kind: str
    first_day: dt.date | None
    last_day: dt.date | None
    days: int
    principal: Decimal
    rate_pct: Decimal
    per: str
    amount: Decimal
    basis: str  # in the active language


@dataclass(frozen=True)
class Statement:
    """The claim on `as_of`: principal outstanding, interest to that day, costs, total."""

    as_of: dt.date
    principal: Decimal
    interest: Decimal
    costs: Decimal
    total: Decimal
    lines: tuple[ClaimLine, ...]
    cap_rate_pct: Decimal | None
    interest_excess: Decimal
    payments_total: Decimal

    def capitals(self, field: str) -> str:
        return amount_in_capitals(getattr(self, field))


def case_statement(*, case: Case, as_of: dt.date) -> Statement:
    """Principal, interest to `as_of` with its basis, costs and the total claimed (the ledger's figures)."""
    st = ledger.case_statement(case=case, as_of=as_of)
    result = st.interest_result
    lines = tuple(
        ClaimLine(
            kind=str(ln.kind),
            first_day=ln.first_day,
            last_day=ln.last_day,
            days=ln.days,
            principal=ln.principal,
            rate_pct=ln.rate_pct,
            per=ln.per,
            amount=ln.amount,
            basis=render(ln.basis),
        )
        for ln in (result.lines if result else ())
        if ln.amount
    )
    return Statement(
        as_of=as_of,
        principal=fen(st.principal.due),
        interest=fen(st.interest.due),
        costs=fen(st.costs.due),
        total=fen(st.balance),
        lines=lines,
        cap_rate_pct=result.cap_rate_pct if result else None,
        interest_excess=fen(st.interest_excess),
        payments_total=fen(st.payments_total),
    )


def case_limitation(*, case: Case, as_of: dt.date) -> law_limitation.LimitationResult:
    """Limitation expiry and the chain of events behind it (Civil Code arts. 188-195)."""
    return ledger.case_limitation(case=case, as_of=as_of).limitation


@dataclass(frozen=True)
class Eligibility:
    payment_order: elig.Verdict
    small_claims: elig.Verdict
    amount: Decimal


def case_eligibility(*, case: Case, as_of: dt.date | None = None) -> Eligibility:
    """Payment order (CPL arts. 225-228) and small claims (CPL arts. 165-169) for this case."""
    result = ledger.case_eligibility(case=case, as_of=as_of)
    return Eligibility(
        payment_order=result.payment_order,
        small_claims=result.small_claims,
        amount=fen(result.facts.amount if result.facts.amount is not None else case.debt.principal),
    )
