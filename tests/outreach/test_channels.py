"""Real protocols: email through Django's SMTP backend to aiosmtpd, SMS through a JSON gateway on
loopback with delivery reports, letters as PDFs with posting and signing recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pypdf import PdfReader

from huikuan.cases.choices import EventKind
from huikuan.cases.models import CaseEvent
from huikuan.outreach.choices import MessageStatus, ReceiptKind
from huikuan.outreach.models import DeliveryReceipt, GateDecision, OutboundMessage
from huikuan.outreach.services import (
    letter_delivery_record,
    letter_dispatch,
    message_send,
    sequences_run_once,
    sms_report_record,
)
from tests.outreach.conftest import GOOD_EMAIL, SENDER_NAME

pytestmark = pytest.mark.usefixtures("english")


def events(case, kind):
    return list(CaseEvent.objects.filter(case=case, kind=kind).order_by("pk"))


def test_email_goes_through_the_gate_and_real_smtp(
    outreach_case, creditor_a, verified_sender, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = message_send(
            case=outreach_case,
            actor=creditor_a,
            channel="email",
            subject="关于货款的通知",
            body=GOOD_EMAIL,
            is_demand=True,
        )
    assert decision.outcome == "allow" and decision.rule_ids == []
    assert len(smtp.messages) == 1
    received = smtp.messages[0]
    assert received["To"] == "finance@hongyuan.test"
    assert SENDER_NAME in str(received["From"]) or "=?utf-8?" in str(received["From"])
    assert "120,000.00" in smtp.body()
    message = OutboundMessage.objects.get(decision=decision)
    assert message.status == MessageStatus.DELIVERED
    assert message.reference == received["Message-ID"]
    receipt = DeliveryReceipt.objects.get(message=message)
    assert receipt.kind == ReceiptKind.SMTP_ACCEPT
    (sent,) = events(outreach_case, EventKind.MESSAGE_SENT)
    assert sent.data["content"] == GOOD_EMAIL and len(sent.data["content_sha256"]) == 64
    assert sent.data["decision"] == decision.pk
    (delivered,) = events(outreach_case, EventKind.DEMAND_DELIVERED)
    assert delivered.data == {
        "date": "2026-03-02",
        "channel": "email",
        "reference": message.reference,
        "message": message.pk,
        "receipt": "smtp_accept",
    }
    # Retention: two years at least.
    assert decision.retain_until - decision.decided_at >= timedelta(days=730)


def test_second_email_the_same_day_is_blocked_and_recorded(
    outreach_case, creditor_a, verified_sender, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message_send(case=outreach_case, actor=creditor_a, channel="email", subject="通知", body=GOOD_EMAIL)
        second = message_send(case=outreach_case, actor=creditor_a, channel="email", subject="通知", body=GOOD_EMAIL)
    assert second.outcome == "defer" and second.rule_ids == ["CN-MESSAGES"]
    assert len(smtp.messages) == 1
    (deferred,) = events(outreach_case, EventKind.CONTACT_DEFERRED)
    assert deferred.data["rules"] == ["CN-MESSAGES"] and deferred.data["decision"] == second.pk
    assert not OutboundMessage.objects.filter(decision=second).exists()


def test_smtp_refusal_marks_the_message_failed(
    outreach_case, creditor_a, verified_sender, settings, django_capture_on_commit_callbacks
):
    from tests.smtp import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with django_capture_on_commit_callbacks(execute=True):
        decision = message_send(case=outreach_case, actor=creditor_a, channel="email", subject="通知", body=GOOD_EMAIL)
    message = OutboundMessage.objects.get(decision=decision)
    assert message.status == MessageStatus.FAILED and "refused" in message.error
    assert not events(outreach_case, EventKind.MESSAGE_SENT)


def test_sms_through_the_http_json_gateway_with_delivery_report(
    outreach_case, creditor_a, verified_sender, sms_gateway, django_capture_on_commit_callbacks
):
    body = "【金华明律律师事务所 王敏】您好，案件货款尚未支付，如需分期请回电0579-88886666。"
    with django_capture_on_commit_callbacks(execute=True):
        decision = message_send(case=outreach_case, actor=creditor_a, channel="sms", body=body, is_demand=True)
    assert decision.outcome == "allow"
    (sent,) = sms_gateway.received
    assert sent["to"] == "13812345678" and sent["text"] == body
    message = OutboundMessage.objects.get(decision=decision)
    assert message.status == MessageStatus.SENT and message.reference == sent["id"]
    assert sent["client_ref"] == str(message.uid)
    assert not events(outreach_case, EventKind.DEMAND_DELIVERED)  # accepted is not delivered
    sms_report_record(reference=sent["id"], status="delivered")
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    (delivered,) = events(outreach_case, EventKind.DEMAND_DELIVERED)
    assert delivered.data["channel"] == "sms" and delivered.data["reference"] == sent["id"]


def test_sms_gateway_failure_sends_nothing_and_is_recorded(
    outreach_case, creditor_a, verified_sender, sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.fail = True
    with django_capture_on_commit_callbacks(execute=True):
        decision = message_send(
            case=outreach_case, actor=creditor_a, channel="sms", body="【金华明律律师事务所 王敏】请回电。"
        )
    message = OutboundMessage.objects.get(decision=decision)
    assert message.status == MessageStatus.FAILED and "503" in message.error


def test_letter_pdf_posting_and_signing(
    outreach_case, creditor_a, verified_sender, clock, django_capture_on_commit_callbacks
):
    body = (
        "催款函\n金华市宏远建材有限公司：贵司尚欠甲公司货款人民币120,000.00元，请于收函后十五日内支付。"
        "\n金华明律律师事务所 王敏"
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision = message_send(
            case=outreach_case, actor=creditor_a, channel="letter", subject="催款函", body=body, is_demand=True
        )
    message = OutboundMessage.objects.get(decision=decision)
    assert message.status == MessageStatus.PREPARED
    with message.document.open("rb") as fh:
        text = "".join(page.extract_text() for page in PdfReader(fh).pages)
    assert "120,000.00" in text and "宏远建材" in text
    assert not events(outreach_case, EventKind.MESSAGE_SENT)
    letter_dispatch(message=message, actor=creditor_a, tracking_number="EMS1234567890CN")
    (sent,) = events(outreach_case, EventKind.MESSAGE_SENT)
    assert sent.data["tracking_number"] == "EMS1234567890CN" and len(sent.data["document_sha256"]) == 64
    clock.advance(timedelta(days=2))
    letter_delivery_record(message=message, actor=creditor_a, signed_at=clock(), signed_by="前台 张某")
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    (delivered,) = events(outreach_case, EventKind.DEMAND_DELIVERED)
    assert delivered.data["date"] == "2026-03-04" and delivered.data["reference"] == "EMS1234567890CN"
    assert delivered.data["channel"] == "letter"


def test_records_cannot_be_deleted(outreach_case, creditor_a, verified_sender, smtp):
    decision = message_send(case=outreach_case, actor=creditor_a, channel="email", subject="通知", body=GOOD_EMAIL)
    with pytest.raises(ValueError):
        decision.delete()
    assert GateDecision.objects.filter(pk=decision.pk).exists()
    assert sequences_run_once() == 0
