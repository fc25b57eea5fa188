"""Reads with rules: every queryset starts from `visible_to(actor)`."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from .choices import ACTIVE
from .models import Case, CaseEvent, Debt, Debtor, Dispute
from .schemas import CaseFilterIn


def case_list(*, actor, filters: CaseFilterIn | None = None) -> QuerySet[Case]:
    qs = Case.objects.visible_to(actor)
    f = filters or CaseFilterIn()
    if f.status:
        qs = qs.filter(status=f.status)
    if f.debt_type:
        qs = qs.filter(debt__debt_type=f.debt_type)
    if f.min_principal is not None:
        qs = qs.filter(debt__principal__gte=f.min_principal)
    if f.max_principal is not None:
        qs = qs.filter(debt__principal__lte=f.max_principal)
    if f.due_from:
        qs = qs.filter(debt__due_date__gte=f.due_from)
    if f.due_to:
        qs = qs.filter(debt__due_date__lte=f.due_to)
    if f.q and f.q.strip():
        term = f.q.strip()
        qs = qs.filter(Q(debt__debtor__name__icontains=term) | Q(reference__iexact=term))
    return qs.select_related("debt__debtor").order_by("-created_at", "-pk")


def case_detail_qs(*, actor) -> QuerySet[Case]:
    return (
        Case.objects.visible_to(actor)
        .select_related("debt__debtor", "organisation")
        .prefetch_related("debt__instalments", "debt__guarantees__guarantor")
    )


def case_timeline(*, case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("-created_at", "-pk")


def debtor_list(*, actor, q: str = "") -> QuerySet[Debtor]:
    qs = Debtor.objects.visible_to(actor)
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    return qs.order_by("name", "pk")


def debt_list(*, actor) -> QuerySet[Debt]:
    return (
        Debt.objects.visible_to(actor)
        .select_related("debtor")
        .prefetch_related("instalments", "guarantees__guarantor")
        .order_by("-created_at", "-pk")
    )


def case_counts(*, actor) -> dict:
    """Figures for the dashboard: counts by status and the outstanding principal of active cases."""
    qs = Case.objects.visible_to(actor)
    by_status = dict(qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    active = qs.filter(status__in=ACTIVE)
    return {
        "total": sum(by_status.values()),
        "active": active.count(),
        "by_status": by_status,
        "principal_active": active.aggregate(s=Sum("debt__principal"))["s"] or 0,
    }


def dispute_list(*, case: Case) -> QuerySet[Dispute]:
    return case.disputes.order_by("-created_at", "-pk")


def dispute_qs(*, actor) -> QuerySet[Dispute]:
    return Dispute.objects.filter(case__in=Case.objects.visible_to(actor)).select_related("case")


def case_has_open_dispute(*, case: Case) -> bool:
    return case.disputes.filter(resolved_at__isnull=True).exists()
