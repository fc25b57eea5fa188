from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from huikuan.cases.choices import CaseStatus, EventKind
from huikuan.cases.models import Case, CaseEvent, Debt, Debtor
from huikuan.cases.schemas import CaseCreateIn, DebtIn, DebtorIn, GuarantorIn, InstalmentIn
from huikuan.cases.services import case_register, case_transition
from huikuan.core.errors import ServiceError
from tests.conftest import case_input, org_of


@pytest.fixture(autouse=True)
def english():
    # Messages are asserted in English here; pages test the Chinese ones.
    with translation.override("en"):
        yield


def _counts():
    return Debtor.objects.count(), Debt.objects.count(), Case.objects.count(), CaseEvent.objects.count()


def test_register_writes_debtor_debt_case_and_event(creditor_a):
    case = case_register(organisation=org_of(creditor_a), data=case_input(), actor=creditor_a)
    assert case.status == CaseStatus.REGISTERED
    assert case.debt.principal == Decimal("120000.00")
    debtor = case.debt.debtor
    assert debtor.id_number == "91330702MA2D00002C"
    # Phone numbers are encrypted at rest: the column never holds the plain number.
    assert "13812345678" not in debtor.mobile_enc and debtor.mobile == "13812345678"
    assert debtor.mobile_masked == "138****5678"
    event = case.events.get()
    assert event.kind == EventKind.CASE_REGISTERED and event.actor == creditor_a
    assert event.data["principal"] == "120000.00"


def test_person_resident_id_is_masked(creditor_a):
    data = case_input()
    data.debtor = DebtorIn(kind="person", name="张伟", id_number="330702199003074258")
    case = case_register(organisation=org_of(creditor_a), data=data, actor=creditor_a)
    assert case.debt.debtor.id_number_masked == "330702********4258"


def test_virtual_operator_mobile_is_flagged(creditor_a):
    data = case_input()
    data.debtor.mobile = "17012345678"
    case = case_register(organisation=org_of(creditor_a), data=data, actor=creditor_a)
    assert case.debt.debtor.mobile_virtual_operator is True


BAD_INPUTS = [
    ("debtor.id_number", lambda d: setattr(d.debtor, "id_number", "91350100M000100Y44"), "check character"),
    (
        "debtor.id_number",
        lambda d: (setattr(d.debtor, "kind", "person"), setattr(d.debtor, "id_number", "330702199003074259")),
        "check digit",
    ),
    (
        "debtor.id_number",
        lambda d: (setattr(d.debtor, "kind", "person"), setattr(d.debtor, "id_number", "11010519491331002X")),
        "birth date",
    ),
    ("debt.principal", lambda d: setattr(d.debt, "principal", Decimal("-5")), "greater than zero"),
    ("debt.principal", lambda d: setattr(d.debt, "principal", Decimal("NaN")), "amount"),
    ("debt.principal", lambda d: setattr(d.debt, "principal", Decimal("1.234")), "decimal places"),
    ("debt.due_date", lambda d: setattr(d.debt, "due_date", date(2023, 1, 1)), "before the contract date"),
    ("debtor.mobile", lambda d: setattr(d.debtor, "mobile", "23812345678"), "mobile"),
    ("debtor.email", lambda d: setattr(d.debtor, "email", "not-an-email"), "email"),
    ("debtor.time_zone", lambda d: setattr(d.debtor, "time_zone", "Mars/Olympus"), "time zone"),
    ("debt.contract_date", lambda d: setattr(d.debt, "contract_date", date(2999, 1, 1)), "future"),
    ("debt.interest_rate", lambda d: setattr(d.debt, "interest_rate", Decimal("-1")), "rate"),
]


@pytest.mark.parametrize(("field", "mutate", "words"), BAD_INPUTS, ids=[b[0] + ":" + b[2] for b in BAD_INPUTS])
def test_bad_input_is_refused_with_field_and_nothing_written(creditor_a, field, mutate, words):
    data = case_input()
    mutate(data)
    before = _counts()
    with pytest.raises(ServiceError) as exc:
        case_register(organisation=org_of(creditor_a), data=data, actor=creditor_a)
    assert field in exc.value.errors
    assert words.lower() in " ".join(exc.value.errors[field]).lower()
    assert _counts() == before


def test_all_errors_are_reported_together(creditor_a):
    data = case_input(principal=Decimal("-1"), due_date=date(2023, 1, 1))
    data.debtor.id_number = "91350100M000100Y44"
    with pytest.raises(ServiceError) as exc:
        case_register(organisation=org_of(creditor_a), data=data, actor=creditor_a)
    assert {"debtor.id_number", "debt.principal", "debt.due_date"} <= set(exc.value.errors)


def test_instalments_set_due_date_and_must_sum_to_principal(creditor_a):
    org = org_of(creditor_a)
    data = case_input(
        due_date=None,
        principal=Decimal("100000"),
        instalments=[
            InstalmentIn(due_date=date(2024, 6, 30), amount=Decimal("40000")),
            InstalmentIn(due_date=date(2024, 3, 31), amount=Decimal("60000")),
        ],
    )
    case = case_register(organisation=org, data=data, actor=creditor_a)
    # Civil Code art. 189: the period runs from the last instalment, so due_date is the last one.
    assert case.debt.due_date == date(2024, 6, 30)
    assert [i.amount for i in case.debt.instalments.all()] == [Decimal("60000.00"), Decimal("40000.00")]
    data.debt.instalments[0].amount = Decimal("1")
    with pytest.raises(ServiceError) as exc:
        case_register(organisation=org, data=data, actor=creditor_a)
    assert "debt.instalments" in exc.value.errors


def test_guarantor_is_a_debtor_in_guarantor_role(creditor_a):
    data = case_input()
    data.debt.guarantors = [
        GuarantorIn(debtor=DebtorIn(kind="person", name="李娜", id_number="11010519491231002X"), kind="joint")
    ]
    case = case_register(organisation=org_of(creditor_a), data=data, actor=creditor_a)
    guarantee = case.debt.guarantees.get()
    assert guarantee.guarantor.name == "李娜" and guarantee.kind == "joint"


def test_cannot_use_another_organisations_debtor(creditor_a, creditor_b, make_case):
    other = make_case(creditor_b)
    data = CaseCreateIn(
        debtor_id=other.debt.debtor_id,
        debt=DebtIn(
            debt_type="rent",
            principal=Decimal("10"),
            contract_date=date(2024, 1, 1),
            due_date=date(2024, 2, 1),
        ),
    )
    with pytest.raises(ServiceError) as exc:
        case_register(organisation=org_of(creditor_a), data=data, actor=creditor_a)
    assert "debtor_id" in exc.value.errors


def test_transition_along_the_pipeline_records_events(case_a, creditor_a):
    case_transition(case=case_a, to=CaseStatus.ASSESSING, actor=creditor_a)
    case = case_transition(case=case_a, to=CaseStatus.PAYMENT_ORDER, actor=creditor_a, reason="欠款明确")
    assert case.status == CaseStatus.PAYMENT_ORDER
    events = list(case.events.filter(kind=EventKind.STATUS_CHANGED).order_by("pk"))
    assert [(e.data["from"], e.data["to"]) for e in events] == [
        ("registered", "assessing"),
        ("assessing", "payment_order"),
    ]
    assert events[1].data["reason"] == "欠款明确"


def test_invalid_transition_refused_and_nothing_written(case_a, creditor_a):
    before = case_a.events.count()
    with pytest.raises(ServiceError) as exc:
        case_transition(case=case_a, to=CaseStatus.ENFORCEMENT, actor=creditor_a)
    assert exc.value.field == "to"
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.REGISTERED and case_a.events.count() == before


def test_pause_returns_only_to_previous_status(case_a, creditor_a):
    case_transition(case=case_a, to=CaseStatus.NEGOTIATING, actor=creditor_a)
    case = case_transition(case=case_a, to=CaseStatus.PAUSED, actor=creditor_a, reason="dispute")
    assert case.paused_from == CaseStatus.NEGOTIATING
    with pytest.raises(ServiceError):
        case_transition(case=case, to=CaseStatus.LITIGATION, actor=creditor_a)
    case = case_transition(case=case, to=CaseStatus.NEGOTIATING, actor=creditor_a)
    assert case.status == CaseStatus.NEGOTIATING and case.paused_from == ""


def test_terminal_states_are_final(case_a, creditor_a):
    case = case_transition(case=case_a, to=CaseStatus.WITHDRAWN, actor=creditor_a)
    for status in CaseStatus:
        with pytest.raises(ServiceError):
            case_transition(case=case, to=status, actor=creditor_a)


def test_timeline_is_append_only(case_a):
    event = case_a.events.get()
    event.data = {"tampered": True}
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_dispute_pauses_and_resolving_records_event(case_a, creditor_a):
    from huikuan.cases.services import dispute_open, dispute_resolve

    case_transition(case=case_a, to=CaseStatus.NEGOTIATING, actor=creditor_a)
    dispute = dispute_open(case=case_a, actor=creditor_a, reason="货物质量有问题")
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.PAUSED and case_a.paused_from == CaseStatus.NEGOTIATING
    kinds = list(case_a.events.order_by("pk").values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.DISPUTE_OPENED, EventKind.STATUS_CHANGED]
    dispute_resolve(dispute=dispute, actor=creditor_a, resolution="已退换货")
    with pytest.raises(ServiceError):
        dispute_resolve(dispute=dispute, actor=creditor_a, resolution="again")
    assert case_a.events.filter(kind=EventKind.DISPUTE_RESOLVED).count() == 1


def test_dispute_needs_a_reason(case_a, creditor_a):
    from huikuan.cases.services import dispute_open

    with pytest.raises(ServiceError) as exc:
        dispute_open(case=case_a, actor=creditor_a, reason="  ")
    assert exc.value.field == "reason" and not case_a.disputes.exists()
