import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from huikuan.evidence.log import log_sequence, verifier_key
from tests.evidence.conftest import pdf_bytes
from tests.ocr import ocr_contains, ocr_page


@pytest.fixture
def certificate(client, creditor_a, case_a, upload):
    item, _ = upload(case_a, pdf_bytes("certificate"), name="还款承诺书.pdf", custodian="财务部")
    log_sequence()
    item.log_entry.refresh_from_db()
    client.force_login(creditor_a)
    response = client.get(reverse("api-1:evidence_certificate", kwargs={"item_id": item.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return item, response.content


def test_certificate_text_layer_holds_the_facts(certificate):
    item, pdf = certificate
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = "".join(text.split())
    assert item.sha256 in flat
    assert "".join(verifier_key().split()) in flat
    assert "电子证据存证证书" in flat and "EvidenceCertificate" in flat
    assert f"{item.log_entry.log_index}" in flat


def test_certificate_has_a_qr_code_image(certificate):
    _, pdf = certificate
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) >= 1


def test_certificate_chinese_glyphs_read_back(certificate):
    _, pdf = certificate
    text = ocr_page(pdf)
    for phrase in (
        "电子证据存证证书",
        "本证书证明下列电子数据已于所载时间记入可公开验证的透明日志",
        "原始文件名",
        "接收时间",
    ):
        assert ocr_contains(text, phrase), (phrase, text[:800])
