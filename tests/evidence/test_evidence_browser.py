"""In Chromium: upload on the case page (htmx panel), then download the bundle and verify it offline."""

import zipfile

import pytest

from huikuan.evidence.log import log_sequence, verifier_key
from huikuan.evidence.models import EvidenceItem
from huikuan.tlog.verify_cli import main as verify_main
from tests.e2e.test_register_debt import sign_in
from tests.evidence.conftest import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_on_the_case_page_and_verify_the_download(page, creditor_a, case_a, tmp_path):
    sign_in(page, creditor_a.email)
    page.goto(f"{page.base}/cases/{case_a.pk}/")
    panel = page.locator("#evidence-panel")
    assert verifier_key() in panel.get_by_test_id("verifier-key").inner_text()
    upload = tmp_path / "催款函回执.pdf"
    upload.write_bytes(pdf_bytes("browser"))
    panel.locator("input[type=file]").set_input_files(str(upload))
    panel.locator("button[type=submit]").click()
    page.get_by_test_id("evidence-added").wait_for()
    item = EvidenceItem.objects.get(case=case_a)
    assert item.original_name == "催款函回执.pdf"

    log_sequence()  # what the sequencer loop does within a second
    page.goto(f"{page.base}/evidence/items/{item.pk}/")
    with page.expect_download() as download:
        page.get_by_test_id("bundle").click()
    bundle = tmp_path / "bundle.zip"
    download.value.save_as(bundle)
    zipfile.ZipFile(bundle).extractall(tmp_path / "bundle")
    proof = tmp_path / "bundle" / f"{item.sha256[:16]}.tlog-proof"
    evidence = tmp_path / "bundle" / "evidence" / "催款函回执.pdf"
    assert verify_main([str(proof), str(evidence), "--key", verifier_key()]) == 0
