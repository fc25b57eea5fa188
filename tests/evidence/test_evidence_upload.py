import io
import struct

import pytest
from django.urls import reverse
from django.utils.translation import override

from huikuan.cases.choices import EventKind
from huikuan.core.errors import ServiceError
from huikuan.evidence import sniff as sn
from huikuan.evidence.models import EvidenceItem, LogEntry
from huikuan.evidence.services import file_path
from tests.evidence.conftest import ooxml, pdf_bytes

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")

SAMPLES = {
    "pdf": (pdf_bytes(), sn.PDF),
    "png": (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, sn.PNG),
    "jpeg": (b"\xff\xd8\xff\xe0\0\x10JFIF\0", sn.JPEG),
    "gif": (b"GIF89a\x01\0\x01\0", sn.GIF),
    "webp": (b"RIFF\x10\0\0\0WEBPVP8 ", sn.WEBP),
    "wav": (b"RIFF\x24\0\0\0WAVEfmt ", sn.WAV),
    "docx": (ooxml("wordprocessingml.document.main"), sn.DOCX),
    "xlsx": (ooxml("spreadsheetml.sheet.main"), sn.XLSX),
    "pptx": (ooxml("presentationml.presentation.main"), sn.PPTX),
    "doc": (OLE_MAGIC + b"\0" * 100 + "WordDocument\0".encode("utf-16-le"), sn.DOC),
    "xls": (OLE_MAGIC + b"\0" * 100 + "Workbook\0".encode("utf-16-le"), sn.XLS),
    "ppt": (OLE_MAGIC + b"\0" * 100 + "PowerPoint Document\0".encode("utf-16-le"), sn.PPT),
    "mp3-id3": (b"ID3\x04\0\0\0\0\0\0", sn.MP3),
    "mp3-frame": (b"\xff\xfb\x90\x64" + b"\0" * 20, sn.MP3),
    "m4a": (struct.pack(">I", 24) + b"ftypM4A \0\0\0\0", sn.M4A),
    "amr": (b"#!AMR\n\x3c", sn.AMR),
    "eml": (
        b"From: a@b.test\r\nTo: c@d.test\r\nSubject: =?utf-8?b?5YKs5qy+?=\r\n  folded\r\n"
        b"Date: Mon, 1 Jan 2024 00:00:00 +0800\r\n\r\nbody",
        sn.EML,
    ),
}
REFUSED = {
    "text": b"just some text\nwith lines\n",
    "plain zip": ooxml("unknown.thing"),
    "html": b"<!doctype html><html></html>",
    "exe": b"MZ\x90\0\x03\0\0\0",
    "ole without office stream": OLE_MAGIC + b"\0" * 200,
    "mp4 video": struct.pack(">I", 24) + b"ftypisom\0\0\0\0",
    "header-like text without From": b"Subject: hi\r\nX-Thing: y\r\n\r\nbody",
}


@pytest.mark.parametrize("name", SAMPLES)
def test_type_is_sniffed_from_content(tmp_path, name):
    data, expected = SAMPLES[name]
    path = tmp_path / "upload.bin"  # the name says nothing
    path.write_bytes(data)
    assert sn.sniff(path) == expected


@pytest.mark.parametrize("name", REFUSED)
def test_other_types_are_refused(tmp_path, name):
    path = tmp_path / "upload.pdf"  # a lying name does not help
    path.write_bytes(REFUSED[name])
    assert sn.sniff(path) is None


def test_upload_records_the_item_and_queues_its_log_entry(case_a, upload):
    item, created = upload(case_a, pdf_bytes("one"), name="借款合同.pdf", custodian="王会计")
    assert created
    assert item.media_type == "application/pdf" and item.size == len(pdf_bytes("one"))
    assert item.original_name == "借款合同.pdf" and item.custodian == "王会计"
    assert file_path(item.sha256).read_bytes() == pdf_bytes("one")
    assert "files" in str(file_path(item.sha256)) and "static" not in str(file_path(item.sha256))
    entry = item.log_entry
    assert entry.log_index is None
    import json

    record = json.loads(bytes(entry.data))
    assert record == {
        "v": 1,
        "kind": "evidence_item",
        "item": item.pk,
        "case": case_a.pk,
        "sha256": item.sha256,
        "size": item.size,
        "type": "application/pdf",
        "capture": "upload",
        "received": item.received_at.astimezone(__import__("datetime").UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }
    # No names or custodian (personal data) in the log entry.
    assert "借款合同" not in bytes(entry.data).decode() and "王会计" not in bytes(entry.data).decode()
    assert case_a.events.filter(kind=EventKind.EVIDENCE_ADDED, data__item=item.pk).exists()


def test_identical_content_is_deduplicated_per_case(creditor_a, case_a, make_case, upload):
    first, _ = upload(case_a, pdf_bytes("same"), name="a.pdf")
    again, created = upload(case_a, pdf_bytes("same"), name="b.pdf")
    assert not created and again.pk == first.pk
    other_case = make_case(creditor_a)
    elsewhere, created = upload(other_case, pdf_bytes("same"), name="c.pdf")
    assert created and elsewhere.pk != first.pk
    assert EvidenceItem.objects.filter(sha256=first.sha256).count() == 2


def test_refused_type_and_size_leave_nothing(case_a, upload, settings):
    before = LogEntry.objects.count()
    with override("en"), pytest.raises(ServiceError) as exc:
        upload(case_a, b"hello world", name="note.pdf")
    assert exc.value.field == "file" and "not accepted as evidence" in exc.value.message
    settings.HUIKUAN_EVIDENCE_MAX_BYTES = 100
    with override("en"), pytest.raises(ServiceError) as exc:
        upload(case_a, pdf_bytes("x" * 200))
    assert "larger than the limit" in exc.value.message
    assert LogEntry.objects.count() == before and not EvidenceItem.objects.exists()


def test_default_size_limit_is_50_mb():
    from huikuan.evidence.services import max_upload_bytes

    assert max_upload_bytes() == 50 * 1024 * 1024


def test_api_upload_multipart(client, creditor_a, case_a):
    client.force_login(creditor_a)
    url = reverse("api-1:evidence_upload", kwargs={"case_id": case_a.pk})
    data = pdf_bytes("api")
    response = client.post(
        url, {"file": io.BytesIO(data), "capture_method": "signed_agreement", "custodian": "法务部"}, format="multipart"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["capture_method"] == "signed_agreement" and body["created"] is True and body["log_index"] is None
    again = client.post(url, {"file": io.BytesIO(data)})
    assert again.status_code == 200 and again.json()["created"] is False and again.json()["id"] == body["id"]
    with override("en"):
        bad = client.post(url, {"file": io.BytesIO(b"plain text")})
        wrong = client.post(url, {"file": io.BytesIO(data + b"x"), "capture_method": "rumour"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "file"]
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"] == ["body", "capture_method"]
    listed = client.get(reverse("api-1:evidence_list", kwargs={"case_id": case_a.pk})).json()
    assert [i["id"] for i in listed] == [body["id"]]


def test_page_upload_through_the_panel(client, creditor_a, case_a):
    client.force_login(creditor_a)
    response = client.post(
        reverse("evidence:upload", kwargs={"case_id": case_a.pk}), {"file": io.BytesIO(b"\x89PNG\r\n\x1a\n123")}
    )
    assert response.status_code == 200
    assert EvidenceItem.objects.get(case=case_a).media_type == "image/png"
    panel = client.get(reverse("evidence:case_panel", kwargs={"case_id": case_a.pk})).content.decode()
    from huikuan.evidence.log import verifier_key

    assert verifier_key() in panel  # the verifier key is shown on the evidence pages
    client.cookies["django_language"] = "en"  # pages follow the language cookie, not Accept-Language
    with override("en"):
        refused = client.post(reverse("evidence:upload", kwargs={"case_id": case_a.pk}), {"file": io.BytesIO(b"text")})
    assert refused.status_code == 422 and b"not accepted as evidence" in refused.content
