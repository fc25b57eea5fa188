"""Outreach over JSON: the same services as the pages. Thin: validate, call, return."""

from __future__ import annotations

import hmac
from datetime import date

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.security import HttpBearer

from huikuan.accounts.actors import org_ids
from huikuan.accounts.choices import OrgKind
from huikuan.accounts.models import Organisation
from huikuan.cases.selectors import case_list
from huikuan.common.api import ERRORS, actor_of
from huikuan.core.errors import ServiceError

from . import conf, selectors, services
from .choices import Source
from .schemas import (
    CallIn,
    CallOut,
    ClearanceIn,
    DecisionOut,
    DeliveryIn,
    DispatchIn,
    FindingOut,
    LintIn,
    ListedContactIn,
    ListedContactOut,
    MessageIn,
    MessageOut,
    PlanIn,
    PlanOut,
    PreferenceIn,
    PreferenceOut,
    ReachabilityIn,
    ReachabilityOut,
    RecipientOut,
    ReportOut,
    RunOut,
    RunStartIn,
    SmsReportIn,
    SmsReportOut,
    StopIn,
    TemplateIn,
    TemplateOut,
    VisitIn,
    VisitOut,
)

router = Router(tags=["outreach"])


def _case(request, case_id: int):
    return get_object_or_404(case_list(actor=actor_of(request)), pk=case_id)


def _own_org(request, organisation_id: int | None) -> Organisation:
    """The creditor or provider organisation a template or plan belongs to."""
    actor = actor_of(request)
    ids = org_ids(actor, OrgKind.CREDITOR) + org_ids(actor, OrgKind.PROVIDER)
    if organisation_id is not None:
        if organisation_id not in ids:
            raise ServiceError(_("You are not a member of that organisation."), field="organisation_id")
        return Organisation.objects.get(pk=organisation_id)
    if not ids:
        raise ServiceError(_("Only members of a creditor or provider organisation define contact plans."))
    return Organisation.objects.get(pk=ids[0])


def _decision(decision):
    return selectors.decision_list(case=decision.case).get(pk=decision.pk)


@router.get("/cases/{case_id}/decisions", response={200: list[DecisionOut], **ERRORS}, url_name="outreach_decisions")
def decisions(request, case_id: int):
    return list(selectors.decision_list(case=_case(request, case_id))[:200])


@router.post("/cases/{case_id}/messages", response={201: DecisionOut, **ERRORS}, url_name="outreach_message_send")
def message_send(request, case_id: int, payload: MessageIn):
    """Propose a message. The answer is the gate's decision: allow (the message is sent), block
    (with every rule that blocked it) or defer (with the next allowed time)."""
    actor = actor_of(request)
    decision = services.message_send(case=_case(request, case_id), actor=actor, source=Source.API, **payload.dict())
    return Status(201, _decision(decision))


@router.post("/cases/{case_id}/lint", response={200: list[FindingOut], **ERRORS}, url_name="outreach_lint")
def lint(request, case_id: int, payload: LintIn):
    case = _case(request, case_id)
    return selectors.message_lint(
        case=case, organisation=case.organisation, body=payload.body, message_kind=payload.message_kind
    )


@router.get("/cases/{case_id}/messages", response={200: list[MessageOut], **ERRORS}, url_name="outreach_messages")
def messages(request, case_id: int):
    return list(selectors.message_list(case=_case(request, case_id))[:200])


@router.post(
    "/messages/{message_id}/dispatch", response={200: MessageOut, **ERRORS}, url_name="outreach_letter_dispatch"
)
def letter_dispatch(request, message_id: int, payload: DispatchIn):
    actor = actor_of(request)
    message = get_object_or_404(selectors.message_qs(actor=actor), pk=message_id)
    services.sending_organisation(actor=actor, case=message.case)
    return services.letter_dispatch(message=message, actor=actor, tracking_number=payload.tracking_number)


@router.post(
    "/messages/{message_id}/delivery", response={200: MessageOut, **ERRORS}, url_name="outreach_letter_delivery"
)
def letter_delivery(request, message_id: int, payload: DeliveryIn):
    actor = actor_of(request)
    message = get_object_or_404(selectors.message_qs(actor=actor), pk=message_id)
    services.sending_organisation(actor=actor, case=message.case)
    services.letter_delivery_record(
        message=message, actor=actor, signed_at=payload.signed_at, signed_by=payload.signed_by
    )
    message.refresh_from_db()
    return message


@router.get("/cases/{case_id}/recipients", response={200: list[RecipientOut], **ERRORS}, url_name="outreach_recipients")
def recipients(request, case_id: int):
    """Everyone a contact may be addressed to: the debtor, each guarantor and the contacts the
    debtor listed. Nobody else can be entered (relatives, employers, schools, references)."""
    case = _case(request, case_id)
    out = [{"recipient_id": d.pk, "name": d.name, "relation": r} for d, r in services.case_parties(case)]
    out += [
        {"contact_id": c.pk, "name": c.name, "relation": c.RELATION} for c in selectors.listed_contact_list(case=case)
    ]
    return out


@router.get(
    "/cases/{case_id}/contacts", response={200: list[ListedContactOut], **ERRORS}, url_name="outreach_listed_contacts"
)
def listed_contacts(request, case_id: int):
    return list(selectors.listed_contact_list(case=_case(request, case_id)))


@router.post(
    "/cases/{case_id}/contacts", response={201: ListedContactOut, **ERRORS}, url_name="outreach_listed_contact_add"
)
def listed_contact_add(request, case_id: int, payload: ListedContactIn):
    """Record a contact person the debtor listed (a mobile number and/or an email)."""
    contact = services.listed_contact_add(case=_case(request, case_id), actor=actor_of(request), **payload.dict())
    return Status(201, contact)


def _reachability(case) -> dict:
    state = selectors.debtor_unreachable(case=case)
    return {"case_id": case.pk, "unreachable": state is not None, "reason": state.reason if state else ""}


@router.get(
    "/cases/{case_id}/reachability", response={200: ReachabilityOut, **ERRORS}, url_name="outreach_reachability"
)
def reachability(request, case_id: int):
    return _reachability(_case(request, case_id))


@router.post(
    "/cases/{case_id}/reachability", response={200: ReachabilityOut, **ERRORS}, url_name="outreach_reachability_set"
)
def reachability_set(request, case_id: int, payload: ReachabilityIn):
    """Mark the debtor unreachable (with the reason) or reachable again."""
    case = _case(request, case_id)
    services.debtor_unreachable_set(case=case, actor=actor_of(request), **payload.dict())
    return _reachability(case)


@router.post("/cases/{case_id}/clearances", response={201: DecisionOut, **ERRORS}, url_name="outreach_clear")
def clear(request, case_id: int, payload: ClearanceIn):
    """Ask the gate before a call or a visit; an allowed clearance is then used by one log entry."""
    decision = services.contact_clear(
        case=_case(request, case_id), actor=actor_of(request), source=Source.API, **payload.dict()
    )
    return Status(201, _decision(decision))


@router.post("/clearances/{decision_id}/call", response={201: CallOut, **ERRORS}, url_name="outreach_call_log")
def call_log(request, decision_id: int, payload: CallIn):
    actor = actor_of(request)
    decision = get_object_or_404(selectors.decision_qs(actor=actor), pk=decision_id)
    return Status(201, services.call_log(decision=decision, actor=actor, **payload.dict()))


@router.post("/clearances/{decision_id}/visit", response={201: VisitOut, **ERRORS}, url_name="outreach_visit_log")
def visit_log(request, decision_id: int, payload: VisitIn):
    actor = actor_of(request)
    decision = get_object_or_404(selectors.decision_qs(actor=actor), pk=decision_id)
    return Status(201, services.visit_log(decision=decision, actor=actor, **payload.dict()))


def _preferences(case) -> list[dict]:
    out = []
    for debtor, _relation in services.case_parties(case):
        pref = selectors.preference_of(debtor=debtor)
        out.append(
            {
                "recipient_id": debtor.pk,
                "recipient_name": debtor.name,
                "cease_contact": bool(pref and pref.cease_contact),
                "opted_out_channels": list(pref.opted_out_channels) if pref else [],
            }
        )
    return out


@router.get(
    "/cases/{case_id}/preferences", response={200: list[PreferenceOut], **ERRORS}, url_name="outreach_preferences"
)
def preferences(request, case_id: int):
    return _preferences(_case(request, case_id))


@router.post(
    "/cases/{case_id}/preferences",
    response={200: list[PreferenceOut], **ERRORS},
    url_name="outreach_preferences_set",
)
def preferences_set(request, case_id: int, payload: PreferenceIn):
    """Set a debtor's or guarantor's contact wishes on their behalf (channel opt-outs, cease contact)."""
    case = _case(request, case_id)
    services.contact_preference_set(case=case, actor=actor_of(request), **payload.dict())
    return _preferences(case)


@router.get("/templates", response={200: list[TemplateOut], **ERRORS}, url_name="outreach_templates")
def templates(request):
    return list(selectors.template_list(actor=actor_of(request)))


@router.post("/templates", response={201: TemplateOut, **ERRORS}, url_name="outreach_template_create")
def template_create(request, payload: TemplateIn):
    data = payload.dict()
    org = _own_org(request, data.pop("organisation_id"))
    return Status(201, services.template_create(organisation=org, actor=actor_of(request), **data))


@router.get("/plans", response={200: list[PlanOut], **ERRORS}, url_name="outreach_plans")
def plans(request):
    return list(selectors.plan_list(actor=actor_of(request)))


@router.post("/plans", response={201: PlanOut, **ERRORS}, url_name="outreach_plan_create")
def plan_create(request, payload: PlanIn):
    org = _own_org(request, payload.organisation_id)
    plan = services.plan_create(
        organisation=org,
        actor=actor_of(request),
        name=payload.name,
        steps=[(s.day, s.template_id) for s in payload.steps],
    )
    return Status(201, plan)


@router.get("/cases/{case_id}/runs", response={200: list[RunOut], **ERRORS}, url_name="outreach_runs")
def runs(request, case_id: int):
    return list(selectors.run_list(case=_case(request, case_id)))


@router.post("/cases/{case_id}/runs", response={201: RunOut, **ERRORS}, url_name="outreach_plan_start")
def plan_start(request, case_id: int, payload: RunStartIn):
    actor = actor_of(request)
    case = _case(request, case_id)
    plan = selectors.plan_list(actor=actor).filter(pk=payload.plan_id).first()
    if plan is None:
        raise ServiceError(_("No such plan in your organisation."), field="plan_id")
    return Status(201, services.plan_start(case=case, plan=plan, actor=actor))


@router.post("/runs/{run_id}/stop", response={200: RunOut, **ERRORS}, url_name="outreach_plan_stop")
def plan_stop(request, run_id: int, payload: StopIn):
    actor = actor_of(request)
    run = get_object_or_404(selectors.run_qs(actor=actor), pk=run_id)
    services.sending_organisation(actor=actor, case=run.case)
    return services.plan_stop(run=run, actor=actor, reason=payload.reason)


@router.get("/report", response={200: ReportOut, **ERRORS}, url_name="outreach_report")
def report(request, organisation_id: int | None = None, date_from: date | None = None, date_to: date | None = None):
    """Compliance report of one sending organisation: attempts, outcomes, blocks by rule, complaints."""
    orgs = selectors.report_organisations(actor=actor_of(request))
    org = orgs.filter(pk=organisation_id).first() if organisation_id else orgs.first()
    if org is None:
        raise ServiceError(_("No organisation to report on."), field="organisation_id")
    r = selectors.compliance_report(organisation=org, date_from=date_from, date_to=date_to)
    return {
        "organisation_id": org.pk,
        "organisation": org.name,
        "date_from": date_from,
        "date_to": date_to,
        "attempts": r.attempts,
        "allowed": r.allowed,
        "blocked": r.blocked,
        "deferred": r.deferred,
        "complaints": r.complaints,
        "blocked_by_rule": [{"rule_id": i, "count": n, "explanation": e} for i, n, e in r.by_rule],
        "by_channel": [{"channel": c, "allowed": a, "blocked": b, "deferred": d} for c, a, b, d in r.by_channel],
    }


class GatewayAuth(HttpBearer):
    """The SMS gateway's own bearer token (HUIKUAN_SMS_CALLBACK_TOKEN); no user or API token."""

    def authenticate(self, request, token: str):
        expected = conf.sms_callback_token()
        if expected and hmac.compare_digest(token.encode(), expected.encode()):
            return "sms-gateway"
        return None


@router.post("/sms/reports", response={200: SmsReportOut, **ERRORS}, auth=GatewayAuth(), url_name="outreach_sms_report")
def sms_report(request, payload: SmsReportIn):
    """Delivery report callback for the generic HTTP JSON SMS gateway."""
    services.sms_report_record(reference=payload.id, status=payload.status, at=payload.at, error=payload.error)
    return {"recorded": True}
