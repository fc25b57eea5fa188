import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils.translation import override

from huikuan.cases.choices import EventKind
from huikuan.cases.models import CaseEvent
from huikuan.cases.services import case_event_record
from huikuan.core.errors import ServiceError
from huikuan.ledger import selectors, services
from huikuan.ledger.models import Allocation, Charge, DeadlineAlert, LprRate, Payment, Reversal, WriteOff

D = dt.date
M = Decimal
pytestmark = pytest.mark.django_db


def _counts():
    return (
        Payment.objects.count(),
        Allocation.objects.count(),
        Charge.objects.count(),
        WriteOff.objects.count(),
        Reversal.objects.count(),
        CaseEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("call", "field", "message"),
    [
        ({"date": D(2023, 12, 31)}, "date", "before the contract date 2024-01-15"),
        ({"date": D(2099, 1, 1)}, "date", "cannot be in the future"),
        ({"amount": "-100"}, "amount", "greater than zero"),
        ({"amount": "0"}, "amount", "greater than zero"),
        ({"amount": "12.345"}, "amount", "two decimal places"),
        ({"amount": "abc"}, "amount", "Enter an amount"),
        ({"payer": "  "}, "payer", "Say who paid"),
        ({"method": "barter"}, "method", "how the money was paid"),
    ],
)
def test_bad_payment_names_the_field_and_writes_nothing(creditor_a, case_a, call, field, message):
    before = _counts()
    args = {"date": D(2025, 6, 1), "amount": "1000", "payer": "宏远建材", **call}
    with override("en"), pytest.raises(ServiceError) as exc:
        services.payment_record(case=case_a, actor=creditor_a, **args)
    assert exc.value.field == field
    assert message in exc.value.message
    assert _counts() == before


@pytest.mark.parametrize(
    ("call", "field"),
    [
        ({"kind": "bribe"}, "kind"),
        ({"amount": "-5"}, "amount"),
        ({"date": "not a date"}, "date"),
        ({"description": "x" * 501}, "description"),
    ],
)
def test_bad_charge(creditor_a, case_a, call, field):
    before = _counts()
    args = {"kind": "court_fee", "date": D(2025, 1, 1), "amount": "100", **call}
    with pytest.raises(ServiceError) as exc:
        services.charge_record(case=case_a, actor=creditor_a, **args)
    assert exc.value.field == field
    assert _counts() == before


def test_entries_are_append_only(creditor_a, case_a):
    p = services.payment_record(case=case_a, actor=creditor_a, date=D(2025, 6, 1), amount="100", payer="x")
    p.amount = M("1")
    with pytest.raises(ValueError, match="append-only"):
        p.save()
    with pytest.raises(ValueError, match="append-only"):
        p.delete()
    with pytest.raises(ValueError, match="append-only"):
        Payment.objects.filter(pk=p.pk).update(amount=M("1"))
    with pytest.raises(ValueError, match="append-only"):
        Allocation.objects.all().delete()
    assert Payment.objects.get(pk=p.pk).amount == M("100.00")


def test_payment_writes_event_with_date_and_amount(creditor_a, case_a):
    p = services.payment_record(case=case_a, actor=creditor_a, date=D(2025, 6, 1), amount="1,234.50", payer="宏远")
    ev = case_a.events.get(kind=EventKind.PAYMENT_RECORDED)
    assert ev.data["date"] == "2025-06-01" and ev.data["amount"] == "1234.50" and ev.data["payment"] == p.pk
    assert ev.actor == creditor_a


def test_overpayment_is_an_explicit_entry_never_a_negative_balance(creditor_a, make_case):
    """Goods debt 1,000, no rate, due 2026-12-31 (so nothing accrues by 2025-06-01); 1,500 paid:
    principal 1,000 and an overpayment line of 500 to be returned (Civil Code art. 985)."""
    case = make_case(creditor_a, principal=M("1000"), contract_date=D(2025, 1, 2), due_date=D(2026, 12, 31))
    p = services.payment_record(case=case, actor=creditor_a, date=D(2025, 6, 1), amount="1500", payer="x")
    assert [(a.component, a.amount) for a in p.allocations.all()] == [
        ("principal", M("1000.00")),
        ("overpayment", M("500.00")),
    ]
    st = selectors.case_statement(case=case, as_of=D(2025, 6, 2))
    assert st.balance == M("0.00") and st.overpayment == M("500.00")
    assert "art. 985" in p.allocations.get(component="overpayment").explanation


def test_payments_in_date_order(creditor_a, case_a):
    services.payment_record(case=case_a, actor=creditor_a, date=D(2025, 6, 1), amount="100", payer="x")
    with override("en"), pytest.raises(ServiceError) as exc:
        services.payment_record(case=case_a, actor=creditor_a, date=D(2025, 5, 1), amount="100", payer="x")
    assert exc.value.field == "date" and "date order" in exc.value.message


def test_reversal_cancels_without_deleting(creditor_a, case_a):
    p1 = services.payment_record(case=case_a, actor=creditor_a, date=D(2025, 6, 1), amount="1000", payer="x")
    p2 = services.payment_record(case=case_a, actor=creditor_a, date=D(2025, 7, 1), amount="500", payer="x")
    with pytest.raises(ServiceError) as exc:  # later payments first
        services.entry_reverse(case=case_a, actor=creditor_a, entry_type="payment", entry_id=p1.pk, reason="错")
    assert exc.value.field == "entry_id"
    services.entry_reverse(case=case_a, actor=creditor_a, entry_type="payment", entry_id=p2.pk, reason="退票")
    with pytest.raises(ServiceError):
        services.entry_reverse(case=case_a, actor=creditor_a, entry_type="payment", entry_id=p2.pk, reason="again")
    st = selectors.case_statement(case=case_a, as_of=D(2025, 8, 1))
    assert st.payments_total == M("1000.00")
    assert [e.reversed for e in st.entries if e.type == "payment"] == [False, True]
    ev = case_a.events.get(kind=EventKind.ENTRY_REVERSED)
    assert ev.data["entry"] == "payment" and ev.data["payment"] == p2.pk
    # The reversed payment no longer interrupts limitation.
    lim = selectors.case_limitation(case=case_a, as_of=D(2025, 8, 1))
    assert lim.limitation.expiry == D(2028, 6, 1)


def test_reversing_a_paid_charge_is_refused(creditor_a, make_case):
    case = make_case(creditor_a, principal=M("1000"), contract_date=D(2025, 1, 2), due_date=D(2026, 12, 31))
    charge = services.charge_record(case=case, actor=creditor_a, kind="lawyer_fee", date=D(2025, 2, 1), amount="300")
    services.payment_record(case=case, actor=creditor_a, date=D(2025, 3, 1), amount="300", payer="x")
    before = _counts()
    with pytest.raises(ServiceError) as exc:
        services.entry_reverse(case=case, actor=creditor_a, entry_type="charge", entry_id=charge.pk, reason="错")
    assert exc.value.field == "entry_id"
    assert _counts() == before


def test_write_off_never_more_than_due(creditor_a, make_case):
    case = make_case(creditor_a, principal=M("1000"), contract_date=D(2025, 1, 2), due_date=D(2026, 12, 31))
    with pytest.raises(ServiceError) as exc:
        services.write_off_record(
            case=case, actor=creditor_a, date=D(2025, 3, 1), component="costs", amount="1", reason="x"
        )
    assert exc.value.field == "amount"
    services.write_off_record(
        case=case, actor=creditor_a, date=D(2025, 3, 1), component="principal", amount="200", reason="让步"
    )
    st = selectors.case_statement(case=case, as_of=D(2025, 3, 2))
    assert st.principal.due == M("800.00") and st.principal.written_off == M("200.00")
    assert case.events.filter(kind=EventKind.WRITE_OFF_RECORDED).count() == 1


def test_statutory_late_interest_where_nothing_agreed(creditor_a, case_a):
    """Goods 120,000 due 2024-03-31, nothing agreed: LPR in force when the default began
    (2024-04-01: 3.45 %), 365 days to 2025-03-31: 120,000 × 3.45 % = 4,140.00."""
    st = selectors.case_statement(case=case_a, as_of=D(2025, 3, 31))
    (line,) = st.interest_result.lines
    assert line.kind == "statutory_late_interest" and line.days == 365
    assert st.interest.due == M("4140.00")


def test_penalty_charge_is_capped_with_the_interest_for_private_loans(creditor_a, make_case):
    """Private loan 100,000 at 24 % formed 2024-08-01 due 2024-10-31; a penalty of 5,000 charged
    shares the 4 × LPR cap with the overdue interest (SPC private-lending provisions art. 29)."""
    case = make_case(
        creditor_a,
        debt_type="private_loan",
        principal=M("100000"),
        contract_date=D(2024, 8, 1),
        due_date=D(2024, 10, 31),
        interest_rate=M("24"),
    )
    services.charge_record(case=case, actor=creditor_a, kind="penalty", date=D(2024, 11, 1), amount="5000")
    st = selectors.case_statement(case=case, as_of=D(2024, 12, 31))
    kinds = {ln.kind.value: ln for ln in st.interest_result.lines}
    assert kinds["penalty_fixed"].claimed == M("5000.00")
    assert kinds["penalty_fixed"].amount == M("0.00")  # overdue interest at 24 % already exceeds the cap
    assert st.interest_excess == sum((ln.excess for ln in st.interest_result.lines), M("0"))


def test_judgment_sets_enforcement_period_and_double_interest(creditor_a, case_a):
    """Judgment 2025-03-01, perform by 2025-03-20: enforcement must be applied for within 2 years
    → 2027-03-20 (Saturday) → next working day 2027-03-22 (calendar for 2027 may be unpublished;
    weekends always count). Double interest: 120,000 × 1.75‱ × 11 days to 2025-03-31 = 231.00."""
    services.judgment_record(
        case=case_a, actor=creditor_a, date=D(2025, 3, 1), performance_date=D(2025, 3, 20), amount="120000"
    )
    lim = selectors.case_limitation(case=case_a, as_of=D(2025, 3, 31))
    assert lim.primary.key == "enforcement" and lim.enforcement.expiry == D(2027, 3, 22)
    st = selectors.case_statement(case=case_a, as_of=D(2025, 3, 31))
    double = [ln for ln in st.interest_result.lines if ln.kind == "double_interest"]
    assert double and double[0].amount == M("231.00")
    with pytest.raises(ServiceError) as exc:
        services.judgment_record(case=case_a, actor=creditor_a, date=D(2025, 3, 1), performance_date=D(2025, 2, 1))
    assert exc.value.field == "performance_date"


def test_facts_interrupt_limitation(creditor_a, case_a):
    services.acknowledgement_record(case=case_a, actor=creditor_a, date=D(2024, 6, 1))
    services.repayment_plan_record(case=case_a, actor=creditor_a, date=D(2024, 9, 2))
    services.filing_record(case=case_a, actor=creditor_a, date=D(2025, 2, 3), filing="mediation_request")
    lim = selectors.case_limitation(case=case_a, as_of=D(2025, 3, 1))
    assert [c.what.split(" ")[0] for c in lim.limitation.chain] == [
        "start",
        "acknowledgement",
        "repayment_plan",
        "mediation_request",
    ]
    assert lim.limitation.expiry == D(2028, 2, 3)
    with pytest.raises(ServiceError) as exc:
        services.filing_record(case=case_a, actor=creditor_a, date=D(2025, 2, 3), filing="prayer")
    assert exc.value.field == "filing"


def test_lpr_rows_refuse_duplicates(db):
    assert LprRate.objects.count() == 5  # seeded by the data migration
    with override("en"), pytest.raises(ServiceError) as exc:
        services.lpr_rate_add(effective=D(2024, 7, 22), one_year=M("3.30"), five_year=M("3.80"))
    assert exc.value.field == "effective" and "already in the table" in exc.value.message
    with pytest.raises(ServiceError) as exc:
        services.lpr_rate_add(effective=D(2026, 1, 20), one_year=M("0"), five_year=M("3.80"))
    assert exc.value.field == "one_year"
    with pytest.raises(IntegrityError):
        LprRate.objects.create(effective=D(2024, 7, 22), one_year=M("3.3"), five_year=M("3.8"))


def test_deadline_alerts_once_per_threshold(creditor_a, make_case):
    """Debt due 2022-10-03: limitation expires 2025-10-09. On 2025-08-01 (69 days left) the 90-day
    alert is raised; running again the same or next day raises nothing; on 2025-10-02 (7 days
    left) the 7-day alert follows. The 30-day threshold was skipped past in one step."""
    case = make_case(creditor_a, contract_date=D(2022, 1, 10), due_date=D(2022, 10, 3))
    assert services.deadline_alerts_raise(today=D(2025, 8, 1)) == 1
    assert services.deadline_alerts_raise(today=D(2025, 8, 1)) == 0
    assert services.deadline_alerts_raise(today=D(2025, 8, 2)) == 0
    assert services.deadline_alerts_raise(today=D(2025, 10, 2)) == 1
    assert list(DeadlineAlert.objects.order_by("pk").values_list("threshold", "days_left")) == [(90, 69), (7, 7)]
    events = case.events.filter(kind=EventKind.DEADLINE_ALERT)
    assert events.count() == 2 and events.first().data["expiry"] == "2025-10-09"
    alerts = selectors.alert_list(actor=creditor_a, today=D(2025, 10, 2))
    assert [(a.case_id, a.threshold) for a in alerts] == [(case.pk, 7)]


def test_alerts_follow_a_moved_expiry_and_tenancy(creditor_a, creditor_b, make_case):
    case = make_case(creditor_a, contract_date=D(2022, 1, 10), due_date=D(2022, 10, 3))
    services.deadline_alerts_raise(today=D(2025, 8, 1))
    case_event_record(case=case, actor=creditor_a, kind=EventKind.DEMAND_DELIVERED, data={"date": "2025-08-05"})
    # The demand restarted the period (→ 2028-08-05): no alert for years; the old alert is stale.
    assert services.deadline_alerts_raise(today=D(2025, 8, 6)) == 0
    assert selectors.alert_list(actor=creditor_a, today=D(2025, 8, 6))[0].expiry == D(2025, 10, 9)
    assert selectors.alert_list(actor=creditor_a, today=D(2025, 10, 10)) == []
    assert selectors.alert_list(actor=creditor_b, today=D(2025, 8, 6)) == []


def test_guarantee_alert_and_demand_to_guarantor_preserves(creditor_a, make_case):
    case = make_case(
        creditor_a,
        due_date=D(2025, 3, 31),
        guarantors=[{"debtor": {"kind": "person", "name": "李担保"}, "kind": "joint"}],
    )
    guarantor_id = case.debt.guarantees.get().guarantor_id
    lim = selectors.case_limitation(case=case, as_of=D(2025, 9, 1))
    assert lim.soonest.key.startswith("guarantee:") and lim.soonest.expiry == D(2025, 9, 30)
    case_event_record(
        case=case,
        actor=creditor_a,
        kind=EventKind.DEMAND_DELIVERED,
        data={"date": "2025-09-02", "guarantor": guarantor_id},
    )
    lim = selectors.case_limitation(case=case, as_of=D(2025, 9, 3))
    ((_n, _g, g),) = lim.guarantees
    assert g.status == "preserved"
    assert not any(d.key.startswith("guarantee:") for d in lim.deadlines)


def test_eligibility_from_case_facts(creditor_a, case_a):
    el = selectors.case_eligibility(case=case_a, as_of=D(2025, 6, 1))
    assert el.facts.matured is True and el.facts.money_claim is True
    assert el.payment_order.answer == "unknown"  # counter-performance and service not recorded yet
    assert el.small_claims.answer in ("unknown", "no")
    assert el.facts.amount > M("120000")  # principal plus late interest


def test_debt_older_than_the_lpr_table_says_so_instead_of_failing(creditor_a, make_case, client):
    """Late interest on a debt in default since 2022-10-04 needs the LPR of that day; the seeded
    table starts 2023-08-21, so the statement reports it and claims no computed interest."""
    case = make_case(creditor_a, contract_date=D(2022, 1, 10), due_date=D(2022, 10, 3))
    st = selectors.case_statement(case=case, as_of=D(2025, 1, 1))
    assert st.interest_result is None and "no LPR row in force on 2022-10-04" in st.interest_error
    assert st.balance == M("120000.00")
    client.force_login(creditor_a)
    assert client.get(f"/ledger/cases/{case.pk}/").status_code == 200
    services.lpr_rate_add(effective=D(2022, 8, 22), one_year=M("3.65"), five_year=M("4.30"))
    assert selectors.case_statement(case=case, as_of=D(2025, 1, 1)).interest_result is not None


def test_daily_task_is_scheduled_and_raises_alerts(creditor_a, make_case):
    """The scheduler's tick runs the daily task (inline in tests); a limitation ending in about
    100 days gets its 180-day alert, and a second tick the same day changes nothing."""
    from django.utils import timezone

    from huikuan.common.scheduling import PERIODIC, run_due
    from huikuan.ledger.tasks import deadline_alerts_daily

    assert PERIODIC[deadline_alerts_daily.module_path][1] == dt.timedelta(days=1)
    today = timezone.localdate()
    due = D(today.year - 3, today.month, min(today.day, 28)) + dt.timedelta(days=100)
    case = make_case(creditor_a, contract_date=due - dt.timedelta(days=30), due_date=due)
    now = timezone.now()
    assert deadline_alerts_daily.module_path in run_due(now)
    alert = DeadlineAlert.objects.get(case=case)
    assert alert.deadline == "limitation" and alert.threshold == 180
    assert deadline_alerts_daily.module_path not in run_due(now + dt.timedelta(hours=1))
    assert DeadlineAlert.objects.count() == 1
