"""Reads with rules. Callers pass a case they obtained through `case_list(actor=...)`
(tenancy is decided there); the functions here only compute.

Public for other apps (documents, assistant, dashboard): `case_statement`, `case_limitation`,
`case_eligibility`, `alert_list`, `debtor_open_cases`, `debtor_payment_view`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from huikuan.accounts.actors import org_ids
from huikuan.cases.choices import TERMINAL
from huikuan.cases.models import Case, Debtor
from huikuan.core.i18n import Msg
from huikuan.core.law.eligibility import (
    ZHEJIANG_2024_AVERAGE_WAGE,
    ClaimFacts,
    Verdict,
    payment_order_eligibility,
    small_claims_eligibility,
)

from . import msgjson
from .deadlines import CaseLimitation, derive
from .models import DeadlineAlert, DebtorPayment, MatchProposal, StatementImport, StatementRow
from .statement import Statement, compute_statement


def case_statement(*, case: Case, as_of: dt.date | None = None) -> Statement:
    """Principal, interest (with any capped excess shown separately), costs, payments and balance."""
    return compute_statement(case, as_of or timezone.localdate())


def case_limitation(*, case: Case, as_of: dt.date | None = None) -> CaseLimitation:
    """Limitation period, each guarantor's guarantee period and, after a judgment, the enforcement period."""
    return derive(case, as_of or timezone.localdate())


@dataclass(frozen=True)
class Eligibility:
    facts: ClaimFacts
    payment_order: Verdict
    small_claims: Verdict
    average_wage: Decimal


def small_claims_average_wage() -> Decimal:
    """The provincial average wage courts use (which figure is unverified: a setting)."""
    return Decimal(str(getattr(settings, "HUIKUAN_SMALL_CLAIMS_AVERAGE_WAGE", ZHEJIANG_2024_AVERAGE_WAGE)))


def case_eligibility(*, case: Case, as_of: dt.date | None = None) -> Eligibility:
    """Payment order and small claims, answered yes / no / unknown from what the case knows."""
    today = as_of or timezone.localdate()
    debt = case.debt
    debtor = debt.debtor
    statement = compute_statement(case, today)
    disputed = case.disputes.filter(resolved_at__isnull=True).exists()
    in_china = True if debtor.region else None
    facts = ClaimFacts(
        amount=max(statement.balance, Decimal("0.00")),
        money_claim=True,  # every debt registered here is a money debt in CNY
        matured=debt.due_date < today,
        # An open dispute means the amount is contested; otherwise the ledger fixes it.
        amount_fixed=None if disputed else True,
        creditor_owes_counter_performance=None,
        other_dispute_between_parties=True if disputed else None,
        debtor_in_china=in_china,
        debtor_whereabouts_known=True if debtor.address else None,
        simple_case=False if disputed else None,
        needs_appraisal=None,
        counterclaim=None,
        foreign_related=False if in_china else None,
        parties_agree_small_claims=None,
    )
    wage = small_claims_average_wage()
    return Eligibility(
        facts=facts,
        payment_order=payment_order_eligibility(facts),
        small_claims=small_claims_eligibility(facts, average_wage=wage),
        average_wage=wage,
    )


def alert_list(*, actor, today: dt.date | None = None) -> list[DeadlineAlert]:
    """Current deadline alerts of the cases the actor may see: the latest per deadline, not yet expired."""
    today = today or timezone.localdate()
    rows = (
        DeadlineAlert.objects.filter(case__in=Case.objects.visible_to(actor))
        .select_related("case__debt__debtor")
        .order_by("case_id", "deadline", "-created_at", "-pk")
    )
    latest: dict[tuple[int, str], DeadlineAlert] = {}
    for a in rows:
        latest.setdefault((a.case_id, a.deadline), a)
    return sorted((a for a in latest.values() if a.expiry >= today), key=lambda a: (a.expiry, a.pk))


def statement_import_list(*, actor) -> QuerySet[StatementImport]:
    return StatementImport.objects.filter(organisation_id__in=org_ids(actor)).order_by("-created_at", "-pk")


def statement_import_rows(*, statement: StatementImport) -> QuerySet[StatementRow]:
    return statement.rows.prefetch_related("proposals__case__debt__debtor").order_by("row_number")


def proposal_qs(*, actor) -> QuerySet[MatchProposal]:
    return MatchProposal.objects.filter(row__statement__organisation_id__in=org_ids(actor)).select_related(
        "row__statement", "case__debt"
    )


def debtor_open_cases(*, debtor: Debtor, actor, organisation=None) -> QuerySet[Case]:
    """The debtor's cases the actor may see that are not closed or withdrawn (in ``organisation``, if given)."""
    qs = Case.objects.visible_to(actor).filter(debt__debtor=debtor).exclude(status__in=TERMINAL)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs.select_related("debt").order_by("pk")


def debtor_payment_list(*, actor) -> QuerySet[DebtorPayment]:
    """Payments covering several debts, of debtors the actor may see."""
    return DebtorPayment.objects.visible_to(actor).select_related("debtor").order_by("-date", "-pk")


@dataclass(frozen=True)
class DebtorPaymentShare:
    case_id: int
    reference: str
    payment_id: int
    amount: Decimal


@dataclass(frozen=True)
class DebtorPaymentLine:
    case_id: int | None  # None: the overpayment line
    reference: str
    component: str
    amount: Decimal
    explanation: Msg | str  # render with common.i18n / the `tr` filter


@dataclass(frozen=True)
class DebtorPaymentView:
    record: DebtorPayment
    shares: tuple[DebtorPaymentShare, ...]
    lines: tuple[DebtorPaymentLine, ...]
    explanation: tuple[Msg | str, ...]

    @property
    def overpayment(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.case_id is None), Decimal("0.00"))


def debtor_payment_view(*, record: DebtorPayment) -> DebtorPaymentView:
    """The split per case (the recorded payments) and the art. 560 explanation, line by line."""
    shares = tuple(
        DebtorPaymentShare(p.case_id, p.case.reference, p.pk, p.amount)
        for p in record.payments.select_related("case").order_by("case_id", "pk")
    )
    lines = tuple(
        DebtorPaymentLine(
            ln.get("case_id"),
            ln.get("reference", ""),
            ln.get("component", ""),
            Decimal(ln.get("amount", "0")),
            msgjson.load(ln.get("explanation")),
        )
        for ln in record.lines
    )
    return DebtorPaymentView(record, shares, lines, tuple(msgjson.load(m) for m in record.explanation))
