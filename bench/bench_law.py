"""Throughput of the legal arithmetic: interest and limitation for synthetic debts.

Run: .venv/bin/python bench/bench_law.py [count]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from decimal import Decimal

from huikuan.core.law.interest import (
    DebtType,
    InterestRequest,
    InterestTerms,
    PrincipalPayment,
    compute_interest,
)
from huikuan.core.law.limitation import EventKind, LimitationEvent, compute_limitation

AS_OF = dt.date(2026, 6, 30)


def synthetic(n: int, seed: int = 20250101) -> list[tuple[InterestRequest, dict]]:
    rng = random.Random(seed)
    kinds = list(DebtType)
    events = [
        EventKind.DEMAND,
        EventKind.PARTIAL_PAYMENT,
        EventKind.ACKNOWLEDGEMENT,
        EventKind.MEDIATION_REQUEST,
    ]
    out = []
    for _ in range(n):
        start = dt.date(2023, 9, 1) + dt.timedelta(days=rng.randrange(900))
        due = start + dt.timedelta(days=rng.randrange(30, 400))
        principal = Decimal(rng.randrange(100_00, 5_000_000_00)) / 100
        payments = tuple(
            PrincipalPayment(
                start + dt.timedelta(days=rng.randrange(1, 600)), (principal / 8).quantize(Decimal("0.01"))
            )
            for _ in range(rng.randrange(3))
        )
        terms = InterestTerms(
            contract_rate_pct=rng.choice([None, Decimal("6"), Decimal("12"), Decimal("24")]),
            overdue_rate_pct=rng.choice([None, Decimal("18")]),
            penalty_fixed=rng.choice([Decimal(0), Decimal(2000)]),
        )
        req = InterestRequest(
            principal=principal,
            start=start,
            due=due,
            as_of=max(AS_OF, start),
            terms=terms,
            debt_type=rng.choice(kinds),
            principal_payments=payments,
        )
        # Limitation histories reach further back than the LPR table, so some have expired.
        known = due - dt.timedelta(days=rng.randrange(0, 6 * 365))
        evs = [
            LimitationEvent(rng.choice(events), known + dt.timedelta(days=rng.randrange(1, 1500)))
            for _ in range(rng.randrange(4))
        ]
        out.append((req, {"start": known, "as_of": AS_OF, "events": evs}))
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    t0 = time.perf_counter()
    data = synthetic(n)
    t1 = time.perf_counter()
    total_interest = Decimal(0)
    total_excess = Decimal(0)
    for req, _ in data:
        r = compute_interest(req)
        total_interest += r.total
        total_excess += r.total_excess
    t2 = time.perf_counter()
    expired = 0
    for _, lim in data:
        if compute_limitation(**lim).status == "expired":
            expired += 1
    t3 = time.perf_counter()
    print(f"debts: {n:,} (generated in {t1 - t0:.2f} s)")
    print(f"interest:   {t2 - t1:7.2f} s  {n / (t2 - t1):10,.0f} debts/s")
    print(f"            supported {total_interest:,}  capped excess {total_excess:,}")
    print(f"limitation: {t3 - t2:7.2f} s  {n / (t3 - t2):10,.0f} debts/s  expired {expired:,}")
    print(f"both:       {t3 - t1:7.2f} s  {n / (t3 - t1):10,.0f} debts/s")


if __name__ == "__main__":
    main()
