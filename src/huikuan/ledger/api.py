"""Ledger, limitation and reconciliation over JSON. Thin: validate, call a selector or service, return."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from huikuan.accounts.actors import org_ids
from huikuan.accounts.models import Organisation
from huikuan.cases.choices import EventKind
from huikuan.cases.models import Debtor
from huikuan.cases.selectors import case_list
from huikuan.common.api import ERRORS, actor_of
from huikuan.common.i18n import render, render_all
from huikuan.core.errors import ServiceError
from huikuan.core.law.eligibility import small_claims_thresholds

from . import selectors, services
from .choices import Layout
from .schemas import (
    AlertOut,
    ChargeIn,
    ChargeOut,
    DebtorPaymentIn,
    DebtorPaymentOut,
    EligibilityOut,
    FactIn,
    FilingIn,
    ImportOut,
    InterestOut,
    JudgmentIn,
    LimitationOut,
    PaymentAllocationOut,
    PaymentIn,
    PaymentOut,
    ProposalOut,
    RecordedOut,
    ReversalIn,
    ReversalOut,
    StatementOut,
    WriteOffIn,
    WriteOffOut,
)

router = Router(tags=["ledger"])


def _case(request, case_id: int):
    return get_object_or_404(case_list(actor=actor_of(request)), pk=case_id)


def _component(b) -> dict:
    return {"component": b.component, "charged": b.charged, "paid": b.paid, "written_off": b.written_off, "due": b.due}


@router.get("/cases/{case_id}/statement", response={200: StatementOut, **ERRORS}, url_name="ledger_statement")
def statement(request, case_id: int, as_of: dt.date | None = None):
    st = selectors.case_statement(case=_case(request, case_id), as_of=as_of)
    return {
        "case_id": st.case_id,
        "as_of": st.as_of,
        "principal": _component(st.principal),
        "interest": _component(st.interest),
        "costs": _component(st.costs),
        "interest_excess": st.interest_excess,
        "interest_charged": st.interest_charged,
        "payments_total": st.payments_total,
        "overpayment": st.overpayment,
        "balance": st.balance,
        "entries": [e.__dict__ for e in st.entries],
    }


@router.get("/cases/{case_id}/interest", response={200: InterestOut, **ERRORS}, url_name="ledger_interest")
def interest(request, case_id: int, as_of: dt.date | None = None):
    st = selectors.case_statement(case=_case(request, case_id), as_of=as_of)
    r = st.interest_result
    return {
        "case_id": st.case_id,
        "as_of": st.as_of,
        "lines": [{**ln.__dict__, "kind": ln.kind.value, "basis": render(ln.basis)} for ln in r.lines] if r else [],
        "total": r.total if r else 0,
        "total_excess": r.total_excess if r else 0,
        "cap_rate_pct": r.cap_rate_pct if r else None,
        "explanation": render_all(r.explanation if r else st.notes),
    }


@router.get(
    "/cases/{case_id}/allocations", response={200: list[PaymentAllocationOut], **ERRORS}, url_name="ledger_allocations"
)
def allocations(request, case_id: int):
    st = selectors.case_statement(case=_case(request, case_id), as_of=dt.date.max)
    return [
        {
            "payment_id": a.payment_id,
            "date": a.date,
            "amount": a.amount,
            "lines": [{"component": c, "amount": amt, "explanation": render(why)} for c, amt, why in a.lines],
        }
        for a in st.allocations
    ]


def _entry(c) -> dict:
    return {**c.__dict__, "explanation": render(c.explanation)}


def _period(r) -> dict:
    return {
        "status": r.status.value,
        "expiry": r.expiry,
        "days_left": r.days_left,
        "set_by": _entry(r.set_by),
        "chain": [_entry(c) for c in r.chain],
        "calendar_known": r.calendar_known,
    }


def _deadline(d) -> dict:
    return {**d.__dict__, "status": str(d.status), "explanation": list(d.explanation)}


@router.get("/cases/{case_id}/limitation", response={200: LimitationOut, **ERRORS}, url_name="ledger_limitation")
def limitation(request, case_id: int, as_of: dt.date | None = None):
    case = _case(request, case_id)
    lim = selectors.case_limitation(case=case, as_of=as_of)
    return {
        "case_id": case.pk,
        "as_of": lim.as_of,
        "limitation": _period(lim.limitation),
        "enforcement": _period(lim.enforcement) if lim.enforcement else None,
        "guarantees": [
            {
                "guarantee_id": gid,
                "guarantor": name,
                "type": g.type.value,
                "end": g.end,
                "nominal_end": g.nominal_end,
                "status": g.status.value,
                "required_action": render(g.required_action),
                "days_left": g.days_left,
                "explanation": render_all(g.explanation),
            }
            for name, gid, g in lim.guarantees
        ],
        "deadlines": [_deadline(d) for d in lim.deadlines],
        "primary": _deadline(lim.primary) if lim.primary else None,
    }


@router.get("/cases/{case_id}/eligibility", response={200: EligibilityOut, **ERRORS}, url_name="ledger_eligibility")
def eligibility(request, case_id: int):
    case = _case(request, case_id)
    el = selectors.case_eligibility(case=case)
    mandatory, agreed = small_claims_thresholds(el.average_wage)
    return {
        "case_id": case.pk,
        "payment_order": {"answer": el.payment_order.answer.value, "reasons": render_all(el.payment_order.reasons)},
        "small_claims": {"answer": el.small_claims.answer.value, "reasons": render_all(el.small_claims.reasons)},
        "small_claims_mandatory_limit": mandatory,
        "small_claims_agreed_limit": agreed,
        "facts": {
            k: (str(v) if v is not None and not isinstance(v, bool) else v) for k, v in el.facts.__dict__.items()
        },
    }


@router.post("/cases/{case_id}/payments", response={201: PaymentOut, **ERRORS}, url_name="ledger_payment_create")
def payment_create(request, case_id: int, payload: PaymentIn):
    case = _case(request, case_id)
    return Status(201, services.payment_record(case=case, actor=actor_of(request), **payload.model_dump()))


def _debtor_payment(view) -> dict:
    r = view.record
    return {
        "id": r.pk,
        "debtor_id": r.debtor_id,
        "date": r.date,
        "amount": r.amount,
        "payer": r.payer,
        "method": r.method,
        "reference": r.reference,
        "designated_case_ids": r.designated,
        "overpayment": view.overpayment,
        "shares": [s.__dict__ for s in view.shares],
        "lines": [{**ln.__dict__, "explanation": render(ln.explanation)} for ln in view.lines],
        "explanation": render_all(view.explanation),
        "created_at": r.created_at,
    }


@router.post(
    "/debtors/{debtor_id}/payments",
    response={201: DebtorPaymentOut, **ERRORS},
    url_name="ledger_debtor_payment_create",
)
def debtor_payment_create(request, debtor_id: int, payload: DebtorPaymentIn):
    """One sum covering several debts of the debtor, split by Civil Code art. 560 and explained."""
    actor = actor_of(request)
    debtor = get_object_or_404(Debtor.objects.visible_to(actor).select_related("organisation"), pk=debtor_id)
    record = services.debtor_payment_record(
        organisation=debtor.organisation, debtor=debtor, actor=actor, **payload.model_dump()
    )
    return Status(201, _debtor_payment(selectors.debtor_payment_view(record=record)))


@router.get(
    "/debtor-payments/{debtor_payment_id}",
    response={200: DebtorPaymentOut, **ERRORS},
    url_name="ledger_debtor_payment_detail",
)
def debtor_payment_detail(request, debtor_payment_id: int):
    record = get_object_or_404(selectors.debtor_payment_list(actor=actor_of(request)), pk=debtor_payment_id)
    return _debtor_payment(selectors.debtor_payment_view(record=record))


@router.post("/cases/{case_id}/charges", response={201: ChargeOut, **ERRORS}, url_name="ledger_charge_create")
def charge_create(request, case_id: int, payload: ChargeIn):
    case = _case(request, case_id)
    return Status(201, services.charge_record(case=case, actor=actor_of(request), **payload.model_dump()))


@router.post("/cases/{case_id}/write-offs", response={201: WriteOffOut, **ERRORS}, url_name="ledger_write_off_create")
def write_off_create(request, case_id: int, payload: WriteOffIn):
    case = _case(request, case_id)
    return Status(201, services.write_off_record(case=case, actor=actor_of(request), **payload.model_dump()))


@router.post("/cases/{case_id}/reversals", response={201: ReversalOut, **ERRORS}, url_name="ledger_reversal_create")
def reversal_create(request, case_id: int, payload: ReversalIn):
    case = _case(request, case_id)
    r = services.entry_reverse(case=case, actor=actor_of(request), **payload.model_dump())
    return Status(
        201,
        {
            "id": r.pk,
            "case_id": case.pk,
            "entry_type": r.entry_type,
            "entry_id": r.entry_id,
            "reason": r.reason,
            "created_at": r.created_at,
        },
    )


@router.post(
    "/cases/{case_id}/acknowledgements", response={201: RecordedOut, **ERRORS}, url_name="ledger_acknowledgement"
)
def acknowledgement(request, case_id: int, payload: FactIn):
    services.acknowledgement_record(case=_case(request, case_id), actor=actor_of(request), **payload.model_dump())
    return Status(201, {"kind": EventKind.ACKNOWLEDGEMENT_RECORDED, "date": payload.date})


@router.post(
    "/cases/{case_id}/repayment-plans", response={201: RecordedOut, **ERRORS}, url_name="ledger_repayment_plan"
)
def repayment_plan(request, case_id: int, payload: FactIn):
    services.repayment_plan_record(case=_case(request, case_id), actor=actor_of(request), **payload.model_dump())
    return Status(201, {"kind": EventKind.REPAYMENT_PLAN_AGREED, "date": payload.date})


@router.post("/cases/{case_id}/filings", response={201: RecordedOut, **ERRORS}, url_name="ledger_filing")
def filing(request, case_id: int, payload: FilingIn):
    services.filing_record(case=_case(request, case_id), actor=actor_of(request), **payload.model_dump())
    return Status(201, {"kind": EventKind.FILING_RECORDED, "date": payload.date})


@router.post("/cases/{case_id}/judgments", response={201: RecordedOut, **ERRORS}, url_name="ledger_judgment")
def judgment(request, case_id: int, payload: JudgmentIn):
    services.judgment_record(case=_case(request, case_id), actor=actor_of(request), **payload.model_dump())
    return Status(201, {"kind": EventKind.JUDGMENT_RECORDED, "date": payload.date})


@router.get("/alerts", response={200: list[AlertOut], **ERRORS}, url_name="ledger_alerts")
def alerts(request):
    return selectors.alert_list(actor=actor_of(request))


def _organisation(request) -> Organisation:
    ids = org_ids(actor_of(request))
    if not ids:
        raise ServiceError(_("Only members of a creditor organisation can import bank statements."))
    return Organisation.objects.get(pk=ids[0])


@router.post("/imports", response={201: ImportOut, **ERRORS}, url_name="ledger_import_create")
def import_create(
    request,
    file: File[UploadedFile],
    layout: Form[Layout] = Layout.GENERIC,
    mapping: Form[str] = "",
):
    import json

    try:
        parsed = json.loads(mapping) if mapping.strip() else {}
    except ValueError:
        raise ServiceError(_("The mapping is not valid JSON."), field="mapping") from None
    if not isinstance(parsed, dict):
        raise ServiceError(_("The mapping must be a JSON object."), field="mapping")
    result = services.statement_import(
        organisation=_organisation(request),
        actor=actor_of(request),
        filename=file.name or "statement.csv",
        content=file.read(),
        layout=layout,
        mapping=parsed,
    )
    return Status(201, result)


@router.get("/imports/{import_id}", response={200: ImportOut, **ERRORS}, url_name="ledger_import_detail")
def import_detail(request, import_id: int):
    return get_object_or_404(selectors.statement_import_list(actor=actor_of(request)), pk=import_id)


@router.post(
    "/proposals/{proposal_id}/confirm", response={201: PaymentOut, **ERRORS}, url_name="ledger_proposal_confirm"
)
def proposal_confirm(request, proposal_id: int):
    proposal = get_object_or_404(selectors.proposal_qs(actor=actor_of(request)), pk=proposal_id)
    return Status(201, services.proposal_confirm(proposal=proposal, actor=actor_of(request)))


@router.post(
    "/proposals/{proposal_id}/reject", response={200: ProposalOut, **ERRORS}, url_name="ledger_proposal_reject"
)
def proposal_reject(request, proposal_id: int):
    proposal = get_object_or_404(selectors.proposal_qs(actor=actor_of(request)), pk=proposal_id)
    services.proposal_reject(proposal=proposal, actor=actor_of(request))
    proposal.refresh_from_db()
    return proposal
