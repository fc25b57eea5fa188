"""Reads of the evidence vault, always through tenancy (``visible_to``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from huikuan.cases.selectors import case_list

from .models import EvidenceItem


def evidence_case(*, actor, case_id: int):
    return get_object_or_404(case_list(actor=actor), pk=case_id)


def evidence_list(*, actor, case=None):
    qs = EvidenceItem.objects.visible_to(actor).select_related("case", "log_entry")
    return qs.filter(case=case) if case is not None else qs


def evidence_get(*, actor, item_id: int) -> EvidenceItem:
    return get_object_or_404(evidence_list(actor=actor), pk=item_id)
