"""Channel adapters: the only code that puts a message on the wire.

Every adapter's `send` takes the id of the gate decision that allowed the message (a required
keyword) and refuses to do anything unless that decision exists, allowed this very message and
this channel. Delivery happens only in `deliver`, which nothing calls but `send`.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.utils import formataddr, make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.module_loading import import_string

from . import conf
from .choices import Channel, MessageStatus, Outcome


class GateRequired(PermissionError):
    """An adapter was asked to send without an allowing gate decision for the message."""


class ChannelError(Exception):
    """The channel refused or failed (SMTP error, gateway error); the message is not sent."""


@dataclass
class SendResult:
    reference: str
    status: str = MessageStatus.SENT
    document: bytes | None = None
    detail: dict = field(default_factory=dict)


class ChannelAdapter:
    channel: str = ""

    def send(self, message, *, decision_id: int) -> SendResult:
        self.check_clearance(message, decision_id)
        return self.deliver(message)

    def check_clearance(self, message, decision_id: int) -> None:
        from .models import GateDecision

        if not isinstance(decision_id, int) or isinstance(decision_id, bool):
            raise GateRequired("a gate decision id is required")
        decision = GateDecision.objects.filter(pk=decision_id).first()
        if decision is None or decision.outcome != Outcome.ALLOW:
            raise GateRequired(f"gate decision {decision_id} does not allow this contact")
        if (
            message.decision_id != decision.pk
            or decision.channel != self.channel
            or decision.case_id != message.case_id
        ):
            raise GateRequired(f"gate decision {decision_id} was made for another contact")

    def deliver(self, message) -> SendResult:  # pragma: no cover - abstract
        raise NotImplementedError


def _sender_profile(message):
    from .models import SenderProfile

    return SenderProfile.objects.get(organisation_id=message.decision.organisation_id)


class EmailAdapter(ChannelAdapter):
    """Django's configured mail backend (SMTP in production); the server's acceptance is the receipt."""

    channel = Channel.EMAIL

    def deliver(self, message) -> SendResult:
        profile = _sender_profile(message)
        _name, from_addr = parseaddr(settings.DEFAULT_FROM_EMAIL)
        domain = from_addr.rpartition("@")[2] or "huikuan.localhost"
        message_id = make_msgid(domain=domain)
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=formataddr((profile.display_name, from_addr)),
            to=[message.to_email],
            reply_to=[profile.reply_email] if profile.reply_email else None,
            headers={"Message-ID": message_id, "X-Huikuan-Message": str(message.uid)},
            connection=get_connection(fail_silently=False),
        )
        try:
            accepted = email.send(fail_silently=False)
        except Exception as exc:  # SMTP and socket errors alike
            raise ChannelError(f"mail server refused the message: {exc}") from exc
        if not accepted:
            raise ChannelError("mail server accepted no recipient")
        return SendResult(reference=message_id, status=MessageStatus.DELIVERED, detail={"accepted": accepted})


class SmsAdapter(ChannelAdapter):
    """An SMS gateway. Subclasses talk to one gateway; delivery reports arrive at our callback."""

    channel = Channel.SMS

    @classmethod
    def configured(cls) -> bool:
        return True


class HttpJsonSmsAdapter(SmsAdapter):
    """A generic HTTP JSON gateway.

    Request:  POST {HUIKUAN_SMS_URL}  Authorization: Bearer {HUIKUAN_SMS_TOKEN}
              {"to": "13812345678", "text": "...", "client_ref": "<uuid>", "callback_url": "..."}
    Response: 200/201/202 {"id": "<gateway message id>", "status": "accepted"}
    Report:   the gateway POSTs {"id", "status": "delivered"|"failed", "at": ISO time, "error"} to
              callback_url with Authorization: Bearer {HUIKUAN_SMS_CALLBACK_TOKEN}.
    """

    timeout = 10

    @classmethod
    def configured(cls) -> bool:
        return bool(conf.sms_url())

    def deliver(self, message) -> SendResult:
        payload = {
            "to": message.to_mobile,
            "text": message.body,
            "client_ref": str(message.uid),
            "callback_url": conf.sms_callback_url(),
        }
        request = urllib.request.Request(
            conf.sms_url(),
            data=json.dumps(payload, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {conf.sms_token()}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = json.loads(response.read() or b"{}")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise ChannelError(f"SMS gateway error: {exc}") from exc
        gateway_id = str(body.get("id") or "")
        if not gateway_id or body.get("status") not in ("accepted", "queued", "sent"):
            raise ChannelError(f"SMS gateway did not accept the message: {body}")
        return SendResult(reference=gateway_id, status=MessageStatus.SENT, detail={"gateway_status": body["status"]})


class LetterAdapter(ChannelAdapter):
    """A postal or registered letter: produces the PDF; posting and signing are recorded later."""

    channel = Channel.LETTER

    def deliver(self, message) -> SendResult:
        from huikuan.common.pdf import render_pdf

        profile = _sender_profile(message)
        pdf = render_pdf(
            "outreach/letter_pdf.html",
            {"message": message, "profile": profile, "recipient": message.recipient, "case": message.case},
        )
        return SendResult(reference=str(message.uid), status=MessageStatus.PREPARED, document=pdf)


# Every adapter class that can send; a test patches each of them.
ADAPTER_CLASSES: tuple[type[ChannelAdapter], ...] = (EmailAdapter, HttpJsonSmsAdapter, LetterAdapter)


def sms_adapter_class() -> type[SmsAdapter]:
    return import_string(conf.sms_adapter_path())


def adapter_for(channel: str) -> ChannelAdapter:
    if channel == Channel.EMAIL:
        return EmailAdapter()
    if channel == Channel.SMS:
        return sms_adapter_class()()
    if channel == Channel.LETTER:
        return LetterAdapter()
    raise ValueError(f"no adapter sends {channel!r}")
