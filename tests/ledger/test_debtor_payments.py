"""One payment covering several debts of the same debtor (Civil Code art. 560), through the ledger."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override

from huikuan.cases.choices import EventKind
from huikuan.cases.models import CaseEvent
from huikuan.cases.schemas import DebtorIn, GuarantorIn
from huikuan.cases.services import case_register
from huikuan.core.errors import ServiceError
from huikuan.ledger import selectors, services
from huikuan.ledger.models import Allocation, DebtorPayment, Payment
from tests.conftest import case_input, org_of

D = dt.date
M = Decimal
PAID_ON = D(2025, 6, 1)
pytestmark = pytest.mark.django_db


def _another(user, debtor_id, **debt):
    """Another debt of the same debtor, interest-free unless told (so the figures are exact by hand)."""
    data = case_input(**{"interest_rate": M("0"), "overdue_rate": M("0"), **debt})
    data.debtor = None
    data.debtor_id = debtor_id
    return case_register(organisation=org_of(user), data=data, actor=user)


@pytest.fixture
def three(creditor_a, make_case):
    """A: 10,000, matured 2024-03-31, one guarantor; B: 6,000 + a 500 court fee, matured, unsecured;
    C: 20,000, due 2025-12-31 (not matured on 2025-06-01), unsecured. All interest-free.
    W: 1,000, matured, unsecured, but withdrawn: closed cases take no part."""
    a = make_case(
        creditor_a,
        principal=M("10000"),
        interest_rate=M("0"),
        overdue_rate=M("0"),
        guarantors=[GuarantorIn(debtor=DebtorIn(kind="company", name="担保人"))],
    )
    debtor = a.debt.debtor_id
    w = _another(creditor_a, debtor, principal=M("1000"))
    w.status = "withdrawn"
    w.save(update_fields=["status"])
    b = _another(creditor_a, debtor, principal=M("6000"))
    services.charge_record(case=b, actor=creditor_a, kind="court_fee", date=D(2025, 3, 1), amount="500")
    c = _another(creditor_a, debtor, principal=M("20000"), due_date=D(2025, 12, 31))
    return a, b, c


def _pay(user, debtor, **kw):
    args = {"date": PAID_ON, "amount": "8000", "payer": "宏远建材", "method": "bank_transfer", **kw}
    return services.debtor_payment_record(organisation=org_of(user), debtor=debtor, actor=user, **args)


def _due(case):
    return selectors.case_statement(case=case, as_of=PAID_ON).balance


def test_worked_example_matured_first_then_least_secured(creditor_a, three):
    """8,000 paid on 2025-06-01 against A (10,000, matured, one guarantor), B (6,000 + 500 court fee,
    matured, unsecured) and C (20,000, due 2025-12-31):

    - C has not matured: it comes after A and B (art. 560, matured first).
    - A and B are both matured; B has no security, A has a guarantor: B first (least secured).
    - B takes 6,500: within B, costs 500 then principal 6,000 (art. 561). 8,000 - 6,500 = 1,500 left.
    - A takes the remaining 1,500 (principal 10,000 → 8,500). C takes nothing (20,000 stays).
    """
    a, b, c = three
    with override("en"):
        record = _pay(creditor_a, a.debt.debtor)
    view = selectors.debtor_payment_view(record=record)
    assert {s.case_id: s.amount for s in view.shares} == {b.pk: M("6500.00"), a.pk: M("1500.00")}
    assert [(ln.case_id, ln.component, ln.amount) for ln in view.lines] == [
        (b.pk, "costs", M("500.00")),
        (b.pk, "principal", M("6000.00")),
        (a.pk, "principal", M("1500.00")),
    ]
    assert (_due(a), _due(b), _due(c)) == (M("8500.00"), M("0.00"), M("20000.00"))
    assert view.overpayment == 0
    with override("en"):
        texts = [str(ln.explanation) for ln in view.lines]
        head = str(view.explanation[0])
    assert "matured before unmatured" in texts[0] and "security 0" in texts[0]
    assert "security 1" in texts[2]
    assert "Civil Code art. 560" in texts[2]
    assert head == "Payment 8000.00 on 2025-06-01 against 3 debts of the same debtor."
    # Each share is an ordinary payment of its case, allocated and on its timeline.
    pay_b = Payment.objects.get(case=b)
    assert pay_b.debtor_payment == record and pay_b.amount == M("6500.00")
    assert [(x.component, x.amount) for x in Allocation.objects.filter(payment=pay_b)] == [
        ("costs", M("500.00")),
        ("principal", M("6000.00")),
    ]
    ev = CaseEvent.objects.get(case=a, kind=EventKind.PAYMENT_RECORDED)
    assert ev.data["debtor_payment"] == record.pk and ev.data["amount"] == "1500.00"
    assert not Payment.objects.filter(case=c).exists()


def test_designation_is_honoured_before_the_statutory_order(creditor_a, three):
    """The debtor names C (unmatured) when paying 8,000: all 8,000 go to C (20,000 → 12,000);
    A and B, though matured, get nothing (art. 560: designation before the statutory order)."""
    a, b, c = three
    with override("en"):
        record = _pay(creditor_a, a.debt.debtor, designated_case_ids=[c.pk])
    view = selectors.debtor_payment_view(record=record)
    assert [(s.case_id, s.amount) for s in view.shares] == [(c.pk, M("8000.00"))]
    assert record.designated == [c.pk]
    with override("en"):
        assert "designated by the debtor at payment" in str(view.lines[0].explanation)
    assert (_due(a), _due(b), _due(c)) == (M("10000.00"), M("6500.00"), M("12000.00"))


def test_pro_rata_among_equal_debts_and_explicit_overpayment(creditor_a, make_case):
    """D 3,000 and E 1,000: both matured 2024-03-31, unsecured, interest-free, so equal in every
    respect; F 5,000 is due 2025-12-31.

    2,000 paid: pro rata 3:1 → D 1,500, E 500; F nothing (not matured).
    Then 8,500 paid: D 1,500 and E 500 clear them, F 5,000 clears it, and 8,500 - 7,000 = 1,500 is
    an explicit overpayment (art. 985), on the last case paid (F), never a negative balance.
    """
    d = make_case(creditor_a, principal=M("3000"), interest_rate=M("0"), overdue_rate=M("0"))
    e = _another(creditor_a, d.debt.debtor_id, principal=M("1000"))
    f = _another(creditor_a, d.debt.debtor_id, principal=M("5000"), due_date=D(2025, 12, 31))
    with override("en"):
        first = _pay(creditor_a, d.debt.debtor, amount="2000")
    view = selectors.debtor_payment_view(record=first)
    assert {s.case_id: s.amount for s in view.shares} == {d.pk: M("1500.00"), e.pk: M("500.00")}
    with override("en"):
        assert all("pro rata" in str(ln.explanation) for ln in view.lines)

    second = _pay(creditor_a, d.debt.debtor, amount="8500", date=D(2025, 6, 2))
    view = selectors.debtor_payment_view(record=second)
    assert {s.case_id: s.amount for s in view.shares} == {d.pk: M("1500.00"), e.pk: M("500.00"), f.pk: M("6500.00")}
    assert view.overpayment == M("1500.00")
    assert view.lines[-1].case_id is None and view.lines[-1].component == "overpayment"
    st = selectors.case_statement(case=f, as_of=D(2025, 6, 2))
    assert st.balance == 0 and st.overpayment == M("1500.00")
    for case in (d, e):
        assert selectors.case_statement(case=case, as_of=D(2025, 6, 2)).balance == 0


def test_most_burdensome_first(creditor_a, make_case):
    """G 20,000 at 0% and H 20,000 at 6% overdue: both matured 2024-03-31, unsecured. H's overdue
    interest to 2025-06-01 alone is about 20,000 × 6% × 427/365 ≈ 1,404 > 1,000, so a 1,000 payment
    goes wholly to H's interest (most burdensome first, then art. 561 inside H); G gets nothing."""
    g = make_case(creditor_a, principal=M("20000"), interest_rate=M("0"), overdue_rate=M("0"))
    h = _another(creditor_a, g.debt.debtor_id, principal=M("20000"), overdue_rate=M("6"))
    record = _pay(creditor_a, g.debt.debtor, amount="1000")
    view = selectors.debtor_payment_view(record=record)
    assert [(ln.case_id, ln.component, ln.amount) for ln in view.lines] == [(h.pk, "interest", M("1000.00"))]
    with override("en"):
        assert "rate 6% (most burdensome first)" in str(view.lines[0].explanation)


def _counts():
    return DebtorPayment.objects.count(), Payment.objects.count(), Allocation.objects.count(), CaseEvent.objects.count()


@pytest.mark.parametrize(
    ("call", "field", "message"),
    [
        ({"amount": "0"}, "amount", "greater than zero"),
        ({"amount": "-5"}, "amount", "greater than zero"),
        ({"date": D(2023, 12, 31)}, "date", "before the first of this debtor's contracts (2024-01-15)"),
        ({"date": D(2099, 1, 1)}, "date", "cannot be in the future"),
        ({"payer": " "}, "payer", "Say who paid"),
        ({"method": "barter"}, "method", "how the money was paid"),
        ({"designated_case_ids": ["x"]}, "designated_case_ids", "Choose cases of this debtor"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(creditor_a, three, call, field, message):
    a, _b, _c = three
    before = _counts()
    with override("en"), pytest.raises(ServiceError) as exc:
        _pay(creditor_a, a.debt.debtor, **call)
    assert exc.value.field == field
    assert message in exc.value.message
    assert _counts() == before


def test_designating_another_debtors_case_is_refused(creditor_a, three, make_case):
    a, _b, _c = three
    other = make_case(creditor_a, principal=M("100"))  # registered as a new debtor record
    assert other.debt.debtor_id != a.debt.debtor_id
    before = _counts()
    with override("en"), pytest.raises(ServiceError) as exc:
        _pay(creditor_a, a.debt.debtor, designated_case_ids=[other.pk])
    assert exc.value.field == "designated_case_ids"
    assert f"Case {other.pk} is not an open case of this debtor" in exc.value.message
    assert _counts() == before


def test_another_organisations_debtor_is_refused(creditor_a, creditor_b, three):
    a, _b, _c = three
    with override("en"), pytest.raises(ServiceError) as exc:
        services.debtor_payment_record(
            organisation=org_of(creditor_b),
            debtor=a.debt.debtor,
            actor=creditor_b,
            date=PAID_ON,
            amount="100",
            payer="x",
        )
    assert exc.value.field == "debtor"
    assert not DebtorPayment.objects.exists()


def test_all_or_nothing_when_one_case_refuses(creditor_a, three):
    """B already has a payment on 2025-07-01; a split on 2025-06-01 would pay A first (pk order of
    recording) and then fail on B (payments are recorded in date order): nothing at all is kept."""
    a, b, _c = three
    services.payment_record(case=b, actor=creditor_a, date=D(2025, 7, 1), amount="100", payer="宏远")
    before = _counts()
    with override("en"), pytest.raises(ServiceError) as exc:
        _pay(creditor_a, a.debt.debtor)
    assert exc.value.field == "date"
    assert "Record payments in date order" in exc.value.message
    assert _counts() == before
    assert not Payment.objects.filter(case=a).exists()


# ---- pages and API -------------------------------------------------------------------------------


def test_statement_offers_the_several_debts_form_only_with_two_open_cases(client, creditor_a, case_a, make_case):
    client.force_login(creditor_a)
    client.cookies["django_language"] = "en"
    label = "Record a payment covering several debts of this debtor"
    page = client.get(reverse("ledger:statement", args=[case_a.pk]))
    assert label not in page.content.decode()
    _another(creditor_a, case_a.debt.debtor_id, principal=M("500"))
    page = client.get(reverse("ledger:statement", args=[case_a.pk]))
    assert label in page.content.decode()
    assert reverse("ledger:debtor_payment_new", args=[case_a.debt.debtor_id]) in page.content.decode()


def test_page_records_and_shows_the_split(client, creditor_a, three):
    a, b, c = three
    client.force_login(creditor_a)
    url = reverse("ledger:debtor_payment_new", args=[a.debt.debtor_id])
    form = client.get(url)
    assert form.status_code == 200
    body = form.content.decode()
    assert b.reference in body and c.reference in body
    response = client.post(
        url, {"date": "2025-06-01", "amount": "8000", "payer": "宏远建材", "method": "bank_transfer"}, follow=True
    )
    assert response.status_code == 200
    record = DebtorPayment.objects.get()
    assert response.redirect_chain[-1][0] == reverse("ledger:debtor_payment_detail", args=[record.pk])
    html = response.content.decode()
    assert f'data-testid="share-{b.pk}"' in html and "6,500.00" in html and "1,500.00" in html
    # The explanation is stored as messages, so it is shown in the reader's language.
    assert "已到期债务优先于未到期债务" in html
    client.cookies["django_language"] = "en"
    en = client.get(response.redirect_chain[-1][0]).content.decode()
    assert "matured before unmatured" in en and "已到期债务优先于未到期债务" not in en


def test_page_shows_the_error_beside_the_field(client, creditor_a, three):
    a, _b, _c = three
    client.force_login(creditor_a)
    url = reverse("ledger:debtor_payment_new", args=[a.debt.debtor_id])
    response = client.post(url, {"date": "2023-01-01", "amount": "100", "payer": "x", "method": "cash"})
    assert response.status_code == 200
    assert 'data-field="date"' in response.content.decode()
    assert not DebtorPayment.objects.exists()


def test_api_records_and_answers_typed(client, creditor_a, three):
    a, _b, c = three
    client.force_login(creditor_a)
    url = reverse("api-1:ledger_debtor_payment_create", kwargs={"debtor_id": a.debt.debtor_id})
    payload = {"date": "2025-06-01", "amount": "8000", "payer": "宏远建材", "designated_case_ids": [c.pk]}
    response = client.post(url, json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    (share,) = body["shares"]
    assert share == {"case_id": c.pk, "reference": c.reference, "payment_id": share["payment_id"], "amount": "8000.00"}
    assert Payment.objects.get(pk=share["payment_id"]).case_id == c.pk
    assert body["designated_case_ids"] == [c.pk]
    assert body["overpayment"] == "0.00"
    assert body["lines"][0]["component"] == "principal" and body["lines"][0]["explanation"]
    assert len(body["explanation"]) == 2
    detail = client.get(reverse("api-1:ledger_debtor_payment_detail", kwargs={"debtor_payment_id": body["id"]}))
    assert detail.status_code == 200 and detail.json()["id"] == body["id"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"date": "2023-01-01"}, "date"),
        ({"designated_case_ids": [999999]}, "designated_case_ids"),
    ],
)
def test_api_refuses_bad_input_with_422(client, creditor_a, three, payload, field):
    a, _b, _c = three
    client.force_login(creditor_a)
    url = reverse("api-1:ledger_debtor_payment_create", kwargs={"debtor_id": a.debt.debtor_id})
    body = {"date": "2025-06-01", "amount": "100", "payer": "宏远建材", **payload}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert field in json.dumps(response.json())
    assert not DebtorPayment.objects.exists()


def test_api_another_organisations_debtor_is_404(client, creditor_b, three):
    a, _b, _c = three
    client.force_login(creditor_b)
    url = reverse("api-1:ledger_debtor_payment_create", kwargs={"debtor_id": a.debt.debtor_id})
    body = {"date": "2025-06-01", "amount": "100", "payer": "x"}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 404
    assert not DebtorPayment.objects.exists()
