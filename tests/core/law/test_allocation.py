import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huikuan.core.law.allocation import (
    OVERPAYMENT,
    Component,
    DebtBalance,
    allocate_multiple,
    allocate_single,
    pro_rata,
)
from huikuan.core.law.errors import LawInputError

D = dt.date
M = Decimal


def test_single_debt_costs_then_interest_then_principal():
    """Worked example (c).

    Payment 10,000 against costs 2,000, interest 3,500, principal 50,000
    (Civil Code art. 561): costs 2,000 → interest 3,500 → principal
    10,000 − 2,000 − 3,500 = 4,500; principal left 45,500.
    """
    a = allocate_single(M("10000"), costs=M("2000"), interest=M("3500"), principal=M("50000"))
    assert [(ln.component, ln.amount, ln.balance_after) for ln in a.lines] == [
        ("costs", M("2000.00"), M("0.00")),
        ("interest", M("3500.00"), M("0.00")),
        ("principal", M("4500.00"), M("45500.00")),
    ]
    assert a.overpayment == 0 and a.allocated == M("10000.00")
    assert all("art. 561" in ln.explanation for ln in a.lines)


def test_agreed_order_overrides_statute():
    a = allocate_single(
        M("1000"),
        costs=M("500"),
        interest=M("500"),
        principal=M("5000"),
        order=(Component.PRINCIPAL, Component.INTEREST, Component.COSTS),
    )
    assert [(ln.component, ln.amount) for ln in a.lines] == [("principal", M("1000.00"))]
    assert "agreed" in a.lines[0].explanation


def test_overpayment_is_an_explicit_line():
    a = allocate_single(M("1200"), interest=M("100"), principal=M("1000"))
    assert a.overpayment == M("100.00")
    assert a.lines[-1].debt_id == OVERPAYMENT and a.lines[-1].amount == M("100.00")
    assert all(ln.balance_after >= 0 for ln in a.lines)


def _debts():
    return [
        DebtBalance("unmatured", principal=M("1000"), due=D(2025, 12, 31)),
        DebtBalance("secured", principal=M("1000"), due=D(2025, 1, 31), security=M("500")),
        DebtBalance("cheap", principal=M("1000"), due=D(2025, 1, 1), rate_pct=M("4")),
        DebtBalance("dear", principal=M("1000"), due=D(2025, 3, 1), rate_pct=M("12")),
        DebtBalance("late", principal=M("1000"), due=D(2025, 2, 1), rate_pct=M("4")),
    ]


def test_several_debts_follow_art_560_ranking():
    """Matured before unmatured; among matured: unsecured before secured;
    then highest rate (dear 12 %); then earliest due (cheap 01-01 before
    late 02-01). 3,500 pays dear, cheap, late and half of secured."""
    a = allocate_multiple(M("3500"), _debts(), paid_on=D(2025, 6, 1))
    assert [(ln.debt_id, ln.amount) for ln in a.lines] == [
        ("dear", M("1000.00")),
        ("cheap", M("1000.00")),
        ("late", M("1000.00")),
        ("secured", M("500.00")),
    ]
    assert all("art. 560" in ln.explanation for ln in a.lines)


def test_debtor_designation_comes_first_and_agreement_before_it():
    a = allocate_multiple(M("1500"), _debts(), paid_on=D(2025, 6, 1), designated=["unmatured"])
    assert [(ln.debt_id, ln.amount) for ln in a.lines] == [("unmatured", M("1000.00")), ("dear", M("500.00"))]
    assert "designated" in a.lines[0].explanation
    a = allocate_multiple(M("1500"), _debts(), paid_on=D(2025, 6, 1), agreed_order=["late"], designated=["unmatured"])
    assert [ln.debt_id for ln in a.lines] == ["late", "unmatured"]


def test_pro_rata_when_equal_in_every_respect():
    """Equal debts 100 and 200; 100.00 paid → 33.33 / 66.67 (sums exactly)."""
    debts = [
        DebtBalance("a", principal=M("100"), due=D(2025, 1, 1)),
        DebtBalance("b", principal=M("200"), due=D(2025, 1, 1)),
    ]
    a = allocate_multiple(M("100"), debts, paid_on=D(2025, 2, 1))
    assert [(ln.debt_id, ln.amount) for ln in a.lines] == [("a", M("33.33")), ("b", M("66.67"))]
    assert "pro rata" in a.lines[0].explanation


@pytest.mark.parametrize(
    ("amount", "weights", "expected"),
    [
        ("0.01", ["1", "1", "1"], ["0.01", "0.00", "0.00"]),
        ("1.00", ["1", "1", "1"], ["0.34", "0.33", "0.33"]),
        ("0.02", ["1", "1", "1"], ["0.01", "0.01", "0.00"]),
        ("10.00", ["0", "5"], ["0.00", "10.00"]),
    ],
)
def test_pro_rata_remainders_are_deterministic(amount, weights, expected):
    assert pro_rata(M(amount), [M(w) for w in weights]) == [M(x) for x in expected]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: allocate_single(M("-1"), principal=M("10")), "payment"),
        (lambda: allocate_single(M("1"), principal=M("-10")), "debts[0].principal"),
        (lambda: allocate_single(M("1"), order=(Component.COSTS,)), "order"),
        (
            lambda: allocate_multiple(M("1"), [DebtBalance("a", arose=D(2025, 5, 1))], paid_on=D(2025, 4, 1)),
            "paid_on",
        ),
        (
            lambda: allocate_multiple(M("1"), [DebtBalance("a")], paid_on=D(2025, 4, 1), designated=["x"]),
            "designated",
        ),
        (
            lambda: allocate_multiple(M("1"), [DebtBalance("a", rate_pct=M("-1"))], paid_on=D(2025, 4, 1)),
            "debts[0].rate_pct",
        ),
    ],
)
def test_bad_input(call, field):
    with pytest.raises(LawInputError) as e:
        call()
    assert e.value.field == field


money = st.integers(min_value=0, max_value=10**8).map(lambda n: Decimal(n) / 100)
debt = st.builds(
    DebtBalance,
    debt_id=st.just(""),
    costs=money,
    interest=money,
    principal=money,
    due=st.sampled_from([D(2025, 1, 1), D(2025, 6, 1), D(2026, 1, 1), None]),
    security=st.sampled_from([M("0"), M("100")]),
    rate_pct=st.sampled_from([M("0"), M("4"), M("12")]),
)


@settings(max_examples=200, deadline=None)
@given(
    payment=money,
    debts=st.lists(debt, min_size=1, max_size=6),
    designate=st.lists(st.integers(min_value=0, max_value=5), max_size=3),
)
def test_allocation_sums_to_payment_and_never_goes_negative(payment, debts, designate):
    debts = [
        DebtBalance(
            f"d{i}",
            **{k: getattr(d, k) for k in ("costs", "interest", "principal", "due", "security", "rate_pct")},
        )
        for i, d in enumerate(debts)
    ]
    designated = [f"d{i}" for i in designate if i < len(debts)]
    a = allocate_multiple(payment, debts, paid_on=D(2025, 6, 1), designated=designated)
    assert a.allocated == payment
    owed = sum((d.costs + d.interest + d.principal for d in debts), M(0))
    assert a.overpayment == max(payment - owed, M(0))
    for ln in a.lines:
        assert ln.amount > 0 and ln.balance_after >= 0
        if ln.debt_id == OVERPAYMENT:
            assert ln is a.lines[-1] and ln.amount == a.overpayment
        else:
            assert ln.balance_before - ln.amount == ln.balance_after
    for d in debts:
        for c in Component:
            assert a.applied_to(d.debt_id, c) <= getattr(d, c.value)
    # Single-debt allocation obeys the same invariants.
    d = debts[0]
    s = allocate_single(payment, costs=d.costs, interest=d.interest, principal=d.principal)
    assert s.allocated == payment and s.overpayment == max(payment - d.costs - d.interest - d.principal, M(0))


@given(amount=money, weights=st.lists(money, min_size=1, max_size=8))
def test_pro_rata_sums_exactly(amount, weights):
    if sum(weights) == 0:
        return
    parts = pro_rata(amount, weights)
    assert sum(parts) == amount and all(p >= 0 for p in parts)
