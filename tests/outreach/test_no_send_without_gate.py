"""No code path sends anything without the gate.

Every channel adapter class is patched so that a call without an allowing gate decision for that
very message fails the test; then every path that sends runs: the pages, the API, the contact
plans. Adapters are the only code that puts a message on the wire, and their interface requires
the decision id."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from huikuan.outreach import channels
from huikuan.outreach.channels import ADAPTER_CLASSES, ChannelAdapter, GateRequired
from huikuan.outreach.models import GateDecision, OutboundMessage
from huikuan.outreach.services import plan_start
from huikuan.outreach.tasks import sequences_tick
from tests.outreach.conftest import GOOD_EMAIL, THREAT

SMS = "【金华明律律师事务所 王敏】您好，货款尚未支付，如需分期请回电0579-88886666。"
LETTER = "催款函\n贵司尚欠甲公司货款人民币120,000.00元，请于收函后十五日内支付。\n金华明律律师事务所 王敏"


@pytest.fixture
def guarded(monkeypatch):
    """Patch every adapter: fail unless given the id of an allowing decision for this message."""
    calls: list[tuple[str, int]] = []
    for cls in ADAPTER_CLASSES:
        original = cls.send

        def send(self, message, *, decision_id=None, _original=original):
            if decision_id is None:
                pytest.fail(f"{type(self).__name__}.send called without a gate decision id")
            decision = GateDecision.objects.get(pk=decision_id)
            if decision.outcome != "allow" or message.decision_id != decision.pk:
                pytest.fail(f"{type(self).__name__}.send called with decision {decision_id} that does not allow it")
            calls.append((self.channel, decision_id))
            return _original(self, message, decision_id=decision_id)

        monkeypatch.setattr(cls, "send", send)
    return calls


def test_adapter_interface_requires_an_allowing_decision(outreach_case, creditor_a, verified_sender, smtp):
    from huikuan.outreach.services import message_send

    allowed = message_send(case=outreach_case, actor=creditor_a, channel="email", subject="通知", body=GOOD_EMAIL)
    blocked = message_send(case=outreach_case, actor=creditor_a, channel="letter", body=THREAT)
    message = OutboundMessage.objects.get(decision=allowed)
    adapter = channels.EmailAdapter()
    with pytest.raises(TypeError):
        adapter.send(message)  # the decision id is a required keyword
    with pytest.raises(GateRequired):
        adapter.send(message, decision_id=blocked.pk)
    with pytest.raises(GateRequired):
        channels.HttpJsonSmsAdapter().send(message, decision_id=allowed.pk)  # made for another channel
    assert smtp.messages == []
    assert all(issubclass(cls, ChannelAdapter) for cls in ADAPTER_CLASSES)


def test_every_sending_path_goes_through_the_gate(
    client,
    outreach_case,
    creditor_a,
    verified_sender,
    standard_plan,
    smtp,
    sms_gateway,
    clock,
    guarded,
    django_capture_on_commit_callbacks,
):
    client.force_login(creditor_a)
    debtor = outreach_case.debt.debtor
    guarantor = outreach_case.debt.guarantees.get().guarantor

    # Pages: an allowed email, a blocked threat, an allowed letter (to the debtor), an SMS to the guarantor.
    page_posts = [
        {"channel": "email", "subject": "通知", "body": GOOD_EMAIL, "recipient_id": debtor.pk},
        {"channel": "sms", "body": THREAT, "recipient_id": debtor.pk},
        {"channel": "letter", "subject": "催款函", "body": LETTER, "recipient_id": debtor.pk, "is_demand": "on"},
        {"channel": "sms", "body": SMS, "recipient_id": guarantor.pk},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for post in page_posts:
            response = client.post(
                reverse("outreach:send", kwargs={"case_id": outreach_case.pk}), {"message_kind": "follow_up", **post}
            )
            assert response.status_code == 302
    # API: an allowed SMS to the debtor, and a second email the same day (deferred).
    url = reverse("api-1:outreach_message_send", kwargs={"case_id": outreach_case.pk})
    with django_capture_on_commit_callbacks(execute=True):
        sms = client.post(url, json.dumps({"channel": "sms", "body": SMS}), content_type="application/json")
        again = client.post(
            url,
            json.dumps({"channel": "email", "subject": "再次通知", "body": GOOD_EMAIL}),
            content_type="application/json",
        )
    assert sms.status_code == 201 and sms.json()["outcome"] == "allow"
    assert again.status_code == 201 and again.json()["outcome"] == "defer"
    # Sequences: a contact plan on the same case (day-0 email is over the daily limit, so deferred; day 3 fires).
    with django_capture_on_commit_callbacks(execute=True):
        plan_start(case=outreach_case, plan=standard_plan, actor=creditor_a)
    clock.advance(timedelta(days=3, hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        sequences_tick.enqueue()

    channels_used = {channel for channel, _ in guarded}
    assert channels_used == {"email", "sms", "letter"}
    # Exactly the allowed messages reached an adapter, each once, with its own decision.
    allowed_ids = set(
        GateDecision.objects.filter(
            case=outreach_case, outcome="allow", channel__in=["email", "sms", "letter"]
        ).values_list("pk", flat=True)
    )
    assert sorted(d for _, d in guarded) == sorted(allowed_ids)
    assert GateDecision.objects.filter(case=outreach_case, outcome="block").exists()
    assert len(smtp.messages) == sum(1 for c, _ in guarded if c == "email")
    assert len(sms_gateway.received) == sum(1 for c, _ in guarded if c == "sms")
    assert all(THREAT not in m["text"] for m in sms_gateway.received)
