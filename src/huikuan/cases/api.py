"""Debtors, debts, cases and timelines over JSON. Thin: validate, call a selector or service, return."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from huikuan.accounts.actors import org_ids
from huikuan.accounts.models import Organisation
from huikuan.common.api import ERRORS, Pagination, actor_of
from huikuan.core.errors import ServiceError

from . import selectors, services
from .schemas import (
    CaseCreateIn,
    CaseEventOut,
    CaseFilterIn,
    CaseListOut,
    CaseOut,
    DebtorIn,
    DebtorOut,
    DebtOut,
    DisputeIn,
    DisputeOut,
    DisputeResolveIn,
    TransitionIn,
)

router = Router(tags=["cases"])


def _organisation(request, organisation_id: int | None) -> Organisation:
    """The creditor organisation a write lands in: the one asked for, if the actor belongs to it."""
    from django.utils.translation import gettext as _

    ids = org_ids(actor_of(request))
    if organisation_id is not None:
        if organisation_id not in ids:
            raise ServiceError(_("You are not a member of that organisation."), field="organisation_id")
        return Organisation.objects.get(pk=organisation_id)
    if not ids:
        raise ServiceError(_("Only members of a creditor organisation can register debts."))
    return Organisation.objects.get(pk=ids[0])


@router.get("/debtors", response={200: list[DebtorOut], **ERRORS}, url_name="debtor_list")
@paginate(Pagination)
def debtor_list(request, q: str = ""):
    return selectors.debtor_list(actor=actor_of(request), q=q)


@router.post("/debtors", response={201: DebtorOut, **ERRORS}, url_name="debtor_create")
def debtor_create(request, payload: DebtorIn, organisation_id: int | None = None):
    org = _organisation(request, organisation_id)
    return Status(201, services.debtor_create(organisation=org, data=payload, actor=actor_of(request)))


@router.get("/debtors/{debtor_id}", response={200: DebtorOut, **ERRORS}, url_name="debtor_detail")
def debtor_detail(request, debtor_id: int):
    return get_object_or_404(selectors.debtor_list(actor=actor_of(request)), pk=debtor_id)


@router.get("/debts", response={200: list[DebtOut], **ERRORS}, url_name="debt_list")
@paginate(Pagination)
def debt_list(request):
    return selectors.debt_list(actor=actor_of(request))


@router.get("/debts/{debt_id}", response={200: DebtOut, **ERRORS}, url_name="debt_detail")
def debt_detail(request, debt_id: int):
    return get_object_or_404(selectors.debt_list(actor=actor_of(request)), pk=debt_id)


@router.get("/cases", response={200: list[CaseListOut], **ERRORS}, url_name="case_list")
@paginate(Pagination)
def case_list(request, filters: Query[CaseFilterIn]):
    return selectors.case_list(actor=actor_of(request), filters=filters)


@router.post("/cases", response={201: CaseOut, **ERRORS}, url_name="case_create")
def case_create(request, payload: CaseCreateIn):
    org = _organisation(request, payload.organisation_id)
    case = services.case_register(organisation=org, data=payload, actor=actor_of(request))
    return Status(201, selectors.case_detail_qs(actor=actor_of(request)).get(pk=case.pk))


@router.get("/cases/{case_id}", response={200: CaseOut, **ERRORS}, url_name="case_detail")
def case_detail(request, case_id: int):
    return get_object_or_404(selectors.case_detail_qs(actor=actor_of(request)), pk=case_id)


@router.post("/cases/{case_id}/transition", response={200: CaseOut, **ERRORS}, url_name="case_transition")
def case_transition(request, case_id: int, payload: TransitionIn):
    actor = actor_of(request)
    case = get_object_or_404(selectors.case_detail_qs(actor=actor), pk=case_id)
    services.case_transition(case=case, to=payload.to, actor=actor, reason=payload.reason)
    return selectors.case_detail_qs(actor=actor).get(pk=case_id)


@router.get("/cases/{case_id}/timeline", response={200: list[CaseEventOut], **ERRORS}, url_name="case_timeline")
@paginate(Pagination)
def case_timeline(request, case_id: int):
    case = get_object_or_404(selectors.case_list(actor=actor_of(request)), pk=case_id)
    return selectors.case_timeline(case=case)


@router.get("/cases/{case_id}/disputes", response={200: list[DisputeOut], **ERRORS}, url_name="case_disputes")
def case_disputes(request, case_id: int):
    case = get_object_or_404(selectors.case_list(actor=actor_of(request)), pk=case_id)
    return selectors.dispute_list(case=case)


@router.post("/cases/{case_id}/disputes", response={201: DisputeOut, **ERRORS}, url_name="dispute_open")
def dispute_open(request, case_id: int, payload: DisputeIn):
    actor = actor_of(request)
    case = get_object_or_404(selectors.case_list(actor=actor), pk=case_id)
    return Status(201, services.dispute_open(case=case, actor=actor, reason=payload.reason))


@router.post("/disputes/{dispute_id}/resolve", response={200: DisputeOut, **ERRORS}, url_name="dispute_resolve")
def dispute_resolve(request, dispute_id: int, payload: DisputeResolveIn):
    actor = actor_of(request)
    dispute = get_object_or_404(selectors.dispute_qs(actor=actor), pk=dispute_id)
    return services.dispute_resolve(dispute=dispute, actor=actor, resolution=payload.resolution)
