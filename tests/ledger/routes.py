"""This app's rows of the permission matrix (collected by tests/permissions.py)."""

from tests.permissions import CREATED, NOT_FOUND, REDIRECT, REFUSED, api, page

CASE = {"kwargs": lambda o: {"case_id": o["case"].pk}}
OWN_CASE_PAGE = {"b": NOT_FOUND, "provider": NOT_FOUND, **CASE}
OWN_CASE_POST = {"method": "post", "a": REDIRECT, "b": NOT_FOUND, "provider": NOT_FOUND, "staff": REDIRECT, **CASE}
OWN_CASE_API = {"b": NOT_FOUND, "provider": NOT_FOUND, **CASE}
OWN_CASE_API_POST = {"method": "post", "a": CREATED, "b": NOT_FOUND, "provider": NOT_FOUND, "staff": CREATED, **CASE}
# Imports belong to a creditor organisation: staff without a membership use the back office.
OWN_IMPORT = {"b": NOT_FOUND, "provider": NOT_FOUND, "staff": NOT_FOUND}
PROPOSAL = {"kwargs": lambda o: {"pk": o["ledger_proposal"].pk}}
API_PROPOSAL = {"kwargs": lambda o: {"proposal_id": o["ledger_proposal"].pk}}
# Creditor A's debtor (the world's case) and a payment that covered its debts.
DEBTOR = {"kwargs": lambda o: {"debtor_id": o["case"].debt.debtor_id}}
OWN_DEBTOR_PAGE = {"b": NOT_FOUND, "provider": NOT_FOUND, **DEBTOR}
OWN_DEBTOR_API_POST = {
    "method": "post",
    "a": CREATED,
    "b": NOT_FOUND,
    "provider": NOT_FOUND,
    "staff": CREATED,
    **DEBTOR,
}
DEBTOR_PAYMENT = {"b": NOT_FOUND, "provider": NOT_FOUND, "kwargs": lambda o: {"pk": o["ledger_debtor_payment"].pk}}
API_DEBTOR_PAYMENT = {
    "b": NOT_FOUND,
    "provider": NOT_FOUND,
    "kwargs": lambda o: {"debtor_payment_id": o["ledger_debtor_payment"].pk},
}


def _payment(o):
    return {"date": "2025-06-01", "amount": "100.00", "payer": "宏远建材", "method": "bank_transfer"}


ROUTES = [
    page("ledger:case_panel", **OWN_CASE_PAGE),
    page("ledger:statement", **OWN_CASE_PAGE),
    page("ledger:limitation", **OWN_CASE_PAGE),
    page("ledger:eligibility", **OWN_CASE_PAGE),
    page("ledger:payment_new", **OWN_CASE_PAGE),
    page("ledger:charge_new", **OWN_CASE_PAGE),
    page("ledger:write_off_new", **OWN_CASE_PAGE),
    page("ledger:fact_new", **OWN_CASE_PAGE),
    page(
        "ledger:reverse",
        payload=lambda o: {"entry_type": "charge", "entry_id": o["ledger_charge"].pk, "reason": "录错"},
        **OWN_CASE_POST,
    ),
    page("ledger:debtor_payment_new", **OWN_DEBTOR_PAGE),
    page("ledger:debtor_payment_detail", **DEBTOR_PAYMENT),
    page("ledger:alerts"),
    page("ledger:imports", provider=NOT_FOUND, staff=NOT_FOUND),
    page("ledger:import_detail", kwargs=lambda o: {"pk": o["ledger_import"].pk}, **OWN_IMPORT),
    page("ledger:proposal_confirm", method="post", a=REDIRECT, **OWN_IMPORT, **PROPOSAL),
    page("ledger:proposal_reject", method="post", a=REDIRECT, **OWN_IMPORT, **PROPOSAL),
    api("api-1:ledger_statement", **OWN_CASE_API),
    api("api-1:ledger_interest", **OWN_CASE_API),
    api("api-1:ledger_allocations", **OWN_CASE_API),
    api("api-1:ledger_limitation", **OWN_CASE_API),
    api("api-1:ledger_eligibility", **OWN_CASE_API),
    api("api-1:ledger_payment_create", payload=_payment, **OWN_CASE_API_POST),
    api(
        "api-1:ledger_charge_create",
        payload=lambda o: {"kind": "lawyer_fee", "date": "2025-06-01", "amount": "3000"},
        **OWN_CASE_API_POST,
    ),
    api(
        "api-1:ledger_write_off_create",
        payload=lambda o: {"component": "principal", "date": "2025-06-01", "amount": "100", "reason": "和解让步"},
        **OWN_CASE_API_POST,
    ),
    api(
        "api-1:ledger_reversal_create",
        payload=lambda o: {"entry_type": "charge", "entry_id": o["ledger_charge"].pk, "reason": "录错"},
        **OWN_CASE_API_POST,
    ),
    api("api-1:ledger_acknowledgement", payload=lambda o: {"date": "2025-02-01"}, **OWN_CASE_API_POST),
    api("api-1:ledger_repayment_plan", payload=lambda o: {"date": "2025-02-01"}, **OWN_CASE_API_POST),
    api("api-1:ledger_filing", payload=lambda o: {"date": "2025-02-01", "filing": "suit"}, **OWN_CASE_API_POST),
    api(
        "api-1:ledger_judgment",
        payload=lambda o: {"date": "2025-08-01", "performance_date": "2025-08-20"},
        **OWN_CASE_API_POST,
    ),
    api("api-1:ledger_debtor_payment_create", payload=_payment, **OWN_DEBTOR_API_POST),
    api("api-1:ledger_debtor_payment_detail", **API_DEBTOR_PAYMENT),
    api("api-1:ledger_alerts"),
    # The matrix posts JSON; an import is a multipart upload, so every signed-in caller gets 422
    # (tests/ledger/test_api.py uploads real files).
    api("api-1:ledger_import_create", method="post", a=REFUSED, b=REFUSED, provider=REFUSED, staff=REFUSED),
    api("api-1:ledger_import_detail", kwargs=lambda o: {"import_id": o["ledger_import"].pk}, **OWN_IMPORT),
    api("api-1:ledger_proposal_confirm", method="post", a=CREATED, **OWN_IMPORT, **API_PROPOSAL),
    api("api-1:ledger_proposal_reject", method="post", **OWN_IMPORT, **API_PROPOSAL),
]


def setup(world: dict) -> None:
    """A charge to reverse, an imported bank line proposed for creditor A's case and a payment
    covering the debtor's debts (dated before the charge, so reversing the charge stays allowed)."""
    import datetime as dt
    from decimal import Decimal

    from huikuan.ledger.choices import ImportStatus, Layout
    from huikuan.ledger.models import MatchProposal, StatementImport, StatementRow
    from huikuan.ledger.services import charge_record, debtor_payment_record

    case = world["case"]
    creditor = world["users"]["creditor_a"]
    world["ledger_charge"] = charge_record(
        case=case, actor=creditor, kind="court_fee", date=dt.date(2025, 3, 1), amount="1500"
    )
    statement = StatementImport.objects.create(
        organisation=case.organisation, filename="工行流水.csv", layout=Layout.GENERIC
    )
    row = StatementRow.objects.create(
        statement=statement,
        row_number=2,
        status=ImportStatus.ACCEPTED,
        date=dt.date(2025, 6, 2),
        amount=Decimal("2000.00"),
        payer="金华市宏远建材有限公司",
        memo=f"货款 {case.reference}",
        fingerprint="f" * 64,
    )
    world["ledger_debtor_payment"] = debtor_payment_record(
        organisation=case.organisation,
        debtor=case.debt.debtor,
        actor=creditor,
        date=dt.date(2025, 2, 1),
        amount="500",
        payer="金华市宏远建材有限公司",
    )
    world["ledger_import"] = statement
    world["ledger_proposal"] = MatchProposal.objects.create(
        row=row, case=case, confidence=Decimal("0.960"), reasons=["reference in the memo"]
    )
