import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huikuan.core.law.errors import LawInputError
from huikuan.core.law.interest import (
    DebtType,
    InterestRequest,
    InterestTerms,
    Judgment,
    Kind,
    PrincipalPayment,
    compute_interest,
)

D = dt.date
M = Decimal


def test_private_loan_at_24_percent_is_capped_at_four_times_lpr():
    """Worked example (b).

    Private loan of 100,000 at 24 %/year, formed and delivered 2024-08-01,
    due 2025-08-01 (365 days counted, 2024-08-02 … 2025-08-01). One-year LPR
    in force on 2024-08-01 is 3.35 % (row of 2024-07-22), so the cap is
    4 × 3.35 = 13.40 %.
      agreed:  100,000 × 24 %    × 365/365 = 24,000.00
      capped:  100,000 × 13.40 % × 365/365 = 13,400.00
      excess:                                10,600.00 (shown, not dropped)
    """
    r = compute_interest(
        InterestRequest(
            principal=M("100000"),
            start=D(2024, 8, 1),
            due=D(2025, 8, 1),
            as_of=D(2025, 8, 1),
            debt_type=DebtType.PRIVATE_LOAN,
            terms=InterestTerms(contract_rate_pct=M("24")),
        )
    )
    assert r.cap_rate_pct == M("13.40")
    (line,) = r.lines
    assert (line.days, line.claimed, line.amount, line.excess) == (
        365,
        M("24000.00"),
        M("13400.00"),
        M("10600.00"),
    )
    assert line.first_day == D(2024, 8, 2) and line.last_day == D(2025, 8, 1)
    assert r.total == M("13400.00") and r.total_excess == M("10600.00")
    assert "art. 25" in line.basis
    assert any("excess 10600.00" in s for s in r.explanation)


def test_private_loan_overdue_charges_share_one_cap():
    """Art. 29: overdue interest + penalty + fees together ≤ 4 × LPR.

    Same loan, as of 2025-10-30: 90 overdue days (2025-08-02 … 2025-10-30).
    No overdue rate agreed, so 24 % continues (art. 28 ¶2(2)):
      agreed:  100,000 × 24 %    × 90/365 = 5,917.81
      cap:     100,000 × 13.40 % × 90/365 = 3,304.11 → excess 2,613.70
    Lump-sum penalty 1,000: no headroom left under the cap → all excess.
    """
    r = compute_interest(
        InterestRequest(
            principal=M("100000"),
            start=D(2024, 8, 1),
            due=D(2025, 8, 1),
            as_of=D(2025, 10, 30),
            debt_type=DebtType.PRIVATE_LOAN,
            terms=InterestTerms(contract_rate_pct=M("24"), penalty_fixed=M("1000")),
        )
    )
    overdue = [ln for ln in r.lines if ln.kind is Kind.OVERDUE]
    assert [(ln.days, ln.claimed, ln.amount, ln.excess) for ln in overdue] == [
        (90, M("5917.81"), M("3304.11"), M("2613.70"))
    ]
    (penalty,) = [ln for ln in r.lines if ln.kind is Kind.PENALTY_FIXED]
    assert (penalty.amount, penalty.excess) == (M("0.00"), M("1000.00"))
    assert r.total == M("16704.11")
    assert r.total_excess == M("14213.70")


def test_penalty_fits_under_cap_when_rates_are_low():
    """6 % overdue + 4 % penalty rate = 10 % < 13.40 %; 2,000 fee fills the rest.

    100,000 for 365 overdue days: interest 6,000, penalty 4,000, cap 13,400
    → headroom 3,400 → fee 2,000 allowed in full.
    """
    r = compute_interest(
        InterestRequest(
            principal=M("100000"),
            start=D(2024, 8, 1),
            due=D(2024, 8, 1),
            as_of=D(2025, 8, 1),
            debt_type=DebtType.PRIVATE_LOAN,
            terms=InterestTerms(overdue_rate_pct=M("6"), penalty_rate_pct=M("4"), fees=M("2000")),
        )
    )
    assert r.totals_by_kind == (
        (Kind.OVERDUE, M("6000.00")),
        (Kind.PENALTY, M("4000.00")),
        (Kind.FEES, M("2000.00")),
    )
    assert r.total_excess == 0


def test_licensed_lender_is_not_capped_and_360_basis():
    """Licensed lender, 30 %/year on a 360-day basis, 30 days:
    100,000 × 30 % × 30/360 = 2,500.00, no cap (SPC provisions art. 1)."""
    r = compute_interest(
        InterestRequest(
            principal=M("100000"),
            start=D(2025, 1, 1),
            due=D(2025, 1, 31),
            as_of=D(2025, 1, 31),
            debt_type=DebtType.PRIVATE_LOAN,
            lender_licensed=True,
            terms=InterestTerms(contract_rate_pct=M("30"), day_basis=360),
        )
    )
    assert r.cap_rate_pct is None
    assert r.total == M("2500.00") and r.total_excess == 0


def test_statutory_late_interest_on_goods_debt():
    """120,000 goods debt due 2024-03-31, nothing agreed, as of 2024-12-31.

    275 days late (2024-04-01 … 2024-12-31). LPR when the default began
    (2024-04-01) is 3.45 %: 120,000 × 3.45 % × 275/365 = 3,119.18.
    With a 50 % markup (sales interpretation art. 18 ¶4): 5.175 % → 4,678.77.
    """
    base = dict(principal=M("120000"), start=D(2024, 1, 1), due=D(2024, 3, 31), as_of=D(2024, 12, 31))
    r = compute_interest(InterestRequest(**base, debt_type=DebtType.SALE_OF_GOODS))
    (line,) = r.lines
    assert (line.kind, line.days, line.rate_pct, line.amount) == (
        Kind.STATUTORY_LATE,
        275,
        M("3.45"),
        M("3119.18"),
    )
    r2 = compute_interest(
        InterestRequest(**base, debt_type=DebtType.SALE_OF_GOODS, terms=InterestTerms(late_markup_pct=M("50")))
    )
    assert r2.total == M("4678.77")


def test_no_interest_clause_means_no_loan_period_interest():
    """Civil Code art. 680 ¶2: nothing agreed → nothing for the loan period;
    after the due date the LPR applies (private-lending provisions art. 28 ¶2(1)).
    10,000 overdue 2025-06-01 → 2025-07-01 = 30 days × 3.00 % /365 = 24.66."""
    base = dict(principal=M("10000"), start=D(2025, 1, 1), due=D(2025, 6, 1), debt_type=DebtType.PRIVATE_LOAN)
    r = compute_interest(InterestRequest(**base, as_of=D(2025, 6, 1)))
    assert r.total == 0 and r.lines == ()
    assert any("art. 680" in s for s in r.explanation)
    r = compute_interest(InterestRequest(**base, as_of=D(2025, 7, 1)))
    assert r.total == M("24.66")


def test_principal_payment_reduces_the_balance_from_the_next_day():
    """100,000 at 10 % from 2025-01-01; 50,000 repaid on 2025-03-01.
    2025-01-02 … 03-01: 59 d × 100,000 × 10 %/365 = 1,616.44
    2025-03-02 … 03-31: 30 d ×  50,000 × 10 %/365 =   410.96 → 2,027.40"""
    r = compute_interest(
        InterestRequest(
            principal=M("100000"),
            start=D(2025, 1, 1),
            due=D(2025, 12, 31),
            as_of=D(2025, 3, 31),
            terms=InterestTerms(contract_rate_pct=M("10")),
            principal_payments=(PrincipalPayment(D(2025, 3, 1), M("50000")),),
        )
    )
    assert [(ln.days, ln.principal, ln.amount) for ln in r.lines] == [
        (59, M("100000.00"), M("1616.44")),
        (30, M("50000.00"), M("410.96")),
    ]
    assert r.total == M("2027.40")
    assert r.principal_outstanding == M("50000.00")


def test_double_interest_after_judgment_deadline():
    """CPL art. 264: 50,000 judgment debt, deadline 2025-06-30, as of
    2025-07-30: 30 days × 50,000 × 1.75‱ = 262.50."""
    r = compute_interest(
        InterestRequest(
            principal=M("50000"),
            start=D(2025, 1, 1),
            due=D(2025, 1, 1),
            as_of=D(2025, 7, 30),
            debt_type=DebtType.SALE_OF_GOODS,
            terms=InterestTerms(overdue_rate_pct=M("0")),
            judgment=Judgment(D(2025, 6, 30), M("50000")),
        )
    )
    (double,) = [ln for ln in r.lines if ln.kind is Kind.DOUBLE]
    assert (double.days, double.amount, double.per) == (30, M("262.50"), "day")
    assert "art. 264" in double.basis


def test_withheld_interest_reduces_principal():
    """Art. 26: 100,000 lent with 10,000 withheld → principal 90,000."""
    r = compute_interest(
        InterestRequest(
            principal=M("100000"),
            withheld_interest=M("10000"),
            start=D(2025, 1, 1),
            due=D(2026, 1, 1),
            as_of=D(2026, 1, 1),
            debt_type=DebtType.PRIVATE_LOAN,
            terms=InterestTerms(contract_rate_pct=M("10")),
        )
    )
    assert r.lines[0].principal == M("90000.00") and r.total == M("9000.00")


_BASE = dict(principal=M("1000"), start=D(2025, 1, 1), due=D(2025, 6, 1), as_of=D(2025, 7, 1))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (dict(principal=M("-1")), "principal"),
        (dict(due=D(2024, 12, 31)), "due"),
        (dict(as_of=D(2024, 12, 1)), "as_of"),
        (dict(terms=InterestTerms(contract_rate_pct=M("-0.5"))), "terms.contract_rate_pct"),
        (dict(terms=InterestTerms(overdue_rate_pct=M("-1"))), "terms.overdue_rate_pct"),
        (dict(terms=InterestTerms(penalty_fixed=M("-1"))), "terms.penalty_fixed"),
        (dict(terms=InterestTerms(day_basis=366)), "terms.day_basis"),
        (dict(principal_payments=(PrincipalPayment(D(2024, 12, 1), M("10")),)), "principal_payments[0].on"),
        (
            dict(principal_payments=(PrincipalPayment(D(2025, 2, 1), M("-10")),)),
            "principal_payments[0].amount",
        ),
        (dict(principal_payments=(PrincipalPayment(D(2025, 2, 1), M("2000")),)), "principal_payments"),
        (dict(debt_type=DebtType.PRIVATE_LOAN, formed=D(2020, 1, 1)), "formed"),
    ],
)
def test_bad_input_names_the_field(changes, field):
    with pytest.raises(LawInputError) as e:
        compute_interest(InterestRequest(**{**_BASE, **changes}))
    assert e.value.field == field
    assert field in str(e.value)


rates = st.one_of(st.none(), st.decimals(min_value=0, max_value=40, places=2))


@settings(max_examples=150, deadline=None)
@given(
    principal=st.integers(min_value=0, max_value=10**9).map(lambda n: Decimal(n) / 100),
    start_offset=st.integers(min_value=0, max_value=700),
    loan_days=st.integers(min_value=0, max_value=400),
    a=st.integers(min_value=0, max_value=900),
    extra=st.integers(min_value=0, max_value=400),
    contract=rates,
    overdue=rates,
    penalty=rates,
    lump=st.integers(min_value=0, max_value=10**6).map(Decimal),
    debt_type=st.sampled_from(list(DebtType)),
    licensed=st.booleans(),
    pay_days=st.lists(st.integers(min_value=0, max_value=900), max_size=3),
    judged=st.booleans(),
)
def test_interest_is_monotonic_in_time(
    principal,
    start_offset,
    loan_days,
    a,
    extra,
    contract,
    overdue,
    penalty,
    lump,
    debt_type,
    licensed,
    pay_days,
    judged,
):
    start = D(2024, 1, 1) + dt.timedelta(days=start_offset)
    # Up to three repayments of a tenth of the principal each.
    part = (principal / 10).quantize(M("0.01"))
    payments = tuple(PrincipalPayment(start + dt.timedelta(days=d), part) for d in pay_days) if part > 0 else ()

    def total(as_of):
        return compute_interest(
            InterestRequest(
                principal=principal,
                start=start,
                due=start + dt.timedelta(days=loan_days),
                as_of=as_of,
                debt_type=debt_type,
                lender_licensed=licensed,
                terms=InterestTerms(
                    contract_rate_pct=contract,
                    overdue_rate_pct=overdue,
                    penalty_rate_pct=penalty,
                    penalty_fixed=lump,
                ),
                principal_payments=payments,
                judgment=Judgment(start + dt.timedelta(days=loan_days + 30), principal) if judged else None,
            )
        )

    early = total(start + dt.timedelta(days=a))
    late = total(start + dt.timedelta(days=a + extra))
    assert late.total >= early.total >= 0
    assert all(ln.amount >= 0 and ln.excess >= 0 and ln.claimed == ln.amount + ln.excess for ln in late.lines)
