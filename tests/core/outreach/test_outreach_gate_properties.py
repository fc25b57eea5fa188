"""Properties of the gate over generated histories and times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from huikuan.core.outreach import (
    ALLOW,
    BLOCK,
    DEFER,
    CaseState,
    ContactHistory,
    PriorAttempt,
    ProposedContact,
    Sender,
    decide,
    load_policy,
)

POLICIES = [load_policy("cn-2025"), load_policy("us-regf")]
ZONES = ["Asia/Shanghai", "Asia/Urumqi", "America/New_York", "Europe/London", "Australia/Lord_Howe"]
BASE = datetime(2026, 3, 1, tzinfo=UTC)

attempts = st.builds(
    PriorAttempt,
    at=st.integers(0, 20 * 24 * 60).map(lambda m: BASE + timedelta(minutes=m)),
    channel=st.sampled_from(["call", "sms", "email", "visit", "letter"]),
    recipient_id=st.sampled_from(["d1", "d2"]),
    address=st.sampled_from(["n1", "n2"]),
    debt_id=st.sampled_from(["a", "b"]),
    connected=st.booleans(),
    conversation=st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(
    history=st.lists(attempts, max_size=25),
    minute=st.integers(10 * 24 * 60, 30 * 24 * 60),
    channel=st.sampled_from(["call", "sms", "visit", "letter"]),
    zone=st.sampled_from(ZONES),
    policy=st.sampled_from(POLICIES),
)
def test_defer_time_is_later_and_then_allowed(history, minute, channel, zone, policy):
    at = BASE + timedelta(minutes=minute)
    contact = ProposedContact(
        at=at,
        channel=channel,
        recipient_id="d1",
        relation="debtor",
        address="n1",
        sender=Sender("Dana Price", "Acme Recovery Law Group", identity_verified=True),
        content="This is Dana Price of Acme Recovery Law Group. Your next installment is due on the 15th.",
        debt_id="a",
        staff_count=2,
        debtor_timezone=zone,
        case=CaseState(validation_notice_sent=True),
    )
    history = ContactHistory(tuple(a for a in history if a.at < at))
    d = decide(contact, history, policy)
    assert d.outcome in (ALLOW, DEFER, BLOCK)
    if d.outcome == DEFER:
        assert d.next_allowed_at > at and d.next_allowed_at.tzinfo is UTC
        again = decide(ProposedContact(**{**_fields(contact), "at": d.next_allowed_at}), history, policy)
        assert again.outcome == ALLOW
    elif d.outcome == ALLOW:
        assert d.reasons == ()


def _fields(contact: ProposedContact) -> dict:
    return {name: getattr(contact, name) for name in contact.__dataclass_fields__}
