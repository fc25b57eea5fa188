"""The issue's worked examples (a)–(e) through the Django layer: services write the facts, the
selectors compute, and the figures match core.law's."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils.translation import override

from huikuan.cases.choices import EventKind
from huikuan.cases.services import case_event_record
from huikuan.core.law.interest import Kind
from huikuan.ledger import selectors, services
from huikuan.ledger.choices import Component

D = dt.date
M = Decimal
pytestmark = pytest.mark.django_db


def test_a_goods_debt_demand_and_partial_payment_set_the_expiry(creditor_a, make_case):
    """(a) 120,000 goods debt due 2024-03-31.

    Start 2024-03-31 (not counted) + 3 years → 2027-03-31.
    Demand delivered 2025-01-10 (written by outreach as DEMAND_DELIVERED) → 2028-01-10.
    Partial payment of 5,000 on 2025-06-01 (PAYMENT_RECORDED, SPC art. 14) → 2028-06-01, a Thursday.
    As of 2025-07-01: 1,066 days left; the payment set it.
    """
    case = make_case(creditor_a)
    case_event_record(case=case, actor=creditor_a, kind=EventKind.DEMAND_DELIVERED, data={"date": "2025-01-10"})
    services.payment_record(case=case, actor=creditor_a, date=D(2025, 6, 1), amount="5000", payer="宏远建材")
    lim = selectors.case_limitation(case=case, as_of=D(2025, 7, 1))
    assert lim.limitation.expiry == D(2028, 6, 1)
    assert lim.limitation.days_left == 1066
    assert [c.what.split(" ")[0] for c in lim.limitation.chain] == ["start", "demand", "partial_payment"]
    assert lim.primary.key == "limitation" and lim.primary.light == "green"
    assert lim.limitation.set_by.what.startswith("partial_payment")


def test_b_private_loan_capped_at_four_times_lpr_with_excess_shown(creditor_a, make_case):
    """(b) Private loan of 100,000 at 24 %/year, formed 2024-08-01, due 2025-08-01.

    One-year LPR on 2024-08-01 is 3.35 % (the seeded row of 2024-07-22): cap 13.40 %.
      agreed  100,000 × 24 %    × 365/365 = 24,000.00
      capped  100,000 × 13.40 % × 365/365 = 13,400.00 → interest due
      excess                                10,600.00, shown separately, not claimed
    """
    case = make_case(
        creditor_a,
        debt_type="private_loan",
        principal=M("100000"),
        contract_date=D(2024, 8, 1),
        due_date=D(2025, 8, 1),
        interest_rate=M("24"),
    )
    st = selectors.case_statement(case=case, as_of=D(2025, 8, 1))
    assert st.interest_result.cap_rate_pct == M("13.40")
    assert st.interest.due == M("13400.00")
    assert st.interest_excess == M("10600.00")
    assert st.balance == M("113400.00")
    (line,) = st.interest_result.lines
    assert line.kind is Kind.CONTRACT and line.claimed == M("24000.00")


def test_b_lpr_rows_come_from_the_table(creditor_a, make_case):
    """A row added in the admin table changes the cap: 2024-07-30 at 3.50 % → 14.00 % → 14,000.00."""
    services.lpr_rate_add(effective=D(2024, 7, 30), one_year=M("3.50"), five_year=M("4.00"))
    case = make_case(
        creditor_a,
        debt_type="private_loan",
        principal=M("100000"),
        contract_date=D(2024, 8, 1),
        due_date=D(2025, 8, 1),
        interest_rate=M("24"),
    )
    st = selectors.case_statement(case=case, as_of=D(2025, 8, 1))
    assert st.interest_result.cap_rate_pct == M("14.00")
    assert st.interest.due == M("14000.00") and st.interest_excess == M("10000.00")


def test_c_payment_allocated_costs_interest_principal(creditor_a, make_case):
    """(c) Costs 2,000 (court fee), interest 3,500 (charged to a date), principal 50,000, no rate
    agreed and not yet due, so no computed interest. A payment of 10,000 on 2025-06-01:
      costs 2,000 → 0; interest 3,500 → 0; principal 4,500 (50,000 → 45,500) (Civil Code art. 561).
    """
    case = make_case(creditor_a, principal=M("50000"), contract_date=D(2025, 1, 2), due_date=D(2026, 12, 31))
    services.charge_record(case=case, actor=creditor_a, kind="court_fee", date=D(2025, 5, 1), amount="2000")
    services.charge_record(case=case, actor=creditor_a, kind="interest", date=D(2025, 5, 1), amount="3500")
    payment = services.payment_record(case=case, actor=creditor_a, date=D(2025, 6, 1), amount="10000", payer="宏远建材")
    lines = [(a.component, a.amount) for a in payment.allocations.order_by("line")]
    assert lines == [
        (Component.COSTS, M("2000.00")),
        (Component.INTEREST, M("3500.00")),
        (Component.PRINCIPAL, M("4500.00")),
    ]
    assert all("art. 561" in a.explanation for a in payment.allocations.all())
    st = selectors.case_statement(case=case, as_of=D(2025, 6, 1))
    assert (st.costs.due, st.interest.due, st.principal.due, st.balance) == (
        M("0.00"),
        M("0.00"),
        M("45500.00"),
        M("45500.00"),
    )


def test_d_expiry_in_national_day_holiday_moves_to_next_working_day(creditor_a, make_case):
    """(d) Debt due 2022-10-03: 3 years end 2025-10-03, inside the 2025 National Day holiday
    (1–8 October); the period ends on the next working day, 2025-10-09 (Civil Code art. 203)."""
    case = make_case(creditor_a, contract_date=D(2022, 1, 10), due_date=D(2022, 10, 3))
    with override("en"):
        lim = selectors.case_limitation(case=case, as_of=D(2025, 9, 1))
    assert lim.limitation.expiry == D(2025, 10, 9)
    assert lim.primary.days_left == 38 and lim.primary.light == "red"
    assert "2025-10-03 is a statutory rest day" in lim.primary.explanation[0]
    assert "art. 203" in lim.primary.explanation[0]


def test_e_demand_to_main_debtor_does_not_extend_the_guarantee_period(creditor_a, make_case):
    """(e) Debt due 2024-03-31 with a joint guarantor and no agreed period: the guarantee period is
    six months, to 2024-09-30 (art. 692 ¶2). A demand delivered to the main debtor on 2024-08-01
    restarts limitation (→ 2027-08-02, 2027-08-01 being a Sunday) but leaves the guarantee
    period at 2024-09-30 (art. 692 ¶1)."""
    case = make_case(
        creditor_a,
        guarantors=[{"debtor": {"kind": "person", "name": "李担保"}, "kind": "joint"}],
    )
    case_event_record(case=case, actor=creditor_a, kind=EventKind.DEMAND_DELIVERED, data={"date": "2024-08-01"})
    lim = selectors.case_limitation(case=case, as_of=D(2024, 9, 1))
    ((name, _gid, g),) = lim.guarantees
    assert name == "李担保"
    assert g.end == D(2024, 9, 30) and g.status == "open"
    assert lim.limitation.expiry == D(2027, 8, 2)
    assert lim.soonest.key.startswith("guarantee:") and lim.soonest.days_left == 29


def test_instalment_debt_accrues_late_interest_per_instalment(creditor_a, make_case):
    """Goods debt 120,000 in two instalments of 60,000 due 2024-03-31 and 2024-09-30, nothing agreed.
    Late interest at the one-year LPR in force when each default began (Civil Code art. 584):
      first:  2024-04-01 … 2024-12-31, 275 d × 60,000 × 3.45 % / 365 = 1,559.59
      second: 2024-10-01 … 2024-12-31,  92 d × 60,000 × 3.35 % / 365 =   506.63
    A principal payment of 10,000 on 2024-06-30 reduces the first instalment from 2024-07-01:
      first:  91 d × 60,000 × 3.45 % / 365 = 516.08; 184 d × 50,000 × 3.45 % / 365 = 869.59
    Limitation runs from the last instalment (Civil Code art. 189): 2027-09-30.
    """
    case = make_case(
        creditor_a,
        due_date=None,
        instalments=[
            {"due_date": D(2024, 3, 31), "amount": M("60000")},
            {"due_date": D(2024, 9, 30), "amount": M("60000")},
        ],
    )
    st = selectors.case_statement(case=case, as_of=D(2024, 12, 31))
    assert [(ln.days, ln.amount) for ln in st.interest_result.lines] == [(275, M("1559.59")), (92, M("506.63"))]
    assert st.interest.due == M("2066.22")
    services.write_off_record(
        case=case, actor=creditor_a, date=D(2024, 6, 30), component="principal", amount="10000", reason="折让"
    )
    st = selectors.case_statement(case=case, as_of=D(2024, 12, 31))
    assert [(ln.days, ln.amount) for ln in st.interest_result.lines] == [
        (91, M("516.08")),
        (184, M("869.59")),
        (92, M("506.63")),
    ]
    lim = selectors.case_limitation(case=case, as_of=D(2025, 1, 1))
    assert lim.limitation.expiry == D(2027, 9, 30)
