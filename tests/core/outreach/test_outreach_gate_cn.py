"""The contact gate under the default cn-2025 pack."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
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
    tighten_policy,
)

SH = ZoneInfo("Asia/Shanghai")
URUMQI = ZoneInfo("Asia/Urumqi")
POLICY = load_policy("cn-2025")
SENDER = Sender("王敏", "金华明律律师事务所", identity_verified=True)
PHONE = "13800000001"
GOOD_SMS = "【金华明律律师事务所】李强先生，本所律师王敏提醒：货款尚未支付，如需分期可在回款平台提交计划。"
LOCATE_SMS = "您好，我是金华明律律师事务所的王敏，想联系李强先生，麻烦您转告他给我回个电话，谢谢。"


def sh(y: int, mo: int, d: int, h: int = 10, mi: int = 0) -> datetime:
    """A Shanghai wall time, stored in UTC as the callers do."""
    return datetime(y, mo, d, h, mi, tzinfo=SH).astimezone(UTC)


def contact(**kw) -> ProposedContact:
    base = {
        "at": sh(2026, 3, 2),
        "channel": "call",
        "recipient_id": "debtor-1",
        "relation": "debtor",
        "address": PHONE,
        "sender": SENDER,
        "debt_id": "debt-1",
    }
    base.update(kw)
    return ProposedContact(**base)


def calls(*times: datetime, connected: bool = True, address: str = PHONE, recipient: str = "debtor-1"):
    return tuple(PriorAttempt(t, "call", recipient, address, "debt-1", connected=connected) for t in times)


def hist(*attempts: PriorAttempt) -> ContactHistory:
    return ContactHistory(tuple(attempts))


# ------------------------------------------------------------------ contact window, time zones


@pytest.mark.parametrize(
    ("at", "tz", "channel", "outcome", "next_local"),
    [
        (sh(2026, 3, 2, 8, 0), None, "call", ALLOW, None),
        (sh(2026, 3, 2, 7, 59), None, "call", DEFER, datetime(2026, 3, 2, 8, 0, tzinfo=SH)),
        (sh(2026, 3, 2, 20, 59), None, "call", ALLOW, None),
        (sh(2026, 3, 2, 21, 0), None, "call", DEFER, datetime(2026, 3, 3, 8, 0, tzinfo=SH)),
        (sh(2026, 3, 2, 23, 30), None, "sms", DEFER, datetime(2026, 3, 3, 8, 0, tzinfo=SH)),
        (sh(2026, 3, 2, 0, 0), None, "email", DEFER, datetime(2026, 3, 2, 8, 0, tzinfo=SH)),
        (sh(2026, 3, 2, 22, 0), None, "visit", DEFER, datetime(2026, 3, 3, 8, 0, tzinfo=SH)),
        # Letters are not delivered at the moment they are sent: no window.
        (sh(2026, 3, 2, 23, 0), None, "letter", ALLOW, None),
        # 08:30 in Shanghai is 06:30 in Urumqi (UTC+6): defer until 08:00 Urumqi = 10:00 Shanghai.
        (sh(2026, 3, 2, 8, 30), "Asia/Urumqi", "call", DEFER, datetime(2026, 3, 2, 8, 0, tzinfo=URUMQI)),
        (sh(2026, 3, 2, 8, 30), "Asia/Shanghai", "call", ALLOW, None),
        # 22:30 Shanghai is 20:30 Urumqi: still inside the Urumqi window.
        (sh(2026, 3, 2, 22, 30), "Asia/Urumqi", "call", ALLOW, None),
        (sh(2026, 3, 2, 23, 0), "Asia/Urumqi", "call", DEFER, datetime(2026, 3, 3, 8, 0, tzinfo=URUMQI)),
    ],
)
def test_contact_window(at, tz, channel, outcome, next_local):
    content = GOOD_SMS if channel in ("sms", "email", "letter") else None
    staff = 2 if channel == "visit" else None
    d = decide(
        contact(at=at, debtor_timezone=tz, channel=channel, content=content, staff_count=staff),
        hist(),
        POLICY,
    )
    assert d.outcome == outcome
    if outcome == DEFER:
        assert d.rule_ids == ("CN-WINDOW",)
        assert d.next_allowed_at == next_local.astimezone(UTC)
        assert d.next_allowed_at.tzinfo is UTC
        assert d.reasons[0].source.startswith("GB/T 45251-2025")
    else:
        assert d.next_allowed_at is None and d.reasons == ()


def test_local_time_is_reported_in_debtor_zone():
    d = decide(contact(at=sh(2026, 3, 2, 8, 30), debtor_timezone="Asia/Urumqi"), hist(), POLICY)
    assert (d.local_time.hour, d.local_time.minute, str(d.local_time.tzinfo)) == (6, 30, "Asia/Urumqi")


# ------------------------------------------------------------------ quiet days


@pytest.mark.parametrize(
    ("at", "channel", "outcome", "next_local"),
    [
        # Spring Festival 2026: 16-19 Feb are quiet; the next allowed moment is 20 Feb 08:00.
        (sh(2026, 2, 17, 10), "call", DEFER, datetime(2026, 2, 20, 8, 0, tzinfo=SH)),
        (sh(2026, 2, 16, 0, 1), "sms", DEFER, datetime(2026, 2, 20, 8, 0, tzinfo=SH)),
        # The evening before: the window pushes to the next day, which is quiet, so both apply.
        (sh(2026, 2, 15, 22), "call", DEFER, datetime(2026, 2, 20, 8, 0, tzinfo=SH)),
        (sh(2026, 2, 20, 8), "call", ALLOW, None),
        (sh(2026, 2, 17, 10), "letter", ALLOW, None),
    ],
)
def test_quiet_days(at, channel, outcome, next_local):
    content = GOOD_SMS if channel in ("sms", "letter") else None
    d = decide(contact(at=at, channel=channel, content=content), hist(), POLICY)
    assert d.outcome == outcome
    if next_local:
        assert d.next_allowed_at == next_local.astimezone(UTC)
        assert set(d.rule_ids) <= {"CN-QUIET-DAY", "CN-WINDOW"}


def test_quiet_day_is_a_local_date():
    # 2026-02-15 23:30 UTC is already 2026-02-16 07:30 in Shanghai: a quiet day there.
    at = datetime(2026, 2, 15, 23, 30, tzinfo=UTC)
    d = decide(contact(at=at), hist(), POLICY)
    assert d.outcome == DEFER and "CN-QUIET-DAY" in d.rule_ids
    # In New York the same instant is 18:30 on the 15th: not quiet, inside the window.
    assert decide(contact(at=at, debtor_timezone="America/New_York"), hist(), POLICY).outcome == ALLOW


def test_creditor_quiet_day():
    p = tighten_policy(POLICY, {"quiet_days.dates": [*POLICY.data["quiet_days"]["dates"], "2026-10-01"]}, label="c")
    d = decide(contact(at=sh(2026, 10, 1, 9)), hist(), p)
    assert d.outcome == DEFER and d.next_allowed_at == datetime(2026, 10, 2, 8, tzinfo=SH).astimezone(UTC)


# ------------------------------------------------------------------ frequency limits


TODAY = (2026, 3, 2)


@pytest.mark.parametrize(
    ("history", "outcome", "rule"),
    [
        (calls(sh(*TODAY, 9), sh(*TODAY, 10), sh(*TODAY, 11)), DEFER, "CN-CALLS-CONNECTED"),
        (calls(sh(*TODAY, 9), sh(*TODAY, 10)), ALLOW, None),
        # Counts reset at local midnight: three connected calls yesterday do not count today.
        (calls(sh(2026, 3, 1, 9), sh(2026, 3, 1, 10), sh(2026, 3, 1, 23, 59)), ALLOW, None),
        # 00:00 local today belongs to today.
        (calls(sh(*TODAY, 0, 0), sh(*TODAY, 9), sh(*TODAY, 10)), DEFER, "CN-CALLS-CONNECTED"),
        # Unanswered calls do not count as connected; 5 attempts are under the 6-attempt limit.
        (calls(*(sh(*TODAY, 8, m) for m in range(0, 50, 10)), connected=False), ALLOW, None),
        (calls(*(sh(*TODAY, 8, m) for m in range(0, 60, 10)), connected=False), DEFER, "CN-CALLS-ATTEMPTS"),
        # The attempt limit is per number.
        (calls(*(sh(*TODAY, 8, m) for m in range(0, 60, 10)), connected=False, address="139"), ALLOW, None),
        # The connected-call limit is per person, whatever the number.
        (
            calls(sh(*TODAY, 8), sh(*TODAY, 9), address="139") + calls(sh(*TODAY, 9, 30)),
            DEFER,
            "CN-CALLS-CONNECTED",
        ),
        # Calls to another person do not count.
        (
            calls(sh(*TODAY, 8), sh(*TODAY, 9), sh(*TODAY, 9, 30), recipient="guarantor-1", address="137"),
            ALLOW,
            None,
        ),
        # A conversation is a connected call.
        (
            (
                PriorAttempt(sh(*TODAY, 8), "call", "debtor-1", PHONE, conversation=True),
                *calls(sh(*TODAY, 9), sh(*TODAY, 9, 30)),
            ),
            DEFER,
            "CN-CALLS-CONNECTED",
        ),
    ],
)
def test_call_limits(history, outcome, rule):
    d = decide(contact(at=sh(*TODAY, 12)), hist(*history), POLICY)
    assert d.outcome == outcome
    if rule:
        assert d.rule_ids == (rule,)
        assert d.next_allowed_at == datetime(2026, 3, 3, 8, tzinfo=SH).astimezone(UTC)


def test_day_boundary_uses_debtor_zone():
    # Calls at 23:00 UTC on 1 March: 2 March in Urumqi (05:00), 1 March in New York (18:00).
    history = hist(*calls(*(datetime(2026, 3, 1, 23, m, tzinfo=UTC) for m in (0, 10, 20))))
    at = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # 20:00 Urumqi, 09:00 New York
    assert decide(contact(at=at, debtor_timezone="Asia/Urumqi"), history, POLICY).rule_ids == ("CN-CALLS-CONNECTED",)
    ny = decide(contact(at=at, debtor_timezone="America/New_York"), history, POLICY)
    assert ny.outcome == ALLOW  # 09:00 on 2 March in New York; the calls were on 1 March there


@pytest.mark.parametrize(
    ("prior_channel", "channel", "outcome", "next_local"),
    [
        ("sms", "sms", DEFER, datetime(2026, 3, 3, 8, tzinfo=SH)),
        ("sms", "email", ALLOW, None),
        ("email", "email", DEFER, datetime(2026, 3, 3, 8, tzinfo=SH)),
        # Letters have no window: the next letter may go out from local midnight.
        ("letter", "letter", DEFER, datetime(2026, 3, 3, 0, 0, tzinfo=SH)),
        ("call", "sms", ALLOW, None),
    ],
)
def test_one_message_per_channel_per_day(prior_channel, channel, outcome, next_local):
    prior = PriorAttempt(sh(*TODAY, 8, 30), prior_channel, "debtor-1", PHONE)
    d = decide(contact(channel=channel, content=GOOD_SMS), hist(prior), POLICY)
    assert d.outcome == outcome
    if next_local:
        assert d.rule_ids == ("CN-MESSAGES",)
        assert d.next_allowed_at == next_local.astimezone(UTC)


@pytest.mark.parametrize(
    ("visit_days", "outcome", "next_local"),
    [
        ((3, 5), DEFER, datetime(2026, 3, 10, 8, tzinfo=SH)),  # visits on 3 and 5 March; 9 March is day 7
        ((4, 8), DEFER, datetime(2026, 3, 11, 8, tzinfo=SH)),
        ((2, 5), ALLOW, None),  # 2 March dropped out on 9 March
        ((1, 5), ALLOW, None),  # 1 March is outside the 7 days 3-9 March
        ((5,), ALLOW, None),
    ],
)
def test_visits_per_week(visit_days, outcome, next_local):
    prior = tuple(PriorAttempt(sh(2026, 3, d, 10), "visit", "debtor-1", "addr") for d in visit_days)
    c = contact(at=sh(2026, 3, 9, 10), channel="visit", address="addr", staff_count=2)
    d = decide(c, hist(*prior), POLICY)
    assert d.outcome == outcome
    if next_local:
        assert d.rule_ids == ("CN-VISITS",)
        assert d.next_allowed_at == next_local.astimezone(UTC)


@pytest.mark.parametrize(("staff", "outcome"), [(0, BLOCK), (1, BLOCK), (2, ALLOW), (3, ALLOW)])
def test_visit_staff(staff, outcome):
    d = decide(contact(channel="visit", address="addr", staff_count=staff), hist(), POLICY)
    assert d.outcome == outcome
    if outcome == BLOCK:
        assert d.rule_ids == ("CN-VISIT-STAFF",)


# ------------------------------------------------------------------ recipients


@pytest.mark.parametrize("relation", ["relative", "employer", "school", "reference", "other"])
def test_third_parties_never_contactable(relation):
    d = decide(contact(relation=relation, recipient_id="x"), hist(), POLICY)
    assert d.outcome == BLOCK and d.rule_ids == ("CN-RECIPIENT",)


def test_third_party_block_even_when_debtor_unreachable():
    c = contact(relation="employer", case=CaseState(debtor_unreachable=True), channel="sms", content=LOCATE_SMS)
    assert decide(c, hist(), POLICY).rule_ids == ("CN-RECIPIENT",)


def test_guarantor_contactable():
    assert decide(contact(relation="guarantor", recipient_id="g"), hist(), POLICY).outcome == ALLOW


@pytest.mark.parametrize(
    ("unreachable", "channel", "content", "rules"),
    [
        (True, "sms", LOCATE_SMS, ()),
        (False, "sms", LOCATE_SMS, ("CN-LOCATE",)),
        (
            True,
            "sms",
            "您好，请转告李强，他欠我们公司的8万元货款再不还就起诉他。我是王敏。",
            ("lint.disclosure",),
        ),
        (True, "sms", "您好，我是金华明律律师事务所的王敏。祝您生活愉快。", ("CN-LOCATE",)),
        (True, "call", None, ("CN-LOCATE",)),
        (True, "call", LOCATE_SMS, ()),
    ],
)
def test_listed_contact_only_to_locate(unreachable, channel, content, rules):
    c = contact(
        relation="listed_contact",
        recipient_id="c1",
        channel=channel,
        content=content,
        case=CaseState(debtor_unreachable=unreachable),
    )
    d = decide(c, hist(), POLICY)
    assert d.rule_ids == rules
    assert d.outcome == (BLOCK if rules else ALLOW)


# ------------------------------------------------------------------ case state, sender, content


@pytest.mark.parametrize(
    ("case", "rule"),
    [
        (CaseState(dispute_open=True), "CN-DISPUTE"),
        (CaseState(paused=True), "CN-PAUSED"),
        (CaseState(cease_contact=True), "CN-CEASE"),
        (CaseState(opted_out_channels=frozenset({"call"})), "CN-OPT-OUT"),
    ],
)
def test_case_state_blocks(case, rule):
    d = decide(contact(case=case), hist(), POLICY)
    assert d.outcome == BLOCK and d.rule_ids == (rule,) and d.next_allowed_at is None


def test_opt_out_is_per_channel():
    case = CaseState(opted_out_channels=frozenset({"sms"}))
    assert decide(contact(case=case), hist(), POLICY).outcome == ALLOW


@pytest.mark.parametrize("sender", [Sender("王敏", "明律", identity_verified=False), Sender(" ", "", True)])
def test_sender_identity(sender):
    assert decide(contact(sender=sender), hist(), POLICY).rule_ids == ("CN-SENDER-IDENTITY",)


@pytest.mark.parametrize(
    ("content", "kind", "fees", "rules"),
    [
        (GOOD_SMS, "follow_up", (), ()),
        (
            "【明律律所】王敏律师：你这个老赖，三天之内不还后果自负。",
            "follow_up",
            (),
            ("lint.insult", "lint.threat.violence"),
        ),
        ("今天必须还款。", "follow_up", (), ("lint.required.identity",)),
        ("今天必须还款。", "reply", (), ()),
        (
            "本所律师王敏：贵方尚欠货款86,500元，请于15日内付款。",
            "first_notice",
            (),
            ("lint.required.dispute",),
        ),
        ("律师王敏：请另付手续费200元。", "follow_up", (), ("lint.fee",)),
        ("律师王敏：请另付手续费200元。", "follow_up", ("handling_fee",), ()),
    ],
)
def test_content_is_linted(content, kind, fees, rules):
    c = contact(channel="sms", content=content, message_kind=kind, case=CaseState(ledger_fee_items=fees))
    d = decide(c, hist(), POLICY)
    assert set(d.rule_ids) == set(rules)
    assert d.outcome == (BLOCK if rules else ALLOW)
    assert all(h.source for h in d.reasons)


def test_block_lists_every_rule_including_time_rules():
    c = contact(
        at=sh(2026, 3, 2, 23),
        relation="relative",
        channel="sms",
        content="你儿子欠钱不还，老赖一个。",
        sender=Sender("x", "", identity_verified=False),
        case=CaseState(dispute_open=True),
    )
    d = decide(c, hist(PriorAttempt(sh(2026, 3, 2, 9), "sms", "debtor-1", PHONE)), POLICY)
    assert d.outcome == BLOCK and d.next_allowed_at is None
    assert {
        "CN-RECIPIENT",
        "CN-DISPUTE",
        "CN-SENDER-IDENTITY",
        "CN-WINDOW",
        "lint.disclosure",
        "lint.insult",
        "lint.required.identity",
    } <= set(d.rule_ids)


def test_defer_combines_window_and_frequency():
    # Three connected calls today and it is 20:30: tomorrow 08:00 satisfies both.
    history = hist(*calls(sh(*TODAY, 9), sh(*TODAY, 10), sh(*TODAY, 11)))
    d = decide(contact(at=sh(*TODAY, 20, 30)), history, POLICY)
    assert d.outcome == DEFER and d.rule_ids == ("CN-CALLS-CONNECTED",)
    d = decide(contact(at=sh(*TODAY, 21, 30)), history, POLICY)
    assert set(d.rule_ids) == {"CN-WINDOW", "CN-CALLS-CONNECTED"}
    assert d.next_allowed_at == datetime(2026, 3, 3, 8, tzinfo=SH).astimezone(UTC)


def test_limit_of_zero_blocks_instead_of_deferring():
    p = tighten_policy(POLICY, {"limits.CN-CALLS-CONNECTED.limit": 0}, label="no calls")
    d = decide(contact(), hist(), p)
    assert d.outcome == BLOCK and d.rule_ids == ("CN-CALLS-CONNECTED",)


def test_tightened_limit_applies():
    p = tighten_policy(POLICY, {"limits.CN-CALLS-CONNECTED.limit": 2, "window.end": "20:00"}, label="acme")
    history = hist(*calls(sh(*TODAY, 9), sh(*TODAY, 10)))
    assert decide(contact(), history, p).rule_ids == ("CN-CALLS-CONNECTED",)
    assert decide(contact(at=sh(*TODAY, 20, 15)), hist(), p).rule_ids == ("CN-WINDOW",)
    assert decide(contact(at=sh(*TODAY, 20, 15)), hist(), POLICY).outcome == ALLOW


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "fax"}, "channel"),
        ({"channel": "wechat"}, "channel"),
        ({"relation": "neighbour"}, "relation"),
        ({"relation": "Debtor"}, "relation"),
        ({"at": datetime(2026, 3, 2, 10, 0)}, "at"),
        ({"debtor_timezone": "Mars/Olympus"}, "debtor_timezone"),
        ({"message_kind": "threat"}, "message_kind"),
        ({"channel": "sms", "content": None}, "content"),
        ({"channel": "letter", "content": "  "}, "content"),
        ({"channel": "visit", "staff_count": None}, "staff_count"),
        ({"recipient_id": ""}, "recipient_id"),
        ({"address": ""}, "address"),
        ({"case": CaseState(opted_out_channels=frozenset({"pigeon"}))}, "case.opted_out_channels"),
    ],
)
def test_bad_input(change, field):
    with pytest.raises(ContactInputError) as err:
        decide(replace(contact(), **change), hist(), POLICY)
    assert isinstance(err.value, ValueError)
    assert err.value.field == field
    assert field in str(err.value)


@pytest.mark.parametrize(
    ("attempt", "field"),
    [
        (PriorAttempt(datetime(2026, 3, 2, 9), "call", "debtor-1", PHONE), "history.attempts[1].at"),
        (PriorAttempt(sh(*TODAY, 9), "telegram", "debtor-1", PHONE), "history.attempts[1].channel"),
    ],
)
def test_bad_history(attempt, field):
    good = PriorAttempt(sh(*TODAY, 8), "call", "debtor-1", PHONE)
    with pytest.raises(ContactInputError) as err:
        decide(contact(), hist(good, attempt), POLICY)
    assert err.value.field == field


def test_defer_then_retry_is_allowed():
    history = hist(*calls(sh(*TODAY, 9), sh(*TODAY, 10), sh(*TODAY, 11)))
    d = decide(contact(at=sh(*TODAY, 12)), history, POLICY)
    again = decide(contact(at=d.next_allowed_at), history, POLICY)
    assert again.outcome == ALLOW
    assert decide(contact(at=d.next_allowed_at - timedelta(seconds=1)), history, POLICY).outcome == DEFER
