"""Benchmark legal documents: time to fill, render the PDF (WeasyPrint) and build the DOCX, per template.

Run: python bench/bench_documents.py [--rounds N]
Uses a throwaway SQLite database (test settings), migrated and filled with one case per run.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from datetime import date
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huikuan.config.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

PDF_BUDGET_S = 3.0
HEADER = (("fill ms", 8), ("PDF p50 ms", 11), ("PDF max ms", 11), ("DOCX ms", 8), ("pages", 6), ("PDF KB", 7))


def make_case():
    from huikuan.accounts.models import Membership, Organisation, User
    from huikuan.cases.schemas import CaseCreateIn, DebtIn, DebtorIn
    from huikuan.cases.services import case_register

    user = User.objects.create_user(email="bench@a.test", password="bench-password-1")
    org = Organisation.objects.create(name="金华市恒达五金有限公司", uscc="91330701MA2E000018")
    Membership.objects.create(user=user, organisation=org, role="owner")
    data = CaseCreateIn(
        debtor=DebtorIn(
            kind="company",
            name="金华市宏远建材有限公司",
            id_number="91330702MA2D00002C",
            address="浙江省金华市婺城区八一南街1号",
            region="330702",
        ),
        debt=DebtIn(
            debt_type="goods",
            principal=Decimal("128500.00"),
            contract_date=date(2024, 1, 15),
            due_date=date(2024, 3, 31),
            interest_rate=Decimal("6"),
            overdue_rate=Decimal("9"),
        ),
    )
    return case_register(organisation=org, data=data, actor=user), user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="PDF renders per template")
    args = parser.parse_args()

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - t0

    from pypdf import PdfReader

    from huikuan.accounts.choices import OrgKind
    from huikuan.accounts.models import Organisation
    from huikuan.documents import render
    from huikuan.documents.models import DocumentTemplate
    from huikuan.documents.services import document_generate, document_render

    case, user = make_case()
    firm = Organisation.objects.create(name="浙江金义律师事务所", kind=OrgKind.PROVIDER, uscc="31330000MD0123456X")

    t0 = time.perf_counter()
    render.to_pdf("<h1>预热</h1><p>中文字体加载</p>", "warm-up")
    first_s = time.perf_counter() - t0

    print(f"migrate (throwaway SQLite)   {migrate_s * 1000:8.0f} ms")
    print(f"first PDF (fonts load)       {first_s * 1000:8.0f} ms")
    print("template".ljust(18), *(h.rjust(w) for h, w in HEADER))
    worst = 0.0
    for template in DocumentTemplate.objects.order_by("pk"):
        issuer = firm if template.key == "lawyer_letter" else case.organisation
        t0 = time.perf_counter()
        body, _context = document_render(case=case, template=template, actor=user, issuer=issuer)
        fill_s = time.perf_counter() - t0
        times = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            pdf = render.to_pdf(body, template.title)
            times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        render.to_docx(body)
        docx_s = time.perf_counter() - t0
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        worst = max(worst, max(times))
        print(
            f"{template.key:<18} {fill_s * 1000:8.1f} {statistics.median(times) * 1000:11.1f} "
            f"{max(times) * 1000:11.1f} {docx_s * 1000:8.1f} {pages:>6} {len(pdf) / 1024:7.0f}"
        )
    t0 = time.perf_counter()
    document_generate(case=case, key="payment_order", actor=user)
    generate_s = time.perf_counter() - t0
    print(f"generate end to end (fill, PDF, DOCX, hash, evidence item, timeline): {generate_s * 1000:.0f} ms")
    print(f"slowest PDF render {worst:.2f} s (budget {PDF_BUDGET_S:.0f} s): {'OK' if worst < PDF_BUDGET_S else 'OVER'}")


if __name__ == "__main__":
    main()
