import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from huikuan.evidence.log import log_sequence
from huikuan.evidence.models import LogCheckpoint
from huikuan.tlog.note import split
from huikuan.tlog.rfc3161 import TimestampError, check_timestamp, request_timestamp
from tests.evidence.conftest import pdf_bytes
from tests.evidence.tsa import LocalTSA


@pytest.fixture
def tsa():
    server = LocalTSA()
    yield server
    server.close()


def test_timestamp_request_and_check(tsa):
    response = request_timestamp(tsa.url, b"checkpoint body\n")
    stamp = check_timestamp(response, b"checkpoint body\n", roots=[tsa.root])
    assert stamp.serial_number >= 1 and stamp.gen_time.year >= 2024
    with pytest.raises(TimestampError):
        check_timestamp(response, b"other body\n")
    other = LocalTSA()
    try:
        with pytest.raises(TimestampError):
            check_timestamp(response, b"checkpoint body\n", roots=[other.root])
    finally:
        other.close()


def test_checkpoints_are_timestamped_and_the_certificate_says_so(settings, tsa, client, creditor_a, case_a, upload):
    settings.HUIKUAN_TSA_URL = tsa.url
    item, _ = upload(case_a, pdf_bytes("stamped"))
    log_sequence()
    cp = LogCheckpoint.objects.order_by("-size").first()
    assert cp.timestamp_token is not None
    stamp = check_timestamp(bytes(cp.timestamp_token), split(bytes(cp.note))[0], roots=[tsa.root])
    client.force_login(creditor_a)
    bundle = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("api-1:evidence_bundle", kwargs={"item_id": item.pk})).content)
    )
    assert bundle.read("checkpoint.tsr") == bytes(cp.timestamp_token)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(bundle.read("certificate.pdf"))).pages)
    assert stamp.gen_time.strftime("%Y-%m-%d") in text and "RFC3161" in "".join(text.split())
