"""The contact gate under the us-regf pack (12 CFR part 1006), including DST edges."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from huikuan.core.outreach import (
    ALLOW,
    BLOCK,
    DEFER,
    CaseState,
    ContactHistory,
    ContactInputError,
    PriorAttempt,
    ProposedContact,
    Sender,
    decide,
    load_policy,
)

NY = ZoneInfo("America/New_York")
POLICY = load_policy("us-regf")
SENDER = Sender("Dana Price", "Acme Recovery Law Group", identity_verified=True)
PHONE = "+12125550142"
SENT = CaseState(validation_notice_sent=True)


def ny(y: int, mo: int, d: int, h: int = 10, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=NY).astimezone(UTC)


def contact(**kw) -> ProposedContact:
    base = {
        "at": ny(2026, 3, 10),
        "channel": "call",
        "recipient_id": "consumer-1",
        "relation": "debtor",
        "address": PHONE,
        "sender": SENDER,
        "debt_id": "debt-1",
        "debtor_timezone": "America/New_York",
        "case": SENT,
    }
    base.update(kw)
    return ProposedContact(**base)


def call(at: datetime, debt: str = "debt-1", conversation: bool = False, recipient: str = "consumer-1"):
    return PriorAttempt(at, "call", recipient, PHONE, debt, connected=conversation, conversation=conversation)


def hist(*attempts: PriorAttempt) -> ContactHistory:
    return ContactHistory(tuple(attempts))


# ------------------------------------------------------------------ window and DST (1006.6(b)(1)(i))


@pytest.mark.parametrize(
    ("at", "outcome", "next_utc"),
    [
        # Spring forward, Sunday 8 March 2026: 08:00 EDT is 12:00 UTC (the day before, 13:00 UTC).
        (datetime(2026, 3, 8, 12, 30, tzinfo=UTC), ALLOW, None),
        (datetime(2026, 3, 8, 11, 30, tzinfo=UTC), DEFER, datetime(2026, 3, 8, 12, 0, tzinfo=UTC)),
        (datetime(2026, 3, 7, 12, 30, tzinfo=UTC), DEFER, datetime(2026, 3, 7, 13, 0, tzinfo=UTC)),
        (
            datetime(2026, 3, 8, 6, 59, tzinfo=UTC),
            DEFER,
            datetime(2026, 3, 8, 12, 0, tzinfo=UTC),
        ),  # 01:59 EST
        (
            datetime(2026, 3, 8, 7, 30, tzinfo=UTC),
            DEFER,
            datetime(2026, 3, 8, 12, 0, tzinfo=UTC),
        ),  # 03:30 EDT
        # Saturday evening 7 March: 21:00 EST is 02:00 UTC on 8 March; next morning is already EDT.
        (datetime(2026, 3, 8, 1, 59, tzinfo=UTC), ALLOW, None),
        (datetime(2026, 3, 8, 2, 0, tzinfo=UTC), DEFER, datetime(2026, 3, 8, 12, 0, tzinfo=UTC)),
        # 21:00 EDT on 8 March is 01:00 UTC on 9 March.
        (datetime(2026, 3, 9, 0, 59, tzinfo=UTC), ALLOW, None),
        (datetime(2026, 3, 9, 1, 0, tzinfo=UTC), DEFER, datetime(2026, 3, 9, 12, 0, tzinfo=UTC)),
        # Fall back, Sunday 1 November 2026: 08:00 EST is 13:00 UTC (the day before, 12:00 UTC).
        (datetime(2026, 11, 1, 12, 30, tzinfo=UTC), DEFER, datetime(2026, 11, 1, 13, 0, tzinfo=UTC)),
        (datetime(2026, 10, 31, 12, 30, tzinfo=UTC), ALLOW, None),
        (datetime(2026, 11, 1, 13, 0, tzinfo=UTC), ALLOW, None),
        # 01:30 happens twice on 1 November; both are before 08:00.
        (datetime(2026, 11, 1, 5, 30, tzinfo=UTC), DEFER, datetime(2026, 11, 1, 13, 0, tzinfo=UTC)),
        (datetime(2026, 11, 1, 6, 30, tzinfo=UTC), DEFER, datetime(2026, 11, 1, 13, 0, tzinfo=UTC)),
        # Saturday 31 October 21:30 EDT -> Sunday 08:00 EST.
        (datetime(2026, 11, 1, 1, 30, tzinfo=UTC), DEFER, datetime(2026, 11, 1, 13, 0, tzinfo=UTC)),
        # 21:00 EST on 1 November is 02:00 UTC on 2 November.
        (datetime(2026, 11, 2, 1, 59, tzinfo=UTC), ALLOW, None),
        (datetime(2026, 11, 2, 2, 0, tzinfo=UTC), DEFER, datetime(2026, 11, 2, 13, 0, tzinfo=UTC)),
    ],
)
def test_window_across_dst(at, outcome, next_utc):
    d = decide(contact(at=at), hist(), POLICY)
    assert d.outcome == outcome
    if next_utc:
        assert d.rule_ids == ("US-WINDOW",)
        assert d.next_allowed_at == next_utc
        assert "1006.6(b)(1)(i)" in d.reasons[0].source


def test_consumer_zone_elsewhere():
    # 10:00 in New York is 07:00 in Los Angeles.
    d = decide(contact(at=ny(2026, 3, 10, 10), debtor_timezone="America/Los_Angeles"), hist(), POLICY)
    assert d.outcome == DEFER and d.next_allowed_at == ny(2026, 3, 10, 11)


def test_pack_has_no_default_zone():
    with pytest.raises(ContactInputError) as err:
        decide(contact(debtor_timezone=None), hist(), POLICY)
    assert err.value.field == "debtor_timezone"


# ------------------------------------------------------------------ call frequency (1006.14(b)(2))


@pytest.mark.parametrize(
    ("history", "outcome", "rule", "next_local"),
    [
        # Seven attempts on 4-10 March: the eighth in 7 consecutive days is refused until 11 March.
        (
            [call(ny(2026, 3, d, 9)) for d in range(4, 11)],
            DEFER,
            "US-CALLS-7IN7",
            datetime(2026, 3, 11, 8, tzinfo=NY),
        ),
        ([call(ny(2026, 3, d, 9)) for d in range(5, 11)], ALLOW, None, None),
        # Seven attempts on 3-9 March: 3 March is outside 4-10 March, so six count.
        ([call(ny(2026, 3, d, 9)) for d in range(3, 10)], ALLOW, None, None),
        ([call(ny(2026, 3, 3, 9))] + [call(ny(2026, 3, d, 9)) for d in range(5, 11)], ALLOW, None, None),
        # The limit is per debt.
        ([call(ny(2026, 3, d, 9), debt="debt-2") for d in range(4, 11)], ALLOW, None, None),
        # Seven attempts today already.
        (
            [call(ny(2026, 3, 10, 8, m)) for m in range(7)],
            DEFER,
            "US-CALLS-7IN7",
            datetime(2026, 3, 17, 8, tzinfo=NY),
        ),
        # A conversation on 4 March (day 1) bars calls through 10 March (day 7).
        (
            [call(ny(2026, 3, 4, 15), conversation=True)],
            DEFER,
            "US-CALLS-AFTER-CONVERSATION",
            datetime(2026, 3, 11, 8, tzinfo=NY),
        ),
        ([call(ny(2026, 3, 3, 20, 59), conversation=True)], ALLOW, None, None),
        ([call(ny(2026, 3, 9, 9), conversation=True, debt="debt-2")], ALLOW, None, None),
    ],
)
def test_call_frequency(history, outcome, rule, next_local):
    d = decide(contact(at=ny(2026, 3, 10, 12)), hist(*history), POLICY)
    assert d.outcome == outcome
    if rule:
        assert rule in d.rule_ids
        assert d.next_allowed_at == next_local.astimezone(UTC)


def test_seven_day_period_counts_local_days_across_dst():
    # Calls on 2-8 March at 23:30 local; 8 March is the spring-forward day.
    history = hist(*(call(datetime(2026, 3, d, 23, 30, tzinfo=NY).astimezone(UTC)) for d in range(2, 9)))
    d = decide(contact(at=ny(2026, 3, 8, 23, 45)), history, POLICY)
    assert d.outcome == DEFER  # outside the window and over the limit
    assert set(d.rule_ids) == {"US-WINDOW", "US-CALLS-7IN7"}
    assert d.next_allowed_at == datetime(2026, 3, 9, 8, tzinfo=NY).astimezone(UTC)
    # On 9 March the period is 3-9 March: six calls.
    assert decide(contact(at=ny(2026, 3, 9, 9)), history, POLICY).outcome == ALLOW


def test_conversation_day_boundary_on_fall_back_day():
    # 04:30 UTC on 1 November is 00:30 EDT: the conversation day is 1 November locally.
    history = hist(call(datetime(2026, 11, 1, 4, 30, tzinfo=UTC), conversation=True))
    d = decide(contact(at=datetime(2026, 11, 7, 15, 0, tzinfo=UTC)), history, POLICY)  # 10:00 EST, day 7
    assert d.outcome == DEFER and d.next_allowed_at == datetime(2026, 11, 8, 8, tzinfo=NY).astimezone(UTC)
    assert decide(contact(at=datetime(2026, 11, 8, 15, 0, tzinfo=UTC)), history, POLICY).outcome == ALLOW


# ------------------------------------------------------------------ other rules


@pytest.mark.parametrize(
    ("change", "outcome", "rules"),
    [
        ({"case": CaseState()}, BLOCK, ("US-VALIDATION-NOTICE",)),
        (
            {
                "case": CaseState(),
                "channel": "letter",
                "message_kind": "first_notice",
                "content": "This is Dana Price of Acme Recovery Law Group. You owe $980. "
                "You may dispute this debt within 30 days.",
            },
            ALLOW,
            (),
        ),
        ({"case": CaseState(validation_notice_sent=True, cease_contact=True)}, BLOCK, ("US-CEASE",)),
        ({"case": CaseState(validation_notice_sent=True, dispute_open=True)}, BLOCK, ("US-DISPUTE",)),
        ({"case": CaseState(validation_notice_sent=True, paused=True)}, BLOCK, ("US-PAUSED",)),
        (
            {
                "case": CaseState(validation_notice_sent=True, opted_out_channels=frozenset({"email"})),
                "channel": "email",
                "content": "This is Dana Price, Acme Recovery Law Group. Your plan starts on the 15th.",
            },
            BLOCK,
            ("US-OPT-OUT",),
        ),
        ({"relation": "employer", "recipient_id": "e"}, BLOCK, ("US-RECIPIENT",)),
        ({"relation": "relative", "recipient_id": "r"}, BLOCK, ("US-RECIPIENT",)),
        ({"relation": "listed_contact", "recipient_id": "c"}, BLOCK, ("US-LOCATE",)),
        (
            {
                "relation": "listed_contact",
                "recipient_id": "c",
                "case": CaseState(validation_notice_sent=True, debtor_unreachable=True),
                "channel": "sms",
                "content": "Hi, this is Dana Price. I am trying to reach Kevin. Please ask him to call me.",
            },
            ALLOW,
            (),
        ),
        (
            {
                "relation": "listed_contact",
                "recipient_id": "c",
                "case": CaseState(validation_notice_sent=True, debtor_unreachable=True),
                "channel": "sms",
                "content": "This is Dana Price. Please tell Kevin to call me about his overdue balance.",
            },
            BLOCK,
            ("lint.disclosure",),
        ),
        ({"sender": Sender("Dana Price", "Acme", identity_verified=False)}, BLOCK, ("US-SENDER-IDENTITY",)),
        # Regulation F sets no minimum number of staff for an in-person visit.
        ({"channel": "visit", "address": "12 Elm St", "staff_count": 1}, ALLOW, ()),
        (
            {"channel": "sms", "content": "This is Dana Price. You will be arrested if you don't pay."},
            BLOCK,
            ("lint.false_legal",),
        ),
    ],
)
def test_other_rules(change, outcome, rules):
    d = decide(contact(**change), hist(), POLICY)
    assert d.outcome == outcome
    assert d.rule_ids == rules


# ---------------------------------------------------------- location information only once (1006.10(c))

LOCATE = "Hi, this is Dana Price. I am trying to reach Kevin. Please ask him to call me."


@pytest.mark.parametrize(
    ("prior", "outcome"),
    [
        ((), ALLOW),
        # A connected call a year ago still counts: waiting does not help.
        ((PriorAttempt(ny(2025, 3, 1), "call", "c1", "+1555", "debt-1", connected=True),), BLOCK),
        ((PriorAttempt(ny(2026, 3, 9), "sms", "c1", "+1555", "debt-1"),), BLOCK),
        # An unanswered call conveyed nothing.
        ((PriorAttempt(ny(2026, 3, 9), "call", "c1", "+1555", "debt-1"),), ALLOW),
        # Another listed contact.
        ((PriorAttempt(ny(2026, 3, 9), "sms", "c2", "+1556", "debt-1"),), ALLOW),
    ],
)
def test_locate_only_once(prior, outcome):
    c = contact(
        relation="listed_contact",
        recipient_id="c1",
        address="+1555",
        channel="sms",
        content=LOCATE,
        case=CaseState(validation_notice_sent=True, debtor_unreachable=True),
    )
    d = decide(c, hist(*prior), POLICY)
    assert d.outcome == outcome
    if outcome == BLOCK:
        assert d.rule_ids == ("US-LOCATE-ONCE",) and d.next_allowed_at is None


def test_locate_once_does_not_limit_the_consumer():
    prior = PriorAttempt(ny(2026, 3, 9), "sms", "consumer-1", PHONE, "debt-1")
    c = contact(channel="email", content="This is Dana Price, Acme Recovery Law Group. Your plan starts Monday.")
    assert decide(c, hist(prior), POLICY).outcome == ALLOW
