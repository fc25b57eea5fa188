"""Ledger throughput: interest + limitation for 100,000 debts, and a 10,000-row bank statement
reconciled against an organisation's open debts.

Run: .venv/bin/python bench/bench_ledger.py [debts] [rows] [cases]

The 100,000 debts go through the same core.law calls the ledger makes (bench_law's generator);
a sample of real cases goes through the Django layer (statement + limitation selectors) on a
throwaway SQLite database; the statement import runs the real service end to end.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HUIKUAN_VAR_DIR", tempfile.mkdtemp(prefix="huikuan-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huikuan.config.settings.test")

NAMES = [
    "金华市宏远建材有限公司",
    "义乌市佳禾针织有限公司",
    "永康市顺达工贸有限公司",
    "东阳市华鼎木雕工艺品厂",
    "浙江金帆五金制品有限公司",
    "兰溪市恒昌纺织有限公司",
    "武义县绿源茶业有限公司",
    "浦江县晶彩水晶有限公司",
    "磐安县山水药材有限公司",
    "金华市婺城区老王五金店",
]


def core_part(n: int) -> None:
    from bench_law import synthetic

    from huikuan.core.law.interest import compute_interest
    from huikuan.core.law.limitation import compute_limitation

    data = synthetic(n)
    t0 = time.perf_counter()
    total = Decimal(0)
    excess = Decimal(0)
    expired = 0
    for req, lim in data:
        r = compute_interest(req)
        total += r.total
        excess += r.total_excess
        if compute_limitation(**lim).status == "expired":
            expired += 1
    t1 = time.perf_counter()
    print(f"core.law interest + limitation: {n:,} debts in {t1 - t0:.2f} s ({n / (t1 - t0):,.0f} debts/s)")
    print(f"  supported interest {total:,}; capped excess {excess:,}; limitation expired {expired:,}")


def django_setup():
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)  # the inline task backend logs every evidence-log task
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_cases(count: int):
    from huikuan.accounts.models import Membership, Organisation, User
    from huikuan.cases.models import Case
    from huikuan.cases.schemas import CaseCreateIn, DebtIn, DebtorIn
    from huikuan.cases.services import case_register

    user = User.objects.create_user(email="bench@a.test", password="x" * 12, name="bench")
    org = Organisation.objects.create(name="甲公司", kind="creditor")
    Membership.objects.create(user=user, organisation=org, role="owner")
    rng = random.Random(7)
    for i in range(count):
        contract = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(900))
        case_register(
            organisation=org,
            data=CaseCreateIn(
                debtor=DebtorIn(kind="company", name=f"{rng.choice(NAMES)[:-4]}{i}号分公司"),
                debt=DebtIn(
                    debt_type=rng.choice(["goods", "private_loan", "services", "construction"]),
                    principal=Decimal(rng.randrange(1_000_00, 900_000_00)) / 100,
                    contract_date=contract,
                    due_date=contract + dt.timedelta(days=rng.randrange(30, 365)),
                    interest_rate=rng.choice([None, Decimal("6"), Decimal("24")]),
                ),
            ),
            actor=user,
        )
    return user, org, list(Case.objects.filter(organisation=org).select_related("debt__debtor"))


def django_part(cases) -> None:
    from huikuan.ledger.selectors import case_limitation, case_statement

    today = dt.date(2026, 6, 30)
    t0 = time.perf_counter()
    balance = Decimal(0)
    for c in cases:
        balance += case_statement(case=c, as_of=today).balance
        case_limitation(case=c, as_of=today)
    t1 = time.perf_counter()
    n = len(cases)
    print(f"Django statement + limitation: {n:,} cases in {t1 - t0:.2f} s ({n / (t1 - t0):,.0f} cases/s)")
    print(f"  total balance {balance:,}")
    from huikuan.ledger.services import deadline_alerts_raise

    t2 = time.perf_counter()
    raised = deadline_alerts_raise(today=today)
    t3 = time.perf_counter()
    again = deadline_alerts_raise(today=today)
    t4 = time.perf_counter()
    print(f"daily deadline alerts: {raised:,} raised over {n:,} cases in {t3 - t2:.2f} s", end="")
    print(f"; rerun raised {again} in {t4 - t3:.2f} s")


def statement_csv(cases, rows: int, truth: dict | None = None) -> bytes:
    rng = random.Random(11)
    lines = ["交易日期,摘要,收入金额,支出金额,余额,对方户名,对方账号,备注,流水号"]
    for i in range(rows):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(180))
        roll = rng.random()
        c = rng.choice(cases)
        if roll < 0.1:
            lines.append(f"{day},代发工资,,{rng.randrange(1000, 90000)}.00,0,本单位,,工资,{i:08d}")
            continue
        if roll < 0.12:
            lines.append(f"{day},转账,壹仟元,,0,某人,,,{i:08d}")  # malformed amount
            continue
        amount = Decimal(rng.randrange(100_00, 50_000_00)) / 100
        if roll < 0.45:
            memo = f"货款 {c.reference}"
        elif roll < 0.75:
            memo = "还款"
        else:
            memo = "往来款"
        payer = c.debt.debtor.name if roll < 0.85 else f"{rng.choice(NAMES)}"
        if truth is not None:
            truth[f"{i:08d}"] = c.pk
        lines.append(f"{day},网银转入,{amount},,0,{payer},6222{i:012d},{memo},{i:08d}")
    return "\n".join(lines).encode("gb18030")


def reconcile_part(user, org, cases, rows: int) -> None:
    from huikuan.ledger.models import MatchProposal
    from huikuan.ledger.services import proposal_confirm, statement_import

    truth: dict[str, int] = {}
    content = statement_csv(cases, rows, truth)
    t0 = time.perf_counter()
    st = statement_import(
        organisation=org, actor=user, filename="bench.csv", content=content, layout="generic", mapping=None
    )
    t1 = time.perf_counter()
    proposals = MatchProposal.objects.filter(row__statement=st)
    with_match = proposals.values("row").distinct().count()
    high = proposals.filter(confidence__gte=Decimal("0.9")).values("row").distinct().count()
    print(
        f"statement import: {rows:,} rows in {t1 - t0:.2f} s ({rows / (t1 - t0):,.0f} rows/s); "
        f"accepted {st.accepted:,}, rejected {st.rejected:,}, not credits {st.skipped:,}"
    )
    print(f"  rows with a proposal {with_match:,}; with confidence ≥ 0.9 {high:,}; proposals {proposals.count():,}")
    top: dict[int, tuple] = {}
    for p in proposals.select_related("row").order_by("row_id", "-confidence", "case_id"):
        top.setdefault(p.row_id, (p.row.reference, p.case_id, p.confidence))
    for label, floor in (("all", Decimal(0)), ("≥ 0.9", Decimal("0.9"))):
        picked = [(ref, cid) for ref, cid, conf in top.values() if conf >= floor]
        right = sum(1 for ref, cid in picked if truth.get(ref) == cid)
        share = right / max(1, len(picked))
        print(f"  top proposal is the true debt ({label}): {right:,} of {len(picked):,} ({share:.1%})")
    best = list(
        proposals.filter(confidence__gte=Decimal("0.9")).order_by("row__date", "row__row_number", "-confidence")[:200]
    )
    t2 = time.perf_counter()
    confirmed = 0
    seen = set()
    for p in best:
        if p.row_id in seen:
            continue
        seen.add(p.row_id)
        try:
            proposal_confirm(proposal=p, actor=user)
            confirmed += 1
        except Exception:
            pass
    t3 = time.perf_counter()
    print(f"  confirmed {confirmed} matches into payments in {t3 - t2:.2f} s")


def main() -> None:
    debts = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    n_cases = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000
    core_part(debts)
    django_setup()
    t0 = time.perf_counter()
    user, org, cases = make_cases(n_cases)
    print(f"set-up: {n_cases:,} cases registered in {time.perf_counter() - t0:.2f} s")
    django_part(cases)
    reconcile_part(user, org, cases, rows)


if __name__ == "__main__":
    main()
