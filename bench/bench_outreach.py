"""The Django layer of the outreach gate: decisions recorded per second.

Each decision builds the gate's input from the database (debtor's zone, relation, open disputes,
preferences, the recipient's contact history, the sender's verified identity), runs the gate and
writes the GateDecision row (plus its timeline event when blocked or deferred) in one transaction.
Runs against a throwaway SQLite file in a temporary directory (never the configured database;
set HUIKUAN_BENCH_DATABASE_URL to measure a throwaway PostgreSQL instead).
Run: .venv/bin/python bench/bench_outreach.py [decisions]
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huikuan.config.settings.test")
os.environ.pop("DATABASE_URL", None)
if os.environ.get("HUIKUAN_BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["HUIKUAN_BENCH_DATABASE_URL"]


def main(n: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from huikuan.accounts.models import Membership, Organisation, User
    from huikuan.cases.schemas import CaseCreateIn, DebtIn, DebtorIn
    from huikuan.cases.services import case_register
    from huikuan.outreach.models import GateDecision, SenderProfile
    from huikuan.outreach.services import contact_clear, message_send

    user = User.objects.create_user(email="bench@a.test", password="bench-password-42")
    org = Organisation.objects.create(name="甲公司")
    Membership.objects.create(user=user, organisation=org, role="owner")
    SenderProfile.objects.create(
        organisation=org, display_name="金华明律律师事务所 王敏", verified_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    cases = []
    for i in range(100):
        data = CaseCreateIn(
            debtor=DebtorIn(
                kind="person",
                name=f"债务人{i}",
                mobile=f"139{i:08d}",
                email=f"d{i}@bench.test",
                address="浙江省金华市婺城区八一南街100号",
                time_zone="Asia/Urumqi" if i % 4 == 0 else "Asia/Shanghai",
            ),
            debt=DebtIn(
                debt_type="goods",
                principal="1000.00",
                contract_date="2024-01-01",
                due_date="2024-02-01",
            ),
        )
        cases.append(case_register(organisation=org, data=data, actor=user))

    start_at = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 Shanghai
    good = "金华市宏远建材有限公司：货款尚未支付，如需分期请回复。金华明律律师事务所 王敏"
    threat = "再不还钱就找人上门，后果自负。金华明律律师事务所 王敏"

    def run(label: str, propose) -> None:
        outcomes: Counter[str] = Counter()
        before = GateDecision.objects.count()
        t0 = time.perf_counter()
        for i in range(n):
            at = start_at + timedelta(minutes=i // 10)
            outcomes[propose(cases[i % len(cases)], i, at).outcome] += 1
        elapsed = time.perf_counter() - t0
        recorded = GateDecision.objects.count() - before
        assert recorded == n
        print(
            f"{label}: {n} decisions recorded in {elapsed:.2f} s = {n / elapsed:,.0f} decisions/s "
            f"({elapsed / n * 1e3:.2f} ms each; outcomes {dict(outcomes)})"
        )

    run("call clearances", lambda case, i, at: contact_clear(case=case, actor=user, channel="call", at=at))

    # Message proposals: content linted; allowed ones are stored and handed to the (in-memory) mail backend.
    def propose(case, i, at):
        return message_send(
            case=case, actor=user, channel="email", subject="通知", body=threat if i % 5 == 0 else good, at=at
        )

    run("email proposals", propose)
    from django.db import connection

    print(f"database: {connection.vendor}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
