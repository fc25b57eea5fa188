"""Every template for every debt type: DOCX and PDF carry the parties, identifiers, every amount in
figures and capitals, and the court; page 1 OCRs to the title and the creditor's name."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from huikuan.core.law.money import amount_in_capitals
from huikuan.documents.services import document_generate
from huikuan.ledger.selectors import case_statement
from tests.ocr import ocr_contains, ocr_page

from .conftest import COURT_KEYS, CREDITOR_USCC, DEBT_TYPES, FIRM_USCC, KEYS, TODAY

CJK = re.compile(r"[\u4e00-\u9fff]")


def squash(text: str) -> str:
    return "".join(text.split())


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def expected_strings(case, key) -> list[str]:
    st = case_statement(case=case, as_of=TODAY)
    strings = [case.organisation.name, CREDITOR_USCC, case.debt.debtor.name, case.debt.debtor.id_number]
    for amount in (st.principal.due, st.interest.due, st.costs.due, st.balance):
        strings += [f"{amount:,.2f}", amount_in_capitals(amount)]
    if key in COURT_KEYS:
        strings.append("义乌市人民法院")
    if key == "lawyer_letter":
        strings += ["浙江金义律师事务所", FIRM_USCC]
    return strings


@pytest.mark.django_db
@pytest.mark.parametrize("debt_type", DEBT_TYPES)
@pytest.mark.parametrize("key", KEYS)
def test_template_renders_every_figure_in_docx_and_pdf(make_documented_case, law_firm, creditor, key, debt_type):
    case = make_documented_case(debt_type)
    issuer = law_firm if key == "lawyer_letter" else None
    doc = document_generate(case=case, key=key, actor=creditor, issuer=issuer, as_of=TODAY)
    st = case_statement(case=case, as_of=TODAY)
    assert st.costs.due > 0 and st.interest.due > 0  # every amount line is really exercised
    docx, pdf = squash(docx_text(bytes(doc.docx))), squash(pdf_text(bytes(doc.pdf)))
    for needle in expected_strings(case, key):
        assert squash(needle) in docx, (key, debt_type, "docx", needle)
        assert squash(needle) in pdf, (key, debt_type, "pdf", needle)
    assert doc.title in pdf and doc.title in docx


@pytest.mark.django_db
@pytest.mark.parametrize("key", KEYS)
def test_page_one_glyphs_read_back_by_ocr(make_documented_case, law_firm, creditor, key):
    case = make_documented_case("goods")
    doc = document_generate(
        case=case, key=key, actor=creditor, issuer=law_firm if key == "lawyer_letter" else None, as_of=TODAY
    )
    text = ocr_page(bytes(doc.pdf))
    # Tesseract slips on 函 (催款函, 律师函): in a three-character title two must read back exactly;
    # wrong glyphs read back as garbage in every string below, not as one slipped character.
    assert ocr_contains(text, doc.title, threshold=0.6 if len(doc.title) <= 3 else 0.8), (key, text[:400])
    assert ocr_contains(text, case.organisation.name), (key, text[:400])
    assert ocr_contains(text, case.debt.debtor.name), (key, text[:400])


@pytest.mark.django_db
def test_pdf_is_a4_with_page_numbers_and_embedded_cjk_fonts(make_documented_case, creditor):
    doc = document_generate(case=make_documented_case(), key="civil_complaint", actor=creditor, as_of=TODAY)
    reader = PdfReader(io.BytesIO(bytes(doc.pdf)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    pages = len(reader.pages)
    assert f"1/{pages}" in squash(reader.pages[0].extract_text())
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Noto-Serif-CJK-SC" in f for f in fonts), fonts


@pytest.mark.django_db
def test_docx_runs_carry_east_asian_fonts_and_a4(make_documented_case, creditor):
    doc = document_generate(case=make_documented_case(), key="payment_order", actor=creditor, as_of=TODAY)
    word = Document(io.BytesIO(bytes(doc.docx)))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    runs = [r for p in word.paragraphs for r in p.runs]
    runs += [r for t in word.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    cjk_runs = [r for r in runs if CJK.search(r.text)]
    assert cjk_runs
    faces = set()
    for run in cjk_runs:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        faces.add(fonts.get(qn("w:eastAsia")))
    assert faces <= {"宋体", "仿宋"} and "仿宋" in faces and "宋体" in faces  # title 宋体, body 仿宋
    assert word.paragraphs[0].text == "支付令申请书" and word.paragraphs[0].runs[0].bold
    assert "PAGE" in section.footer._element.xml  # page numbers


@pytest.mark.django_db
def test_court_of_the_debtors_domicile(make_documented_case, creditor):
    wucheng = make_documented_case(region="330702")
    assert "金华市婺城区人民法院" in document_generate(case=wucheng, key="payment_order", actor=creditor).html
    elsewhere = make_documented_case(region="110101", kind="person")
    html = document_generate(case=elsewhere, key="payment_order", actor=creditor).html
    assert "债务人住所地基层人民法院（待确认）" in html
    assert "王建国，公民身份号码：330702199003074258" in html  # a person's full ID in a court filing
