"""The contact gate: one function decides whether a proposed contact may happen now.

`decide` returns allow, block (with every rule that blocked) or defer (with the earliest
time at which every time-based rule is satisfied). Time rules are evaluated in the debtor's
IANA zone; day counts reset at local midnight.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ContactInputError
from .lint import lint
from .policy import CHANNELS, MESSAGE_CHANNELS, RELATIONS, FrequencyLimit, Policy, RuleRef

ALLOW = "allow"
BLOCK = "block"
DEFER = "defer"

# Parties to the debt: the linter's third-party disclosure rule does not apply to them.
_PARTIES = frozenset({"debtor", "guarantor"})
# A locate message must ask the debtor to get in touch (GB/T 45251-2025; 12 CFR 1006.10).
_GET_IN_TOUCH = re.compile(r"回电|回个电话|联系|转告|\b(call|contact|reach|in touch|let \w+ know)\b", re.I)
_MAX_DEFER_STEPS = 400


@dataclass(frozen=True, slots=True)
class Sender:
    name: str
    organisation: str = ""
    identity_verified: bool = False


@dataclass(frozen=True, slots=True)
class CaseState:
    dispute_open: bool = False
    paused: bool = False
    cease_contact: bool = False
    opted_out_channels: frozenset[str] = frozenset()
    debtor_unreachable: bool = False
    validation_notice_sent: bool = False
    ledger_fee_items: tuple[str, ...] = ()  # fees the ledger allows; any other fee in a message is refused


@dataclass(frozen=True, slots=True)
class ProposedContact:
    at: datetime  # timezone-aware; compared in UTC, evaluated in the debtor's zone
    channel: str
    recipient_id: str
    relation: str
    address: str  # number, e-mail or postal address
    sender: Sender
    content: str | None = None  # required for email, sms and letter; optional script for call and visit
    message_kind: str = "follow_up"  # a key of policy.required_elements
    debt_id: str = ""
    staff_count: int | None = None  # required for visits
    debtor_timezone: str | None = None  # IANA name; None means the policy's default
    case: CaseState = field(default_factory=CaseState)


@dataclass(frozen=True, slots=True)
class PriorAttempt:
    at: datetime
    channel: str
    recipient_id: str
    address: str
    debt_id: str = ""
    connected: bool = False
    conversation: bool = False  # a conversation implies a connected call


@dataclass(frozen=True, slots=True)
class ContactHistory:
    attempts: tuple[PriorAttempt, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleHit:
    rule_id: str
    explanation: str
    source: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: str  # ALLOW, BLOCK or DEFER
    reasons: tuple[RuleHit, ...] = ()
    next_allowed_at: datetime | None = None  # UTC; set only when deferred
    local_time: datetime | None = None  # the proposed time in the debtor's zone

    @property
    def allowed(self) -> bool:
        return self.outcome == ALLOW

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(h.rule_id for h in self.reasons)


def _hit(ref: RuleRef, detail: str = "") -> RuleHit:
    return RuleHit(ref.rule_id, ref.explanation, ref.source, detail)


def _zone(contact: ProposedContact, policy: Policy) -> ZoneInfo:
    name = contact.debtor_timezone or policy.default_timezone
    if not name:
        raise ContactInputError(
            f"policy {policy.pack_id!r} has no default zone; give the debtor's IANA zone",
            field="debtor_timezone",
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ContactInputError(f"unknown IANA time zone {name!r}", field="debtor_timezone") from None


def _aware(value: object, path: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ContactInputError("must be a timezone-aware datetime", field=path)
    return value


def _validate(contact: ProposedContact, history: ContactHistory, policy: Policy) -> ZoneInfo:
    _aware(contact.at, "at")
    if contact.channel not in CHANNELS:
        raise ContactInputError(f"unknown channel {contact.channel!r}; expected one of {CHANNELS}", field="channel")
    if contact.relation not in RELATIONS:
        raise ContactInputError(f"unknown relation {contact.relation!r}; expected one of {RELATIONS}", field="relation")
    if not contact.recipient_id:
        raise ContactInputError("must not be empty", field="recipient_id")
    if not contact.address:
        raise ContactInputError("must not be empty", field="address")
    if contact.message_kind not in policy.required_elements:
        raise ContactInputError(
            f"unknown message kind {contact.message_kind!r}; expected one of {sorted(policy.required_elements)}",
            field="message_kind",
        )
    if contact.channel in MESSAGE_CHANNELS and not (contact.content and contact.content.strip()):
        raise ContactInputError(f"a {contact.channel} needs content to check", field="content")
    if contact.channel == "visit" and (
        not isinstance(contact.staff_count, int) or isinstance(contact.staff_count, bool) or contact.staff_count < 0
    ):
        raise ContactInputError("a visit needs the number of staff attending", field="staff_count")
    bad = set(contact.case.opted_out_channels) - set(CHANNELS)
    if bad:
        raise ContactInputError(f"unknown channel(s) {sorted(bad)}", field="case.opted_out_channels")
    for i, a in enumerate(history.attempts):
        _aware(a.at, f"history.attempts[{i}].at")
        if a.channel not in CHANNELS:
            raise ContactInputError(f"unknown channel {a.channel!r}", field=f"history.attempts[{i}].channel")
    return _zone(contact, policy)


def _local(d: date, t: time, tz: ZoneInfo) -> datetime:
    # fold=0 maps a wall time inside a DST gap to the instant just after the gap, so the
    # result is never earlier than intended; in an overlap it picks the first occurrence.
    return datetime.combine(d, t, tzinfo=tz)


def _matches(lim: FrequencyLimit, a: PriorAttempt, c: ProposedContact) -> bool:
    if a.channel not in lim.counts:
        return False
    if lim.outcome == "connected" and not (a.connected or a.conversation):
        return False
    if lim.outcome == "conversation" and not a.conversation:
        return False
    if lim.outcome == "communicated" and a.channel == "call" and not (a.connected or a.conversation):
        return False
    same = lim.same
    return not (
        ("recipient" in same and a.recipient_id != c.recipient_id)
        or ("address" in same and a.address != c.address)
        or ("debt" in same and a.debt_id != c.debt_id)
        or ("channel" in same and a.channel != c.channel)
    )


def _content_hits(contact: ProposedContact, policy: Policy, to_party: bool) -> list[RuleHit]:
    if contact.content is None:
        return []
    kind = contact.message_kind
    if not to_party and "locate" in policy.required_elements:
        kind = "locate"  # a third party only ever gets a locate message
    findings = lint(
        contact.content,
        addressed_to_debtor=to_party,
        allowed_fees=contact.case.ledger_fee_items,
        required=policy.required_elements[kind],
        sender_names=tuple(n for n in (contact.sender.name, contact.sender.organisation) if n),
    )
    return [RuleHit(f.rule_id, f.explanation, f.source, f.excerpt) for f in findings]


def _hard_rules(contact: ProposedContact, policy: Policy) -> list[RuleHit]:
    """Rules that waiting cannot satisfy."""
    hits: list[RuleHit] = []
    case = contact.case
    relation = contact.relation
    to_party = relation in _PARTIES
    if relation not in policy.contactable:
        if policy.locate is not None and relation in policy.locate_relations:
            if not case.debtor_unreachable:
                hits.append(_hit(policy.locate, "the debtor is reachable"))
            elif contact.content is None:
                hits.append(_hit(policy.locate, "no content to check for disclosure"))
            elif not _GET_IN_TOUCH.search(contact.content):
                hits.append(_hit(policy.locate, "the message does not ask the debtor to get in touch"))
        else:
            hits.append(_hit(policy.recipient, f"relation {relation!r}"))
    hits.extend(_content_hits(contact, policy, to_party))
    if case.dispute_open:
        hits.append(_hit(policy.dispute))
    if case.paused:
        hits.append(_hit(policy.paused))
    if case.cease_contact:
        hits.append(_hit(policy.cease))
    if contact.channel in case.opted_out_channels:
        hits.append(_hit(policy.opt_out, contact.channel))
    if not contact.sender.identity_verified or not contact.sender.name.strip():
        hits.append(_hit(policy.sender_identity, "sender identity not verified"))
    if (
        policy.validation_notice is not None
        and not case.validation_notice_sent
        and contact.message_kind != "first_notice"
    ):
        hits.append(_hit(policy.validation_notice))
    if (
        contact.channel == "visit"
        and policy.visit_staff is not None
        and (contact.staff_count or 0) < policy.min_visit_staff
    ):
        hits.append(_hit(policy.visit_staff, f"{contact.staff_count} staff"))
    return hits


def _limit_dates(
    contact: ProposedContact, history: ContactHistory, policy: Policy, tz: ZoneInfo
) -> list[tuple[FrequencyLimit, list[date]]]:
    out = []
    for lim in policy.limits:
        if contact.channel in lim.applies_to and (not lim.relations or contact.relation in lim.relations):
            dates = sorted(a.at.astimezone(tz).date() for a in history.attempts if _matches(lim, a, contact))
            out.append((lim, dates))
    return out


def _time_rules(
    t: datetime,
    contact: ProposedContact,
    policy: Policy,
    tz: ZoneInfo,
    limits: list[tuple[FrequencyLimit, list[date]]],
) -> list[tuple[RuleHit, datetime]]:
    """Rules that waiting can satisfy, each with the earliest time it would be satisfied."""
    out: list[tuple[RuleHit, datetime]] = []
    local = t.astimezone(tz)
    today = local.date()
    w = policy.window
    if contact.channel in w.channels:
        now = local.time()
        if now < w.start:
            out.append((_hit(w.ref, f"local time {now:%H:%M}"), _local(today, w.start, tz)))
        elif now >= w.end:
            out.append((_hit(w.ref, f"local time {now:%H:%M}"), _local(today + timedelta(days=1), w.start, tz)))
    q = policy.quiet_days
    if contact.channel in q.channels and today in q.dates:
        d = today + timedelta(days=1)
        while d in q.dates:
            d += timedelta(days=1)
        out.append((_hit(q.ref, today.isoformat()), _local(d, time(0), tz)))
    for lim, dates in limits:
        start = date.min if lim.days is None else today - timedelta(days=lim.days - 1)
        lo, hi = bisect_left(dates, start), bisect_right(dates, today)
        count = hi - lo
        if count >= lim.limit:
            period = "the whole history" if lim.days is None else f"{lim.days} local day(s)"
            detail = f"{count} in {period}, limit {lim.limit}"
            if lim.limit == 0 or lim.days is None:
                out.append((_hit(lim.ref, detail), datetime.max.replace(tzinfo=UTC)))
            else:
                # The period must slide past the oldest attempts until fewer than `limit` remain.
                oldest_to_drop = dates[hi - lim.limit]
                out.append((_hit(lim.ref, detail), _local(oldest_to_drop + timedelta(days=lim.days), time(0), tz)))
    return out


def decide(contact: ProposedContact, history: ContactHistory, policy: Policy) -> Decision:
    """Decide a proposed contact against a policy and the contact history of the case.

    Raises ContactInputError (a ValueError with `field`) for malformed input.
    """
    tz = _validate(contact, history, policy)
    at = contact.at
    local = at.astimezone(tz)
    limits = _limit_dates(contact, history, policy, tz)
    hard = _hard_rules(contact, policy)
    timed = _time_rules(at, contact, policy, tz, limits)
    reasons = tuple(hard) + tuple(h for h, _ in timed)
    if hard:
        return Decision(BLOCK, reasons, None, local)
    if not timed:
        return Decision(ALLOW, (), None, local)

    t = at
    for _ in range(_MAX_DEFER_STEPS):
        pending = _time_rules(t, contact, policy, tz, limits)
        if not pending:
            return Decision(DEFER, reasons, t.astimezone(UTC), local)
        nxt = max(when for _, when in pending)
        if nxt.year == datetime.max.year:
            break
        t = nxt
    # A limit of zero, or quiet days without end: waiting does not help.
    return Decision(BLOCK, reasons, None, local)
