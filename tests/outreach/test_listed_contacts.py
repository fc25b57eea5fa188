"""Fees the ledger allows, and contacts the debtor listed: usable only to ask an unreachable
debtor to get in touch, never disclosing the debt."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from huikuan.cases.choices import EventKind
from huikuan.cases.models import CaseEvent
from huikuan.common import pii
from huikuan.core.errors import ServiceError
from huikuan.ledger.models import Reversal
from huikuan.ledger.services import charge_record, entry_reverse
from huikuan.outreach.forms import ClearanceForm, SendForm
from huikuan.outreach.models import DebtorReachability, GateDecision, ListedContact, OutboundMessage
from huikuan.outreach.selectors import ledger_fee_items
from huikuan.outreach.services import (
    case_parties,
    contact_clear,
    debtor_unreachable_set,
    listed_contact_add,
    message_send,
)
from tests.outreach.conftest import SENDER_NAME

pytestmark = pytest.mark.usefixtures("english")

COURT_FEE_DEMAND = (
    "金华市宏远建材有限公司：贵司尚欠货款人民币120,000.00元及本案诉讼费人民币2,650.00元，"
    "请于本月底前支付。如需分期，可回复本邮件协商。" + SENDER_NAME
)
SERVICE_FEE_DEMAND = (
    "金华市宏远建材有限公司：贵司尚欠货款人民币120,000.00元，另需支付服务费人民币500.00元，"
    "请于本月底前支付。如需分期，可回复本邮件协商。" + SENDER_NAME
)
NEUTRAL = f"张伟您好，我是{SENDER_NAME}。请您转告王总尽快与我们联系，电话0579-88886666。谢谢。"
DISCLOSING = f"张伟您好，我是{SENDER_NAME}。王总欠我们货款12万元一直没还，请转告他尽快联系我们还款。"


def _email(case, actor, body, **kwargs):
    return message_send(case=case, actor=actor, channel="email", subject="通知", body=body, **kwargs)


# ---- fees ---------------------------------------------------------------------------------------


def test_ledger_fee_items_are_the_live_cost_charges(outreach_case, creditor_a, clock):
    charge_record(
        case=outreach_case,
        actor=creditor_a,
        kind="court_fee",
        date=date(2026, 2, 1),
        amount=Decimal("2650.00"),
        description="案件受理费",
    )
    lawyer = charge_record(
        case=outreach_case, actor=creditor_a, kind="lawyer_fee", date=date(2026, 2, 1), amount=Decimal("5000")
    )
    charge_record(case=outreach_case, actor=creditor_a, kind="interest", date=date(2026, 2, 1), amount=Decimal("10"))
    assert ledger_fee_items(case=outreach_case) == ("court_fee", "案件受理费", "lawyer_fee")
    entry_reverse(case=outreach_case, actor=creditor_a, entry_type="charge", entry_id=lawyer.pk, reason="entered twice")
    assert Reversal.objects.filter(charge=lawyer).exists()
    assert ledger_fee_items(case=outreach_case) == ("court_fee", "案件受理费")


def test_a_court_fee_in_the_ledger_may_be_demanded(outreach_case, creditor_a, verified_sender, smtp, clock):
    before = _email(outreach_case, creditor_a, COURT_FEE_DEMAND)
    assert before.outcome == "block" and "lint.fee" in before.rule_ids
    charge_record(
        case=outreach_case, actor=creditor_a, kind="court_fee", date=date(2026, 2, 1), amount=Decimal("2650.00")
    )
    clock.advance(timedelta(days=1))  # one message per channel per day
    after = _email(outreach_case, creditor_a, COURT_FEE_DEMAND)
    assert "lint.fee" not in after.rule_ids
    assert after.outcome == "allow"


def test_a_service_fee_not_in_the_ledger_is_blocked(outreach_case, creditor_a, verified_sender, smtp, clock):
    charge_record(
        case=outreach_case, actor=creditor_a, kind="court_fee", date=date(2026, 2, 1), amount=Decimal("2650.00")
    )
    decision = _email(outreach_case, creditor_a, SERVICE_FEE_DEMAND)
    assert decision.outcome == "block" and decision.rule_ids == ["lint.fee"]
    assert decision.reasons[0]["detail"] == "服务费"
    assert not OutboundMessage.objects.exists()


def test_lint_preview_uses_the_ledger(client, outreach_case, creditor_a, verified_sender, clock):
    client.force_login(creditor_a)
    url = reverse("api-1:outreach_lint", kwargs={"case_id": outreach_case.pk})

    def rules():
        response = client.post(url, json.dumps({"body": COURT_FEE_DEMAND}), content_type="application/json")
        return [f["rule_id"] for f in response.json()]

    assert rules() == ["lint.fee"]
    charge_record(
        case=outreach_case, actor=creditor_a, kind="court_fee", date=date(2026, 2, 1), amount=Decimal("2650.00")
    )
    assert rules() == []


# ---- listed contacts ------------------------------------------------------------------------------


@pytest.fixture
def listed(outreach_case, creditor_a, clock):
    return listed_contact_add(
        case=outreach_case,
        actor=creditor_a,
        name="张伟",
        mobile="137 0000 1111",
        email="zhangwei@mail.test",
        listed_on=date(2026, 1, 10),
    )


def test_listed_contact_is_stored_encrypted_and_recorded(outreach_case, listed):
    row = ListedContact.objects.get(pk=listed.pk)
    assert row.mobile == "13700001111" and row.email == "zhangwei@mail.test"
    assert "13700001111" not in row.mobile_enc and "zhangwei" not in row.email_enc
    assert row.mobile_index == pii.blind_index("13700001111") and row.mobile_masked == "137****1111"
    assert row.email_masked == "z***@mail.test"
    assert row.source_note == "listed by the debtor on 2026-01-10"
    event = CaseEvent.objects.filter(case=outreach_case, kind=EventKind.CONTACT_PREFERENCE_CHANGED).get()
    assert event.data["change"] == "listed_contact_added" and event.data["relation"] == "listed_contact"
    assert event.data["source"] == "listed by the debtor on 2026-01-10"
    assert "13700001111" not in json.dumps(event.data)


def test_listed_contact_blocked_while_the_debtor_is_reachable(outreach_case, creditor_a, verified_sender, smtp, listed):
    decision = _email(outreach_case, creditor_a, NEUTRAL, contact_id=listed.pk)
    assert decision.outcome == "block" and decision.relation == "listed_contact"
    assert decision.rule_ids == ["CN-LOCATE"] and decision.reasons[0]["detail"] == "the debtor is reachable"
    assert decision.listed_contact == listed and decision.recipient == outreach_case.debt.debtor
    assert not OutboundMessage.objects.exists() and smtp.messages == []
    event = CaseEvent.objects.filter(case=outreach_case, kind=EventKind.CONTACT_BLOCKED).get()
    assert event.data["recipient"] == "张伟" and event.data["relation"] == "listed_contact"


def test_listed_contact_allowed_when_unreachable_with_a_neutral_message(
    outreach_case, creditor_a, verified_sender, smtp, listed, django_capture_on_commit_callbacks
):
    debtor_unreachable_set(case=outreach_case, actor=creditor_a, unreachable=True, reason="号码停机，邮件退回")
    with django_capture_on_commit_callbacks(execute=True):
        decision = _email(outreach_case, creditor_a, NEUTRAL, contact_id=listed.pk)
    assert decision.outcome == "allow", decision.reasons
    message = OutboundMessage.objects.get(decision=decision)
    assert message.to_email == "zhangwei@mail.test" and message.status == "delivered"
    assert smtp.messages[-1]["To"] == "zhangwei@mail.test"
    # A message to the contact is not a contact with the debtor: the debtor's daily email is still free.
    to_debtor = _email(
        outreach_case,
        creditor_a,
        "金华市宏远建材有限公司：货款尚未支付，如需分期，可回复本邮件协商。" + SENDER_NAME,
    )
    assert to_debtor.outcome == "allow", to_debtor.reasons
    # ...while a second email to the same contact the same day is over the limit.
    again = _email(outreach_case, creditor_a, NEUTRAL, contact_id=listed.pk)
    assert again.outcome != "allow"


def test_listed_contact_blocked_when_the_message_discloses_the_debt(
    outreach_case, creditor_a, verified_sender, smtp, listed
):
    debtor_unreachable_set(case=outreach_case, actor=creditor_a, unreachable=True, reason="号码停机")
    decision = _email(outreach_case, creditor_a, DISCLOSING, contact_id=listed.pk)
    assert decision.outcome == "block" and "lint.disclosure" in decision.rule_ids
    assert not OutboundMessage.objects.exists()


def test_listed_contact_message_must_ask_for_contact_and_is_never_a_demand(
    outreach_case, creditor_a, verified_sender, smtp, listed
):
    debtor_unreachable_set(case=outreach_case, actor=creditor_a, unreachable=True, reason="号码停机")
    silent = _email(outreach_case, creditor_a, f"张伟您好，我是{SENDER_NAME}，祝您工作顺利。", contact_id=listed.pk)
    assert silent.rule_ids == ["CN-LOCATE"]
    before = GateDecision.objects.count()
    with pytest.raises(ServiceError) as exc:
        _email(outreach_case, creditor_a, NEUTRAL, contact_id=listed.pk, is_demand=True)
    assert exc.value.field == "is_demand" and GateDecision.objects.count() == before


def test_calls_and_visits_to_a_listed_contact(outreach_case, creditor_a, verified_sender, listed):
    debtor_unreachable_set(case=outreach_case, actor=creditor_a, unreachable=True, reason="号码停机")
    call = contact_clear(case=outreach_case, actor=creditor_a, channel="call", contact_id=listed.pk)
    assert call.outcome == "block" and call.rule_ids == ["CN-LOCATE"]  # no content the gate could check
    assert call.address_index == pii.blind_index("13700001111")
    with pytest.raises(ServiceError) as exc:
        contact_clear(case=outreach_case, actor=creditor_a, channel="visit", staff_count=2, contact_id=listed.pk)
    assert exc.value.field == "channel"


def test_unreachable_flag_set_and_cleared_with_events(outreach_case, creditor_a, clock):
    with pytest.raises(ServiceError) as exc:
        debtor_unreachable_set(case=outreach_case, actor=creditor_a, unreachable=True, reason="  ")
    assert exc.value.field == "reason" and not DebtorReachability.objects.exists()
    debtor_unreachable_set(case=outreach_case, actor=creditor_a, unreachable=True, reason="号码停机")
    debtor_unreachable_set(case=outreach_case, actor=creditor_a, unreachable=True, reason="号码停机")  # no change
    state = debtor_unreachable_set(case=outreach_case, actor=creditor_a, unreachable=False)
    assert not state.unreachable and state.reason == ""
    events = CaseEvent.objects.filter(case=outreach_case, kind=EventKind.CONTACT_PREFERENCE_CHANGED).order_by("pk")
    assert [e.data["change"] for e in events] == ["debtor_unreachable", "debtor_reachable"]
    assert events[0].data["reason"] == "号码停机"


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"name": "张伟", "mobile": "", "email": ""}, "mobile", "mobile number or the email"),
        ({"name": "张伟", "mobile": "12345"}, "mobile", "valid mainland mobile"),
        ({"name": "张伟", "email": "not-an-email"}, "email", "valid email"),
        ({"name": " ", "mobile": "13700001111"}, "name", "contact's name"),
        ({"name": "张伟", "mobile": "13700001111", "listed_on": date(2099, 1, 1)}, "listed_on", "future"),
        ({"name": "张伟", "mobile": "13700001111", "listed_on": None}, "listed_on", "date on which"),
    ],
)
def test_bad_listed_contact_is_refused_and_nothing_written(outreach_case, creditor_a, clock, kwargs, field, text):
    events = CaseEvent.objects.count()
    kwargs = {"listed_on": date(2026, 1, 10), **kwargs}
    with pytest.raises(ServiceError) as exc:
        listed_contact_add(case=outreach_case, actor=creditor_a, **kwargs)
    assert field in exc.value.errors and text in exc.value.errors[field][0]
    assert not ListedContact.objects.exists() and CaseEvent.objects.count() == events


def test_other_creditors_and_staff_cannot_list_contacts(outreach_case, creditor_b, staff, clock):
    for actor in (creditor_b, staff):
        with pytest.raises(ServiceError):
            listed_contact_add(
                case=outreach_case, actor=actor, name="张伟", mobile="13700001111", listed_on=date(2026, 1, 10)
            )
    assert not ListedContact.objects.exists()


def test_contact_of_another_case_cannot_be_used(outreach_case, make_case, creditor_a, verified_sender, listed):
    other = make_case(creditor_a)
    with pytest.raises(ServiceError) as exc:
        _email(other, creditor_a, NEUTRAL, contact_id=listed.pk)
    assert exc.value.field == "contact_id"


# ---- recipients: only the debtor, guarantors and listed contacts ---------------------------------


def test_recipient_choices_never_include_other_relations(outreach_case, make_case, creditor_a, listed):
    stranger = make_case(creditor_a).debt.debtor  # someone else the creditor knows
    parties = case_parties(outreach_case)
    for form_class in (SendForm, ClearanceForm):
        form = form_class(parties=parties, contacts=[listed])
        labels = [label for _value, label in form.fields["recipient_id"].choices]
        assert len(labels) == 3
        assert labels[0].endswith("(debtor)") and labels[1].endswith("(guarantor)")
        assert labels[2] == "张伟 (contact listed by the debtor)"
        assert str(stranger.pk) not in [v for v, _label in form.fields["recipient_id"].choices]
    bad = SendForm(
        {"recipient_id": str(stranger.pk), "channel": "email", "message_kind": "follow_up", "body": "x"},
        parties=parties,
        contacts=[listed],
    )
    assert not bad.is_valid() and "recipient_id" in bad.errors
    good = SendForm(
        {"recipient_id": f"contact:{listed.pk}", "channel": "sms", "message_kind": "follow_up", "body": "x"},
        parties=parties,
        contacts=[listed],
    )
    assert (
        good.is_valid() and good.cleaned_data["contact_id"] == listed.pk and good.cleaned_data["recipient_id"] is None
    )
    # The model has no relation to choose: a listed contact is always and only "listed_contact".
    assert "relation" not in {f.name for f in ListedContact._meta.get_fields()}


def test_api_recipients_contacts_and_reachability(client, outreach_case, creditor_a, verified_sender, smtp, clock):
    client.force_login(creditor_a)
    client.cookies["django_language"] = "en"  # assertions read English
    kwargs = {"case_id": outreach_case.pk}
    bad = client.post(
        reverse("api-1:outreach_listed_contact_add", kwargs=kwargs),
        json.dumps({"name": "张伟", "listed_on": "2026-01-10"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and not ListedContact.objects.exists()
    created = client.post(
        reverse("api-1:outreach_listed_contact_add", kwargs=kwargs),
        json.dumps({"name": "张伟", "mobile": "13700001111", "listed_on": "2026-01-10", "relation": "employer"}),
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["relation"] == "listed_contact" and body["mobile_masked"] == "137****1111"
    assert body["source_note"] == "listed by the debtor on 2026-01-10"
    recipients = client.get(reverse("api-1:outreach_recipients", kwargs=kwargs)).json()
    assert [r["relation"] for r in recipients] == ["debtor", "guarantor", "listed_contact"]
    assert recipients[2]["contact_id"] == body["id"] and recipients[2]["recipient_id"] is None
    reach = reverse("api-1:outreach_reachability_set", kwargs=kwargs)
    refused = client.post(reach, json.dumps({"unreachable": True}), content_type="application/json")
    assert refused.status_code == 422
    ok = client.post(reach, json.dumps({"unreachable": True, "reason": "号码停机"}), content_type="application/json")
    assert ok.json() == {"case_id": outreach_case.pk, "unreachable": True, "reason": "号码停机"}
    assert client.get(reverse("api-1:outreach_reachability", kwargs=kwargs)).json()["unreachable"] is True
    listed = client.get(reverse("api-1:outreach_listed_contacts", kwargs=kwargs)).json()
    assert [c["name"] for c in listed] == ["张伟"]


def test_pages_add_contact_mark_unreachable_and_send(client, outreach_case, creditor_a, verified_sender, clock):
    client.force_login(creditor_a)
    client.cookies["django_language"] = "en"  # assertions read English
    kwargs = {"case_id": outreach_case.pk}
    response = client.post(
        reverse("outreach:listed_contact_add", kwargs=kwargs), {"name": "张伟", "listed_on": "2026-01-10"}, follow=True
    )
    assert "mobile number or the email" in response.content.decode() and not ListedContact.objects.exists()
    client.post(
        reverse("outreach:listed_contact_add", kwargs=kwargs),
        {"name": "张伟", "mobile": "13700001111", "listed_on": "2026-01-10"},
    )
    contact = ListedContact.objects.get()
    client.post(reverse("outreach:reachability", kwargs=kwargs), {"unreachable": "on", "reason": "号码停机"})
    assert DebtorReachability.objects.get(case=outreach_case).unreachable
    panel = client.get(reverse("outreach:case_panel", kwargs=kwargs)).content.decode()
    assert f'value="contact:{contact.pk}"' in panel and "listed by the debtor on 2026-01-10" in panel
    assert "debtor unreachable" in panel
    sent = client.post(
        reverse("outreach:send", kwargs=kwargs),
        {"recipient_id": f"contact:{contact.pk}", "channel": "letter", "message_kind": "follow_up", "body": NEUTRAL},
        follow=True,
    )
    assert "reached only by SMS, email or phone" in sent.content.decode()
    assert not GateDecision.objects.exists()
