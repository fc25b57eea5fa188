"""Who may issue what, the timeline event and evidence item, versions, staff-edited templates."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn

from huikuan.accounts.choices import OrgKind
from huikuan.accounts.models import Organisation
from huikuan.cases.choices import EventKind
from huikuan.core.errors import ServiceError
from huikuan.core.law.money import amount_in_capitals
from huikuan.documents.models import DocumentTemplate, GeneratedDocument
from huikuan.documents.seeds import shipped_templates
from huikuan.documents.selectors import template_list
from huikuan.documents.services import document_generate, template_restore
from huikuan.evidence.log import log_sequence
from huikuan.evidence.models import EvidenceItem, LogEntry
from huikuan.ledger.selectors import case_statement

from .conftest import FIRM_USCC, KEYS, TODAY, uscc


@pytest.mark.django_db
def test_every_shipped_template_is_in_the_database():
    seeded = {t.key: t for t in template_list()}
    assert set(seeded) == set(KEYS) == set(shipped_templates())
    assert seeded["payment_order"].title == "支付令申请书" and "{{ court.name }}" in seeded["payment_order"].html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "issuer_kind,issuer_uscc",
    [
        ("creditor", None),  # the creditor itself
        (OrgKind.PROVIDER, uscc("32330000MD0123456")),  # a notary office
        (OrgKind.PROVIDER, ""),  # a provider without a code
        (OrgKind.CREDITOR, FIRM_USCC),  # a law-firm code on a creditor organisation
    ],
)
def test_only_a_law_firm_issues_a_lawyers_letter(make_documented_case, creditor, issuer_kind, issuer_uscc):
    case = make_documented_case()
    issuer = None
    if issuer_kind != "creditor":
        issuer = Organisation.objects.create(name="某机构", kind=issuer_kind, uscc=issuer_uscc)
    with translation.override("en"), pytest.raises(ServiceError) as err:
        document_generate(case=case, key="lawyer_letter", actor=creditor, issuer=issuer)
    assert "Only a law firm can issue a lawyer's letter" in err.value.message
    assert not GeneratedDocument.objects.exists()
    assert not case.events.filter(kind=EventKind.DOCUMENT_GENERATED).exists()


@pytest.mark.django_db
def test_a_law_firm_issues_it_in_its_own_name(make_documented_case, creditor, law_firm):
    doc = document_generate(case=make_documented_case(), key="lawyer_letter", actor=creditor, issuer=law_firm)
    assert doc.issuer == law_firm
    assert "浙江金义律师事务所" in doc.html and "受" in doc.html


@pytest.mark.django_db
def test_generated_document_is_an_evidence_item_and_a_logged_timeline_event(make_documented_case, creditor):
    case = make_documented_case()
    doc = document_generate(case=case, key="demand_letter", actor=creditor, as_of=TODAY)
    pdf = bytes(doc.pdf)
    assert pdf.startswith(b"%PDF") and doc.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert doc.docx_sha256 == hashlib.sha256(bytes(doc.docx)).hexdigest()
    item = EvidenceItem.objects.get(pk=doc.evidence_item_id)
    assert item.case == case and item.sha256 == doc.pdf_sha256 and item.capture_method == "generated_document"
    event = case.events.get(kind=EventKind.DOCUMENT_GENERATED)
    assert event.data["document"] == doc.pk and event.data["pdf_sha256"] == doc.pdf_sha256
    assert event.data["evidence_item"] == item.pk and event.data["version"] == 1
    # Both the event and the file are queued into the transparency log, then integrated.
    assert LogEntry.objects.filter(event=event).exists()
    log_sequence()
    item.refresh_from_db()
    assert item.log_entry.log_index is not None
    assert LogEntry.objects.get(event=event).log_index is not None


@pytest.mark.django_db
def test_evidence_list_carries_log_indexes(make_documented_case, creditor):
    from huikuan.evidence.services import evidence_add

    case = make_documented_case()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    item, _ = evidence_add(case=case, actor=creditor, stream=io.BytesIO(png), name="送货单.png")
    log_sequence()
    item.refresh_from_db()
    doc = document_generate(case=case, key="civil_complaint", actor=creditor, as_of=TODAY)
    assert "送货单.png" in doc.html and item.sha256 in doc.html
    assert f"<td>{item.log_entry.log_index}</td>" in doc.html


@pytest.mark.django_db
def test_versions_count_per_case_and_kind(make_documented_case, creditor):
    case = make_documented_case()
    first = document_generate(case=case, key="demand_letter", actor=creditor)
    second = document_generate(case=case, key="demand_letter", actor=creditor, fields={"deadline_days": "3"})
    other = document_generate(case=case, key="settlement", actor=creditor)
    assert (first.number, second.number, other.number) == (1, 2, 1)
    assert "收到本函之日起3日内" in second.html and "收到本函之日起7日内" in first.html


@pytest.mark.django_db
def test_edited_fields_are_validated(make_documented_case, creditor):
    case = make_documented_case()
    with translation.override("en"):
        with pytest.raises(ServiceError) as err:
            document_generate(case=case, key="demand_letter", actor=creditor, fields={"nonsense": "x"})
        assert err.value.field == "fields.nonsense"
        with pytest.raises(ServiceError):
            document_generate(case=case, key="demand_letter", actor=creditor, fields={"extra": "x" * 5001})
        with pytest.raises(ServiceError):
            document_generate(case=case, key="no_such_document", actor=creditor)


@pytest.mark.django_db
def test_staff_edit_a_template_without_code_and_old_versions_keep_their_text(make_documented_case, creditor):
    case = make_documented_case()
    before = document_generate(case=case, key="demand_letter", actor=creditor)
    template = DocumentTemplate.objects.get(key="demand_letter")
    template.html = template.html.replace("<h1>催款函</h1>", "<h1>催款函</h1><p>特别提示：本函为第二次催告。</p>")
    template.version += 1
    template.save()
    after = document_generate(case=case, key="demand_letter", actor=creditor)
    assert "第二次催告" in after.html and "第二次催告" not in before.html
    assert (before.template_version, after.template_version) == (1, 2)
    template_restore(template=template)
    assert "第二次催告" not in DocumentTemplate.objects.get(key="demand_letter").html


@pytest.mark.django_db
def test_a_broken_template_is_a_clear_error_not_a_crash(make_documented_case, creditor):
    DocumentTemplate.objects.filter(key="settlement").update(html="{% if %}")
    with translation.override("en"), pytest.raises(ServiceError) as err:
        document_generate(case=make_documented_case(), key="settlement", actor=creditor)
    assert "template has an error" in err.value.message


@pytest.mark.django_db
def test_a_staff_word_template_replaces_the_generated_docx(make_documented_case, creditor):
    word = Document()
    word.add_paragraph("和解协议（Word 模板）")
    word.add_paragraph("债务人：{{ debtor.name }}，合计{{ claim.total.fig }}元（{{ claim.total.cap }}）")
    buf = io.BytesIO()
    word.save(buf)
    DocumentTemplate.objects.filter(key="settlement").update(docx_template=buf.getvalue())
    case = make_documented_case()
    doc = document_generate(case=case, key="settlement", actor=creditor, as_of=TODAY)
    out = Document(io.BytesIO(bytes(doc.docx)))
    text = "\n".join(p.text for p in out.paragraphs)
    total = case_statement(case=case, as_of=TODAY).balance
    assert "Word 模板" in text and "义乌市恒信小商品有限公司" in text
    assert f"{total:,.2f}" in text and amount_in_capitals(total) in text
    for p in out.paragraphs:
        for run in p.runs:
            assert run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    assert bytes(doc.pdf).startswith(b"%PDF")  # the PDF still comes from the HTML template
