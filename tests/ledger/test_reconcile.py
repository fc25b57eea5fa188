"""Bank statement import: the two built-in layouts, a custom mapping, per-row verdicts, matching
and confirmation into payments."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.translation import override

from huikuan.cases.choices import EventKind
from huikuan.cases.models import Case
from huikuan.core.errors import ServiceError
from huikuan.ledger import services
from huikuan.ledger.models import MatchProposal, Payment, StatementImport, StatementRow
from huikuan.ledger.reconcile import name_similarity, parse_statement
from tests.conftest import org_of

FIXTURES = Path(__file__).parent / "fixtures"
REF = "HK1A2B3C4D"
M = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def case_ref(case_a):
    Case.objects.filter(pk=case_a.pk).update(reference=REF)
    case_a.refresh_from_db()
    return case_a


def _import(user, name, layout, mapping=None, content=None):
    return services.statement_import(
        organisation=org_of(user),
        actor=user,
        filename=name,
        content=content if content is not None else (FIXTURES / name).read_bytes(),
        layout=layout,
        mapping=mapping,
    )


def _rows(statement):
    return {r.row_number: r for r in statement.rows.all()}


def test_icbc_layout_gb18030_rows_accepted_rejected_and_why(creditor_a, case_ref):
    st = _import(creditor_a, "icbc_statement.csv", "icbc")
    assert (st.accepted, st.rejected, st.skipped) == (3, 3, 2)
    rows = _rows(st)
    assert rows[5].status == "accepted" and rows[5].amount == M("5000.00") and rows[5].date == dt.date(2025, 6, 2)
    assert rows[5].memo == f"转账 货款 {REF}" and rows[5].reference == "HD2025060200123"
    assert rows[6].status == "skipped"  # electricity paid out
    assert rows[8].errors == ["The amount is not a number."]
    assert rows[9].errors == ["The date is missing or not a date (e.g. 2025-06-01)."]
    assert rows[10].errors == ["A credit cannot be negative."]
    assert rows[12].status == "skipped"  # the 合计 line
    # Rejected rows are recorded with their reasons and nothing else.
    assert not MatchProposal.objects.filter(row__status="rejected").exists()

    (by_ref,) = rows[5].proposals.all()
    assert by_ref.case_id == case_ref.pk and by_ref.confidence == M("0.960")
    assert any("reference" in r for r in by_ref.reasons)
    (by_name,) = rows[7].proposals.all()
    assert by_name.case_id == case_ref.pk and by_name.confidence == M("0.600")
    assert not rows[11].proposals.exists()


def test_confirmed_match_becomes_a_payment(creditor_a, case_ref):
    st = _import(creditor_a, "icbc_statement.csv", "icbc")
    proposal = _rows(st)[5].proposals.get()
    with override("en"):
        payment = services.proposal_confirm(proposal=proposal, actor=creditor_a)
    assert payment.amount == M("5000.00") and payment.date == dt.date(2025, 6, 2)
    assert payment.payer == "金华市宏远建材有限公司" and payment.reference == "HD2025060200123"
    assert "row 5" in payment.receipt_ref
    assert payment.allocations.exists()
    ev = case_ref.events.get(kind=EventKind.PAYMENT_RECORDED)
    assert ev.data == {**ev.data, "date": "2025-06-02", "amount": "5000.00"}
    proposal.refresh_from_db()
    assert proposal.status == "confirmed"
    with pytest.raises(ServiceError):
        services.proposal_confirm(proposal=proposal, actor=creditor_a)
    assert Payment.objects.count() == 1


def test_same_lines_imported_twice_are_rejected(creditor_a, case_ref):
    _import(creditor_a, "icbc_statement.csv", "icbc")
    again = _import(creditor_a, "icbc_statement.csv", "icbc")
    assert again.accepted == 0 and again.rejected == 6
    dupes = [r for r in again.rows.all() if r.errors == ["This bank line was already imported."]]
    assert [r.row_number for r in dupes] == [5, 7, 11]


def test_generic_xlsx_layout(creditor_a, case_ref):
    st = _import(creditor_a, "generic_statement.xlsx", "generic")
    rows = _rows(st)
    assert (st.accepted, st.rejected, st.skipped) == (2, 1, 1)
    assert rows[4].amount == M("5000.00") and rows[4].date == dt.date(2025, 6, 2)
    assert rows[6].amount == M("8800.00") and rows[6].date == dt.date(2025, 6, 9)
    assert rows[7].status == "rejected"
    assert rows[4].proposals.get().confidence > rows[6].proposals.get().confidence


def test_custom_mapping(creditor_a, case_ref):
    text = (
        f"记账日期,金额,付款人,用途\n2025-07-01,1200.00,金华市宏远建材有限公司,{REF} 7月\n2025-07-02,-50,银行,手续费\n"
    )
    st = _import(
        creditor_a,
        "erp.csv",
        "custom",
        mapping={"date": "记账日期", "amount": "金额", "payer": "付款人", "memo": ["用途"]},
        content=text.encode(),
    )
    assert (st.accepted, st.rejected, st.skipped) == (1, 0, 1)
    with pytest.raises(ServiceError) as exc:
        _import(creditor_a, "erp.csv", "custom", mapping={"payer": "付款人"}, content=text.encode())
    assert exc.value.field == "mapping"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("statement.pdf", b"%PDF-1.4"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip"),
        ("no_header.csv", "日期,金额\n2025-01-01,1\n".encode()),
    ],
)
def test_unreadable_file_is_refused_whole(creditor_a, case_ref, name, content):
    with override("en"), pytest.raises(ServiceError) as exc:
        _import(creditor_a, name, "generic", content=content)
    assert exc.value.field == "file"
    assert StatementImport.objects.count() == 0 and StatementRow.objects.count() == 0


def test_other_organisations_debts_are_never_proposed(creditor_a, creditor_b, case_ref):
    st = _import(creditor_b, "icbc_statement.csv", "icbc")
    assert st.accepted == 3
    assert not MatchProposal.objects.filter(row__statement=st).exists()


def test_name_similarity():
    assert name_similarity("金华市宏远建材有限公司", "金华宏远建材") == 1.0
    assert name_similarity("宏远建材", "金华市宏远建材有限公司") == 0.9
    assert name_similarity("义乌市佳禾针织有限公司", "金华市宏远建材有限公司") < 0.5


def test_parse_reports_each_row():
    rows = parse_statement("icbc_statement.csv", (FIXTURES / "icbc_statement.csv").read_bytes(), layout="icbc")
    assert [r.row_number for r in rows] == [5, 6, 7, 8, 9, 10, 11, 12]
    assert len({r.fingerprint for r in rows if r.status == "accepted"}) == 3
