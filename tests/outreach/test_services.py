"""The Django layer of the gate: what it reads from the database and what it records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from huikuan.cases.choices import EventKind
from huikuan.cases.models import CaseEvent, Debtor
from huikuan.cases.services import case_transition
from huikuan.core.errors import ServiceError
from huikuan.outreach.models import CallLog, ContactPreference, GateDecision, OutboundMessage, Visit
from huikuan.outreach.services import (
    call_log,
    contact_clear,
    contact_preference_set,
    message_send,
    policy_for,
    policy_override_set,
    sender_profile_save,
    sender_profile_verify,
    visit_log,
)
from tests.conftest import org_of
from tests.outreach.conftest import GOOD_EMAIL, THREAT

pytestmark = pytest.mark.usefixtures("english")


def counts():
    return GateDecision.objects.count(), OutboundMessage.objects.count(), CaseEvent.objects.count()


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"channel": "fax", "body": GOOD_EMAIL}, "channel", "Unknown channel"),
        ({"channel": "email", "body": "", "subject": "x"}, "body", "Write the message"),
        ({"channel": "email", "body": GOOD_EMAIL}, "subject", "needs a subject"),
        ({"channel": "sms", "body": GOOD_EMAIL}, "channel", "No SMS gateway"),
        ({"channel": "email", "body": GOOD_EMAIL, "subject": "x", "message_kind": "threat"}, "message_kind", "kind"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_recorded(
    outreach_case, creditor_a, verified_sender, smtp, kwargs, field, text
):
    before = counts()
    with pytest.raises(ServiceError) as exc:
        message_send(case=outreach_case, actor=creditor_a, **kwargs)
    assert field in exc.value.errors and text in " ".join(exc.value.errors[field])
    assert counts() == before and smtp.messages == []


@pytest.mark.parametrize(("channel", "attr"), [("email", "email"), ("sms", "mobile_enc"), ("letter", "address")])
def test_recipient_without_a_valid_address(outreach_case, creditor_a, verified_sender, sms_gateway, channel, attr):
    Debtor.objects.filter(pk=outreach_case.debt.debtor_id).update(**{attr: "" if attr != "email" else "not-an-email"})
    before = counts()
    with pytest.raises(ServiceError) as exc:
        message_send(case=outreach_case, actor=creditor_a, channel=channel, subject="通知", body=GOOD_EMAIL)
    assert exc.value.field == "recipient_id" and "has no" in exc.value.message
    assert counts() == before and sms_gateway.received == []


def test_threat_is_blocked_with_the_linter_rule_and_kept_as_evidence(outreach_case, creditor_a, verified_sender, smtp):
    decision = message_send(case=outreach_case, actor=creditor_a, channel="email", subject="最后通牒", body=THREAT)
    assert decision.outcome == "block" and "lint.threat.violence" in decision.rule_ids
    assert not OutboundMessage.objects.filter(decision=decision).exists()
    event = CaseEvent.objects.get(case=outreach_case, kind=EventKind.CONTACT_BLOCKED)
    assert event.data["content"] == THREAT and "lint.threat.violence" in event.data["rules"]
    assert any(r["source"] for r in event.data["reasons"])


def test_unverified_sender_is_blocked(outreach_case, creditor_a, staff, smtp):
    org = org_of(creditor_a)
    profile = sender_profile_save(organisation=org, actor=creditor_a, display_name="金华明律律师事务所 王敏")
    decision = message_send(case=outreach_case, actor=creditor_a, channel="email", subject="通知", body=GOOD_EMAIL)
    assert decision.outcome == "block" and decision.rule_ids == ["CN-SENDER-IDENTITY"]
    with pytest.raises(ServiceError):
        sender_profile_verify(profile=profile, actor=creditor_a)  # only staff verify
    sender_profile_verify(profile=profile, actor=staff)
    assert (
        message_send(case=outreach_case, actor=creditor_a, channel="email", subject="通知", body=GOOD_EMAIL).outcome
        == "allow"
    )
    # Renaming needs verification again.
    sender_profile_save(organisation=org, actor=creditor_a, display_name="另一个名字")
    profile.refresh_from_db()
    assert profile.verified_at is None


def test_guarantor_is_a_party_and_another_debtor_is_a_third_party(
    outreach_case, creditor_a, verified_sender, smtp, make_case
):
    guarantor = outreach_case.debt.guarantees.get().guarantor
    to_guarantor = message_send(
        case=outreach_case,
        actor=creditor_a,
        channel="email",
        subject="通知",
        body=GOOD_EMAIL,
        recipient_id=guarantor.pk,
    )
    assert to_guarantor.relation == "guarantor" and to_guarantor.outcome == "allow"
    stranger = make_case(creditor_a).debt.debtor
    Debtor.objects.filter(pk=stranger.pk).update(email="boss@other.test")
    to_stranger = message_send(
        case=outreach_case, actor=creditor_a, channel="email", subject="通知", body=GOOD_EMAIL, recipient_id=stranger.pk
    )
    assert to_stranger.relation == "other" and to_stranger.outcome == "block"
    assert "CN-RECIPIENT" in to_stranger.rule_ids


def test_debtors_time_zone_decides_the_window(outreach_case, creditor_a, verified_sender, smtp, clock):
    # 08:30 in Shanghai is 06:30 in Urumqi: deferred to 08:00 Urumqi (02:00 UTC).
    clock.set(datetime(2026, 3, 2, 0, 30, tzinfo=UTC))
    Debtor.objects.filter(pk=outreach_case.debt.debtor_id).update(time_zone="Asia/Urumqi")
    decision = message_send(case=outreach_case, actor=creditor_a, channel="email", subject="通知", body=GOOD_EMAIL)
    assert decision.outcome == "defer" and decision.rule_ids == ["CN-WINDOW"]
    assert decision.next_allowed_at == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    assert decision.local_time.startswith("2026-03-02T06:30")


def test_paused_case_and_cease_contact_block(outreach_case, creditor_a, verified_sender, smtp):
    contact_preference_set(case=outreach_case, actor=creditor_a, cease_contact=True, opted_out_channels=[])
    pref = ContactPreference.objects.get(debtor=outreach_case.debt.debtor)
    assert pref.cease_contact
    event = CaseEvent.objects.get(case=outreach_case, kind=EventKind.CONTACT_PREFERENCE_CHANGED)
    assert event.data["after"]["cease_contact"] is True and event.data["before"]["cease_contact"] is False
    case_transition(case=outreach_case, to="paused", actor=creditor_a)
    decision = message_send(case=outreach_case, actor=creditor_a, channel="email", subject="通知", body=GOOD_EMAIL)
    assert {"CN-CEASE", "CN-PAUSED"} <= set(decision.rule_ids)
    with pytest.raises(ServiceError):
        contact_preference_set(case=outreach_case, actor=creditor_a, cease_contact=False, opted_out_channels=["pigeon"])


def test_staff_and_other_creditors_cannot_send(outreach_case, staff, creditor_b, verified_sender, smtp):
    before = counts()
    for actor in (staff, creditor_b):
        with pytest.raises(ServiceError):
            message_send(case=outreach_case, actor=actor, channel="email", subject="通知", body=GOOD_EMAIL)
    assert counts() == before


def test_policy_override_tightens_and_never_loosens(outreach_case, creditor_a, staff, verified_sender, smtp, clock):
    org = org_of(creditor_a)
    with pytest.raises(ServiceError) as exc:
        policy_override_set(organisation=org, actor=staff, pack_id="cn-2025", overrides={"window.end": "22:00"})
    assert "window.end" in exc.value.message
    with pytest.raises(ServiceError):
        policy_override_set(organisation=org, actor=creditor_a, pack_id="cn-2025", overrides={"window.end": "20:00"})
    policy_override_set(organisation=org, actor=staff, pack_id="cn-2025", overrides={"window.end": "09:30"})
    assert policy_for(org).window.end.hour == 9
    decision = message_send(case=outreach_case, actor=creditor_a, channel="email", subject="通知", body=GOOD_EMAIL)
    assert decision.outcome == "defer" and decision.policy.startswith("cn-2025 + org:")


def test_call_clearance_and_log(outreach_case, creditor_a, verified_sender, clock):
    clearance = contact_clear(case=outreach_case, actor=creditor_a, channel="call")
    assert clearance.outcome == "allow"
    with pytest.raises(ServiceError) as exc:
        call_log(decision=clearance, actor=creditor_a, started_at=clock(), outcome="spoke", connected=False)
    assert "connected" in exc.value.errors
    log = call_log(
        decision=clearance,
        actor=creditor_a,
        started_at=clock(),
        outcome="promise",
        connected=True,
        duration_seconds=180,
        recording_ref="rec/2026/03/02/0001.mp3",
    )
    assert CallLog.objects.get() == log
    event = CaseEvent.objects.get(case=outreach_case, kind=EventKind.CALL_LOGGED)
    assert event.data["recording_ref"] == "rec/2026/03/02/0001.mp3" and event.data["connected"] is True
    with pytest.raises(ServiceError):  # one clearance, one call
        call_log(decision=clearance, actor=creditor_a, started_at=clock(), outcome="no_answer")
    # Three connected calls a day: the fourth clearance is deferred to tomorrow.
    for _ in range(2):
        clock.advance(timedelta(minutes=30))
        c = contact_clear(case=outreach_case, actor=creditor_a, channel="call")
        call_log(decision=c, actor=creditor_a, started_at=clock(), outcome="spoke", connected=True, duration_seconds=60)
    clock.advance(timedelta(minutes=30))
    fourth = contact_clear(case=outreach_case, actor=creditor_a, channel="call")
    assert fourth.outcome == "defer" and fourth.rule_ids == ["CN-CALLS-CONNECTED"]
    with pytest.raises(ServiceError):
        call_log(decision=fourth, actor=creditor_a, started_at=clock(), outcome="no_answer")


def test_visit_needs_two_staff_and_records_only_the_agents_location(outreach_case, creditor_a, verified_sender, clock):
    alone = contact_clear(case=outreach_case, actor=creditor_a, channel="visit", staff_count=1)
    assert alone.outcome == "block" and "CN-VISIT-STAFF" in alone.rule_ids
    clearance = contact_clear(case=outreach_case, actor=creditor_a, channel="visit", staff_count=2)
    assert clearance.outcome == "allow"
    with pytest.raises(ServiceError) as exc:
        visit_log(
            decision=clearance,
            actor=creditor_a,
            started_at=clock(),
            participants=["王敏"],
            agent_checkin_location="公司前台",
        )
    assert "participants" in exc.value.errors
    visit = visit_log(
        decision=clearance,
        actor=creditor_a,
        started_at=clock(),
        participants=["王敏", "赵刚"],
        agent_checkin_location="王敏 check-in: 婺城区八一南街 (agent's phone)",
        outcome="约定下周付款",
    )
    assert Visit.objects.get() == visit
    assert not {f.name for f in Visit._meta.get_fields()} & {"debtor_location", "latitude", "longitude"}
    assert "Never record the debtor's location" in str(Visit._meta.get_field("agent_checkin_location").help_text)
    event = CaseEvent.objects.get(case=outreach_case, kind=EventKind.VISIT_LOGGED)
    assert event.data["participants"] == ["王敏", "赵刚"]


def test_clearance_expires(outreach_case, creditor_a, verified_sender, clock):
    clearance = contact_clear(case=outreach_case, actor=creditor_a, channel="call")
    with pytest.raises(ServiceError) as exc:
        call_log(decision=clearance, actor=creditor_a, started_at=clock() + timedelta(hours=2), outcome="no_answer")
    assert exc.value.field == "started_at"


def test_us_regf_pack_needs_the_validation_notice_first(outreach_case, creditor_a, staff, verified_sender, smtp, clock):
    policy_override_set(organisation=org_of(creditor_a), actor=staff, pack_id="us-regf", overrides={})
    Debtor.objects.filter(pk=outreach_case.debt.debtor_id).update(time_zone="America/New_York")
    clock.set(datetime(2026, 3, 2, 15, 0, tzinfo=UTC))  # 10:00 in New York
    body = "This is Wang Min of 金华明律律师事务所 王敏 about an unpaid invoice. Please call us back."
    first = message_send(case=outreach_case, actor=creditor_a, channel="email", subject="Invoice", body=body)
    assert first.outcome == "block" and any(r.startswith("US-") and "VALID" in r for r in first.rule_ids)
    notice = message_send(
        case=outreach_case,
        actor=creditor_a,
        channel="letter",
        subject="Validation notice",
        body=body + " If you dispute this debt, tell us within 30 days and we will stop collection until we verify it.",
        message_kind="first_notice",
    )
    assert notice.outcome == "allow", notice.rule_ids
    clock.advance(timedelta(days=1))
    assert (
        message_send(case=outreach_case, actor=creditor_a, channel="email", subject="Invoice", body=body).outcome
        == "allow"
    )


def test_admin_policy_override_refuses_looser_values(creditor_a):
    from django.core.exceptions import ValidationError

    from huikuan.outreach.models import PolicyOverride

    looser = PolicyOverride(organisation=org_of(creditor_a), pack_id="cn-2025", overrides={"window.end": "22:00"})
    with pytest.raises(ValidationError) as exc:
        looser.full_clean()
    assert "window.end" in str(exc.value)
    PolicyOverride(
        organisation=org_of(creditor_a), pack_id="cn-2025", overrides={"limits.CN-CALLS-CONNECTED.limit": 2}
    ).full_clean()
