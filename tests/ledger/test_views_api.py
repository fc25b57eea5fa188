"""Pages and API over the same services."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import override

from huikuan.accounts.services import api_token_create
from huikuan.cases.models import Case
from huikuan.ledger.models import Payment
from tests.conftest import org_of

FIXTURES = Path(__file__).parent / "fixtures"
M = Decimal
pytestmark = pytest.mark.django_db


def _en(client):
    client.cookies["django_language"] = "en"


def test_case_panel_shows_balance_and_light(client, creditor_a, case_a):
    client.force_login(creditor_a)
    html = client.get(reverse("ledger:case_panel", args=[case_a.pk])).content.decode()
    assert 'data-testid="ledger-balance"' in html and "¥12" in html
    assert 'data-light="' in html
    assert reverse("ledger:payment_new", args=[case_a.pk]) in html


def test_payment_form_errors_beside_the_field_then_success(client, creditor_a, case_a):
    client.force_login(creditor_a)
    _en(client)
    url = reverse("ledger:payment_new", args=[case_a.pk])
    bad = client.post(url, {"date": "2023-01-01", "amount": "-5", "payer": "x", "method": "cash"})
    html = bad.content.decode()
    assert bad.status_code == 200 and 'data-field="date"' in html and "before the contract date" in html
    assert Payment.objects.count() == 0
    ok = client.post(url, {"date": "2025-06-01", "amount": "5,000.00", "payer": "宏远建材", "method": "cash"})
    assert ok.status_code == 302 and ok["Location"] == reverse("ledger:statement", args=[case_a.pk])
    page = client.get(ok["Location"] + "?as_of=2025-06-01").content.decode()
    assert "art. 561" in page and "5,000.00" in page


def test_statement_limitation_eligibility_pages(client, creditor_a, make_case):
    case = make_case(
        creditor_a,
        debt_type="private_loan",
        principal=M("100000"),
        contract_date=dt.date(2024, 8, 1),
        due_date=dt.date(2025, 8, 1),
        interest_rate=M("24"),
    )
    client.force_login(creditor_a)
    _en(client)
    st = client.get(reverse("ledger:statement", args=[case.pk]) + "?as_of=2025-08-01").content.decode()
    assert "10,600.00" in st and "13.40" in st
    lim = client.get(reverse("ledger:limitation", args=[case.pk])).content.decode()
    assert 'data-testid="limitation-chain"' in lim and "art. 188" in lim
    el = client.get(reverse("ledger:eligibility", args=[case.pk])).content.decode()
    assert "CPL art. 225" in el


def test_fact_form_records_filing(client, creditor_a, case_a):
    client.force_login(creditor_a)
    url = reverse("ledger:fact_new", args=[case_a.pk])
    r = client.post(url, {"fact": "filing", "date": "2025-02-03", "filing": "payment_order", "note": ""})
    assert r.status_code == 302
    assert case_a.events.filter(kind="filing_recorded", data__filing="payment_order").exists()
    r = client.post(url, {"fact": "judgment", "date": "2025-02-03", "note": ""})
    assert r.status_code == 200 and 'data-field="performance_date"' in r.content.decode()


def test_import_page_and_confirm(client, creditor_a, case_a):
    Case.objects.filter(pk=case_a.pk).update(reference="HK1A2B3C4D")
    client.force_login(creditor_a)
    upload = SimpleUploadedFile("icbc_statement.csv", (FIXTURES / "icbc_statement.csv").read_bytes())
    r = client.post(reverse("ledger:imports"), {"file": upload, "layout": "icbc", "mapping": ""})
    assert r.status_code == 302
    detail = client.get(r["Location"])
    proposal = detail.context["rows"][0].proposals.first()
    r = client.post(reverse("ledger:proposal_confirm", args=[proposal.pk]))
    assert r.status_code == 302 and Payment.objects.get().amount == M("5000.00")


def test_api_payment_statement_and_422(client, creditor_a, case_a):
    key = api_token_create(organisation=org_of(creditor_a), name="erp", actor=creditor_a).key
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    url = reverse("api-1:ledger_payment_create", kwargs={"case_id": case_a.pk})
    with override("en"):
        bad = client.post(
            url,
            json.dumps({"date": "2025-06-01", "amount": "-1", "payer": "x"}),
            content_type="application/json",
            **auth,
        )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "amount"]
    ok = client.post(
        url,
        json.dumps({"date": "2025-06-01", "amount": "10000", "payer": "宏远", "receipt_ref": "EV-12"}),
        content_type="application/json",
        **auth,
    )
    assert ok.status_code == 201
    body = ok.json()
    assert sum(M(a["amount"]) for a in body["allocations"]) == M("10000")
    st = client.get(
        reverse("api-1:ledger_statement", kwargs={"case_id": case_a.pk}) + "?as_of=2025-06-01", **auth
    ).json()
    assert M(st["balance"]) == M(st["principal"]["due"]) + M(st["interest"]["due"]) + M(st["costs"]["due"])
    assert M(st["payments_total"]) == M("10000")
    lim = client.get(reverse("api-1:ledger_limitation", kwargs={"case_id": case_a.pk}), **auth).json()
    assert lim["limitation"]["chain"][-1]["what"].startswith("partial_payment")
    alloc = client.get(
        reverse("api-1:ledger_allocations", kwargs={"case_id": case_a.pk}), HTTP_ACCEPT_LANGUAGE="en", **auth
    ).json()
    assert "art. 561" in alloc[0]["lines"][0]["explanation"]


def test_api_import_upload(client, creditor_a, case_a):
    key = api_token_create(organisation=org_of(creditor_a), name="erp", actor=creditor_a).key
    r = client.post(
        reverse("api-1:ledger_import_create"),
        {"file": SimpleUploadedFile("s.xlsx", (FIXTURES / "generic_statement.xlsx").read_bytes()), "layout": "generic"},
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["accepted"], body["rejected"], body["skipped"]) == (2, 1, 1)
    assert [row["status"] for row in body["rows"]] == ["accepted", "skipped", "accepted", "rejected"]
    bad = client.post(
        reverse("api-1:ledger_import_create"),
        {"file": SimpleUploadedFile("s.pdf", b"%PDF"), "layout": "generic"},
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "file"]


def test_lpr_admin_adds_rows_and_refuses_a_duplicate_date(client, staff):
    client.force_login(staff)
    _en(client)
    url = reverse("admin:ledger_lprrate_add")
    dup = client.post(url, {"effective": "2025-05-20", "one_year": "2.90", "five_year": "3.40", "source": "x"})
    assert dup.status_code == 200 and "already in the table" in dup.content.decode()
    ok = client.post(url, {"effective": "2026-03-20", "one_year": "2.90", "five_year": "3.40", "source": "NIFC"})
    assert ok.status_code == 302
    from huikuan.ledger.statement import lpr_table

    assert lpr_table().rate_on(dt.date(2026, 4, 1)).one_year == M("2.900")
