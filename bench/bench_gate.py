"""Throughput of the outreach gate: decisions per second for 100,000 proposed contacts.

Each contact has a realistic history (0-40 prior attempts over the last 14 days across
channels and numbers); messages carry content, so the linter runs on them.
Run: .venv/bin/python bench/bench_gate.py [count]
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from huikuan.core.outreach import (
    CaseState,
    ContactHistory,
    PriorAttempt,
    ProposedContact,
    Sender,
    decide,
    load_policy,
)

ZH = [
    "【金华明律律师事务所】李强先生，本所律师王敏提醒：货款尚未支付，如需分期可在回款平台提交计划。",
    "您好，我是恒达贸易的孙丽，想跟您确认一下上月说好的还款安排，方便的话请回电。",
    "我是明律律师事务所王敏律师。如双方协商不成，我方将依法向人民法院申请支付令。",
    "你这个老赖，再不还钱就把你的事发到朋友圈。",
]
EN = [
    "This is Dana Price from Acme Recovery Law Group. Would a payment plan of $400 per month work for you?",
    "This is Sam Lee, attorney at Acme Recovery Law Group. Our client may file a lawsuit if we cannot agree.",
    "Pay today or you will be arrested.",
]
ZONES_CN = ["Asia/Shanghai", "Asia/Shanghai", "Asia/Shanghai", "Asia/Urumqi"]
ZONES_US = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"]


def make_case(rng: random.Random, us: bool) -> tuple[ProposedContact, ContactHistory]:
    at = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(60 * 24 * 300))
    numbers = [f"n{i}" for i in range(rng.randint(1, 3))]
    attempts = []
    for _ in range(rng.randint(0, 40)):
        channel = rng.choice(["call", "call", "call", "sms", "email", "letter", "visit"])
        connected = channel == "call" and rng.random() < 0.3
        attempts.append(
            PriorAttempt(
                at - timedelta(minutes=rng.randrange(1, 14 * 24 * 60)),
                channel,
                "debtor-1",
                rng.choice(numbers),
                "debt-1",
                connected=connected,
                conversation=connected and rng.random() < 0.5,
            )
        )
    channel = rng.choice(["call", "call", "sms", "email", "letter", "visit"])
    relation = rng.choices(["debtor", "guarantor", "listed_contact", "relative"], [80, 12, 6, 2])[0]
    content = rng.choice(EN if us else ZH) if channel in ("sms", "email", "letter") else None
    contact = ProposedContact(
        at=at,
        channel=channel,
        recipient_id="debtor-1",
        relation=relation,
        address=rng.choice(numbers),
        sender=Sender("Dana Price" if us else "王敏", "Acme" if us else "明律", identity_verified=rng.random() > 0.01),
        content=content,
        debt_id="debt-1",
        staff_count=rng.choice([1, 2, 2, 3]) if channel == "visit" else None,
        debtor_timezone=rng.choice(ZONES_US if us else ZONES_CN),
        case=CaseState(
            dispute_open=rng.random() < 0.03,
            debtor_unreachable=rng.random() < 0.1,
            validation_notice_sent=rng.random() < 0.95,
        ),
    )
    return contact, ContactHistory(tuple(sorted(attempts, key=lambda a: a.at)))


def run(n: int) -> None:
    rng = random.Random(20260301)
    packs = {"cn-2025": load_policy("cn-2025"), "us-regf": load_policy("us-regf")}
    for pack_id, policy in packs.items():
        cases = [make_case(rng, pack_id == "us-regf") for _ in range(n)]
        mean_history = sum(len(h.attempts) for _, h in cases) / n
        outcomes: Counter[str] = Counter()
        start = time.perf_counter()
        for contact, history in cases:
            outcomes[decide(contact, history, policy).outcome] += 1
        elapsed = time.perf_counter() - start
        print(
            f"{pack_id}: {n} decisions in {elapsed:.2f} s = {n / elapsed:,.0f} decisions/s "
            f"({elapsed / n * 1e6:.1f} us each; mean history {mean_history:.1f} attempts; "
            f"outcomes {dict(outcomes)})"
        )


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
