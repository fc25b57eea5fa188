"""The evidence vault end to end on a SQLite file: uploads acknowledged per second (type sniffing,
hashing, a content-addressed fsynced file, the item row, its log entry and timeline event in one
transaction), timeline events queued per second, and the sequencer integrating those entries on
Django's connection (tiles + a signed checkpoint per batch), then proof + certificate latency.

Run: .venv/bin/python bench/bench_evidence.py [uploads]
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time

UPLOADS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
EVENTS = 20 * UPLOADS

os.environ["HUIKUAN_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-evidence-")
os.environ.pop("DATABASE_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "huikuan.config.settings.base"
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    from tests.conftest import case_input, make_member, org_of

    from huikuan.cases.choices import EventKind
    from huikuan.cases.services import case_event_record, case_register
    from huikuan.evidence.certificate import certificate_pdf, item_proof
    from huikuan.evidence.log import log_sequence
    from huikuan.evidence.services import evidence_add

    user = make_member("bench@a.test", "基准测试公司")
    case = case_register(organisation=org_of(user), data=case_input(), actor=user)
    print(f"evidence vault benchmark: {UPLOADS:,} uploads, {EVENTS:,} events, SQLite file, {os.cpu_count()} CPUs")

    t0 = time.perf_counter()
    items = []
    for i in range(UPLOADS):
        data = b"%PDF-1.4\n" + os.urandom(16 * 1024) + f"\n% {i}\n%%EOF\n".encode()
        items.append(evidence_add(case=case, actor=user, stream=io.BytesIO(data), name=f"f{i}.pdf")[0])
    t1 = time.perf_counter()
    print(f"  upload (16 KiB PDF, acknowledged durably)     {UPLOADS / (t1 - t0):>10,.0f} items/s")

    t0 = time.perf_counter()
    for start in range(0, EVENTS, 100):
        with transaction.atomic():  # a service writes its event inside its own transaction
            for i in range(start, start + 100):
                case_event_record(case=case, actor=user, kind=EventKind.PAYMENT_RECORDED, data={"n": i})
    t1 = time.perf_counter()
    print(f"  evidential events queued (100 per transaction) {EVENTS / (t1 - t0):>10,.0f} events/s")

    t0 = time.perf_counter()
    n = log_sequence()
    t1 = time.perf_counter()
    print(f"  sequencing on Django's connection ({n:,} entries) {n / (t1 - t0):>10,.0f} entries/s")

    proof_times, cert_times = [], []
    for item in items[:: max(1, len(items) // 50)]:
        item.log_entry.refresh_from_db()
        t = time.perf_counter()
        p = item_proof(item)
        proof_times.append(time.perf_counter() - t)
        if len(cert_times) < 5:
            t = time.perf_counter()
            certificate_pdf(p)
            cert_times.append(time.perf_counter() - t)
    print(f"  tlog-proof for an item (median)               {statistics.median(proof_times) * 1e3:>10.2f} ms")
    print(f"  PDF certificate (median of {len(cert_times)})                {statistics.median(cert_times):>10.2f} s")


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil

        shutil.rmtree(os.environ["HUIKUAN_VAR_DIR"], ignore_errors=True)
