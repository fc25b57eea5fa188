"""Ledger invariants over random histories: allocations sum to the payment, no component is ever
negative (a surplus is an explicit overpayment line), and interest never falls as time passes."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huikuan.core.errors import ServiceError
from huikuan.ledger import selectors, services
from tests.conftest import case_input, org_of

pytestmark = pytest.mark.django_db

amounts = st.integers(min_value=1, max_value=5_000_000).map(lambda n: Decimal(n) / 100)
steps = st.lists(
    st.tuples(
        st.sampled_from(["pay", "pay", "cost", "interest", "write_off"]),
        st.integers(min_value=0, max_value=700),
        amounts,
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=steps,
    principal=st.integers(min_value=100, max_value=500_000).map(Decimal),
    rate=st.sampled_from([None, Decimal("6"), Decimal("24")]),
    debt_type=st.sampled_from(["goods", "private_loan", "services"]),
)
def test_random_histories_keep_the_invariants(creditor_a, steps, principal, rate, debt_type):
    from huikuan.cases.services import case_register

    start = dt.date(2023, 9, 1)
    case = case_register(
        organisation=org_of(creditor_a),
        data=case_input(
            principal=principal,
            contract_date=start,
            due_date=dt.date(2024, 3, 1),
            interest_rate=rate,
            debt_type=debt_type,
        ),
        actor=creditor_a,
    )
    day = start
    for kind, offset, amount in sorted(steps, key=lambda s: s[1]):
        day = start + dt.timedelta(days=offset)
        try:
            if kind == "pay":
                p = services.payment_record(case=case, actor=creditor_a, date=day, amount=amount, payer="x")
                assert sum(a.amount for a in p.allocations.all()) == p.amount
            elif kind == "cost":
                services.charge_record(case=case, actor=creditor_a, kind="lawyer_fee", date=day, amount=amount)
            elif kind == "interest":
                services.charge_record(case=case, actor=creditor_a, kind="interest", date=day, amount=amount)
            else:
                services.write_off_record(
                    case=case, actor=creditor_a, date=day, component="principal", amount=amount, reason="r"
                )
        except ServiceError as exc:
            assert exc.field in ("amount", "date")  # a write-off above what is due, for example
        s = selectors.case_statement(case=case, as_of=day)
        for component in (s.principal, s.interest, s.costs):
            assert component.due >= 0, (component, steps)
        assert s.balance >= 0 and s.overpayment >= 0
        later = selectors.case_statement(case=case, as_of=day + dt.timedelta(days=30))
        assert later.interest.charged >= s.interest.charged
