"""Outreach pages: the case panel and its actions, the plan editor and the compliance report.
Every action calls the same service as the API."""

from __future__ import annotations

import csv
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huikuan.accounts.actors import org_ids
from huikuan.accounts.choices import OrgKind
from huikuan.accounts.models import Organisation
from huikuan.cases.selectors import case_list
from huikuan.common.forms import run_service, service_error_messages
from huikuan.core.errors import ServiceError

from . import selectors, services
from .choices import Channel, Outcome, RunStatus, Source
from .forms import (
    CallLogForm,
    ClearanceForm,
    DeliveredForm,
    DispatchForm,
    ListedContactForm,
    PlanForm,
    PlanStartForm,
    PreferenceForm,
    ReachabilityForm,
    ReportForm,
    SenderForm,
    SendForm,
    StepForm,
    TemplateForm,
    VisitLogForm,
)
from .models import ContactPlan, PlanStep


def _case(request, case_id: int):
    return get_object_or_404(case_list(actor=request.user), pk=case_id)


def _back(case_id: int):
    return redirect(reverse("cases:detail", kwargs={"pk": case_id}) + "#outreach-panel")


def _form_error(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}: {e}" if label else e)


def _decision_message(request, decision) -> None:
    rules = "; ".join(f"{r['rule_id']} — {_(r['explanation'])}" for r in decision.reasons)
    if decision.outcome == Outcome.ALLOW:
        messages.success(request, _("The gate allowed it (decision #%(id)s).") % {"id": decision.pk})
    elif decision.outcome == Outcome.DEFER:
        when = timezone.localtime(decision.next_allowed_at).strftime("%Y-%m-%d %H:%M")
        messages.warning(
            request,
            _("Deferred by the gate until %(when)s (decision #%(id)s): %(rules)s")
            % {"when": when, "id": decision.pk, "rules": rules},
        )
    else:
        messages.error(
            request, _("Blocked by the gate (decision #%(id)s): %(rules)s") % {"id": decision.pk, "rules": rules}
        )


def _open_clearances(case):
    since = timezone.now() - services.CLEARANCE_VALID
    return (
        selectors.decision_list(case=case)
        .filter(outcome=Outcome.ALLOW, channel__in=[Channel.CALL, Channel.VISIT], used_at__isnull=True)
        .filter(decided_at__gte=since)
    )


@login_required
def case_panel(request, case_id: int):
    """The case page's compliant outreach panel, loaded by htmx."""
    case = _case(request, case_id)
    parties = services.case_parties(case)
    contacts = list(selectors.listed_contact_list(case=case))
    unreachable = selectors.debtor_unreachable(case=case)
    now_local = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    preferences = [(d, r, selectors.preference_of(debtor=d)) for d, r in parties]
    plans = selectors.plan_list(actor=request.user).filter(organisation=case.organisation)
    runs = selectors.run_list(case=case)
    context = {
        "case": case,
        "decisions": selectors.decision_list(case=case)[:50],
        "letters": selectors.message_list(case=case).filter(channel=Channel.LETTER),
        "calls": selectors.call_list(case=case)[:20],
        "visits": selectors.visit_list(case=case)[:20],
        "send_form": SendForm(parties=parties, contacts=contacts),
        "clear_form": ClearanceForm(parties=parties, contacts=contacts),
        "listed_contacts": contacts,
        "unreachable": unreachable,
        "contact_form": ListedContactForm(initial={"listed_on": timezone.localdate()}),
        "reachability_form": ReachabilityForm(initial={"unreachable": unreachable is not None}),
        "clearances": _open_clearances(case),
        "call_form": CallLogForm(initial={"started_at": now_local}),
        "visit_form": VisitLogForm(initial={"started_at": now_local}),
        "preferences": preferences,
        "preference_form": PreferenceForm(parties=parties),
        "plan_form": PlanStartForm(plans=plans) if plans else None,
        "runs": runs,
        "running": [r for r in runs if r.status == RunStatus.RUNNING],
        "dispatch_form": DispatchForm(),
        "delivered_form": DeliveredForm(initial={"signed_at": now_local}),
        "sender": selectors.sender_profile_of(organisation=case.organisation),
    }
    return render(request, "outreach/_case_panel.html", context)


@login_required
@require_POST
def lint(request, case_id: int):
    """The linter's findings on a draft, shown beside the send form before sending."""
    case = _case(request, case_id)
    body = request.POST.get("body", "")
    findings = (
        selectors.message_lint(
            case=case,
            organisation=case.organisation,
            body=body,
            message_kind=request.POST.get("message_kind", "follow_up"),
        )
        if body.strip()
        else []
    )
    return render(request, "outreach/_lint.html", {"findings": findings, "checked": bool(body.strip())})


@login_required
@require_POST
def send(request, case_id: int):
    case = _case(request, case_id)
    form = SendForm(
        request.POST, parties=services.case_parties(case), contacts=selectors.listed_contact_list(case=case)
    )
    if not form.is_valid():
        _form_error(request, form)
        return _back(case.pk)
    try:
        decision = services.message_send(case=case, actor=request.user, source=Source.PAGE, **form.cleaned_data)
    except ServiceError as exc:
        service_error_messages(request, exc)
    else:
        _decision_message(request, decision)
    return _back(case.pk)


@login_required
@require_POST
def clear(request, case_id: int):
    case = _case(request, case_id)
    form = ClearanceForm(
        request.POST, parties=services.case_parties(case), contacts=selectors.listed_contact_list(case=case)
    )
    if not form.is_valid():
        _form_error(request, form)
        return _back(case.pk)
    try:
        decision = services.contact_clear(case=case, actor=request.user, source=Source.PAGE, **form.cleaned_data)
    except ServiceError as exc:
        service_error_messages(request, exc)
    else:
        _decision_message(request, decision)
    return _back(case.pk)


def _clearance(request, pk: int):
    return get_object_or_404(selectors.decision_qs(actor=request.user), pk=pk)


@login_required
@require_POST
def call_log(request, pk: int):
    decision = _clearance(request, pk)
    form = CallLogForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.call_log(decision=decision, actor=request.user, **form.cleaned_data),
            success=_("Call logged."),
        )
    else:
        _form_error(request, form)
    return _back(decision.case_id)


@login_required
@require_POST
def visit_log(request, pk: int):
    decision = _clearance(request, pk)
    form = VisitLogForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["participants"] = form.participant_list()
        run_service(
            request,
            lambda: services.visit_log(decision=decision, actor=request.user, **data),
            success=_("Visit logged."),
        )
    else:
        _form_error(request, form)
    return _back(decision.case_id)


@login_required
@require_POST
def preferences(request, case_id: int):
    case = _case(request, case_id)
    form = PreferenceForm(request.POST, parties=services.case_parties(case))
    if form.is_valid():
        run_service(
            request,
            lambda: services.contact_preference_set(case=case, actor=request.user, **form.cleaned_data),
            success=_("Contact preferences saved."),
        )
    else:
        _form_error(request, form)
    return _back(case.pk)


@login_required
@require_POST
def listed_contact_add(request, case_id: int):
    case = _case(request, case_id)
    form = ListedContactForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.listed_contact_add(case=case, actor=request.user, **form.cleaned_data),
            success=_("Contact listed by the debtor saved."),
        )
    else:
        _form_error(request, form)
    return _back(case.pk)


@login_required
@require_POST
def reachability(request, case_id: int):
    case = _case(request, case_id)
    form = ReachabilityForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.debtor_unreachable_set(case=case, actor=request.user, **form.cleaned_data),
            success=_("Debtor reachability saved."),
        )
    else:
        _form_error(request, form)
    return _back(case.pk)


@login_required
@require_POST
def plan_start(request, case_id: int):
    case = _case(request, case_id)
    form = PlanStartForm(request.POST, plans=selectors.plan_list(actor=request.user))
    if form.is_valid():
        plan = selectors.plan_list(actor=request.user).get(pk=form.cleaned_data["plan_id"])
        run_service(
            request,
            lambda: services.plan_start(case=case, plan=plan, actor=request.user),
            success=_("Contact plan started."),
        )
    else:
        _form_error(request, form)
    return _back(case.pk)


@login_required
@require_POST
def plan_stop(request, pk: int):
    run = get_object_or_404(selectors.run_qs(actor=request.user), pk=pk)
    try:
        services.sending_organisation(actor=request.user, case=run.case)
        services.plan_stop(run=run, actor=request.user, reason=request.POST.get("reason", ""))
    except ServiceError as exc:
        service_error_messages(request, exc)
    else:
        messages.success(request, _("Contact plan stopped."))
    return _back(run.case_id)


def _message(request, pk: int):
    return get_object_or_404(selectors.message_qs(actor=request.user), pk=pk)


@login_required
@require_POST
def letter_dispatch(request, pk: int):
    message = _message(request, pk)
    form = DispatchForm(request.POST)
    if form.is_valid():
        try:
            services.sending_organisation(actor=request.user, case=message.case)
            services.letter_dispatch(message=message, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            service_error_messages(request, exc)
        else:
            messages.success(request, _("Posting recorded."))
    else:
        _form_error(request, form)
    return _back(message.case_id)


@login_required
@require_POST
def letter_delivered(request, pk: int):
    message = _message(request, pk)
    form = DeliveredForm(request.POST)
    if form.is_valid():
        try:
            services.sending_organisation(actor=request.user, case=message.case)
            services.letter_delivery_record(message=message, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            service_error_messages(request, exc)
        else:
            messages.success(request, _("Delivery recorded."))
    else:
        _form_error(request, form)
    return _back(message.case_id)


@login_required
def letter_pdf(request, pk: int):
    message = _message(request, pk)
    if message.channel != Channel.LETTER or not message.document:
        raise Http404
    return FileResponse(message.document.open("rb"), content_type="application/pdf", filename=f"{message.uid}.pdf")


# ---- plan editor ---------------------------------------------------------------------------------


def _acting_org(request) -> Organisation:
    ids = org_ids(request.user, OrgKind.CREDITOR) + org_ids(request.user, OrgKind.PROVIDER)
    if not ids:
        raise Http404
    return Organisation.objects.get(pk=ids[0])


def _own_org_or_none(request) -> Organisation | None:
    ids = org_ids(request.user, OrgKind.CREDITOR) + org_ids(request.user, OrgKind.PROVIDER)
    return Organisation.objects.filter(pk=ids[0]).first() if ids else None


@login_required
def plans(request):
    templates = selectors.template_list(actor=request.user)
    org = _own_org_or_none(request)
    sender = selectors.sender_profile_of(organisation=org) if org else None
    sender_form = None
    if org:
        initial = (
            {"display_name": sender.display_name, "reply_email": sender.reply_email, "phone": sender.phone}
            if sender
            else None
        )
        sender_form = SenderForm(initial=initial)
    return render(
        request,
        "outreach/plans.html",
        {
            "templates": templates,
            "plans": selectors.plan_list(actor=request.user),
            "template_form": TemplateForm(),
            "plan_form": PlanForm(templates=templates),
            "sender": sender,
            "sender_form": sender_form,
        },
    )


@login_required
@require_POST
def sender_save(request):
    """An organisation states the name its messages carry; staff verify it in the back office."""
    org = _acting_org(request)
    form = SenderForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.sender_profile_save(organisation=org, actor=request.user, **form.cleaned_data),
            success=_("Sender identity saved."),
        )
    else:
        _form_error(request, form)
    return redirect("outreach:plans")


@login_required
@require_POST
def template_create(request):
    org = _acting_org(request)
    form = TemplateForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.template_create(organisation=org, actor=request.user, **form.cleaned_data),
            success=_("Template saved."),
        )
    else:
        _form_error(request, form)
    return redirect("outreach:plans")


@login_required
@require_POST
def plan_create(request):
    org = _acting_org(request)
    form = PlanForm(request.POST, templates=selectors.template_list(actor=request.user).filter(organisation=org))
    if form.is_valid():
        d = form.cleaned_data
        try:
            plan = services.plan_create(
                organisation=org, actor=request.user, name=d["name"], steps=[(d["day"], d["template_id"])]
            )
        except ServiceError as exc:
            service_error_messages(request, exc)
        else:
            messages.success(request, _("Plan saved; add its other steps."))
            return redirect("outreach:plan_detail", pk=plan.pk)
    else:
        _form_error(request, form)
    return redirect("outreach:plans")


@login_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(selectors.plan_list(actor=request.user), pk=pk)
    templates = selectors.template_list(actor=request.user).filter(organisation=plan.organisation)
    return render(
        request,
        "outreach/plan_detail.html",
        {"plan": plan, "steps": plan.steps.select_related("template"), "step_form": StepForm(templates=templates)},
    )


@login_required
@require_POST
def plan_step_add(request, pk: int):
    org = _acting_org(request)
    plan = get_object_or_404(ContactPlan.objects.filter(organisation=org), pk=pk)
    form = StepForm(request.POST, templates=selectors.template_list(actor=request.user).filter(organisation=org))
    if form.is_valid():
        run_service(
            request,
            lambda: services.plan_step_add(plan=plan, actor=request.user, **form.cleaned_data),
            success=_("Step added."),
        )
    else:
        _form_error(request, form)
    return redirect("outreach:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_step_remove(request, pk: int):
    org = _acting_org(request)
    step = get_object_or_404(PlanStep.objects.filter(plan__organisation=org), pk=pk)
    services.plan_step_remove(step=step, actor=request.user)
    messages.success(request, _("Step removed."))
    return redirect("outreach:plan_detail", pk=step.plan_id)


# ---- compliance report ---------------------------------------------------------------------------


def _report(request):
    organisations = selectors.report_organisations(actor=request.user)
    form = ReportForm(request.GET or None, organisations=organisations)
    org, date_to = None, timezone.localdate()
    date_from = date_to - timedelta(days=89)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        org = organisations.filter(pk=d["organisation"]).first() if d["organisation"] else None
        date_from, date_to = d["date_from"], d["date_to"]
    org = org or organisations.first()
    report = selectors.compliance_report(organisation=org, date_from=date_from, date_to=date_to) if org else None
    return form, report


@login_required
def report(request):
    form, report = _report(request)
    query = request.GET.urlencode()
    return render(request, "outreach/report.html", {"form": form, "report": report, "query": query})


@login_required
def report_csv(request):
    _form, report = _report(request)
    if report is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="outreach-compliance-{report.organisation.pk}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 Chinese correctly only with a BOM
    w = csv.writer(response)
    w.writerow([_("Organisation"), report.organisation.name])
    w.writerow([_("From"), report.date_from or "", _("To"), report.date_to or ""])
    w.writerow([])
    w.writerow([_("Measure"), _("Count")])
    for label, value in (
        (_("Attempts"), report.attempts),
        (_("Allowed"), report.allowed),
        (_("Blocked"), report.blocked),
        (_("Deferred"), report.deferred),
        (_("Complaints (disputes)"), report.complaints),
    ):
        w.writerow([label, value])
    w.writerow([])
    w.writerow([_("Rule"), _("Blocked or deferred"), _("Explanation")])
    for rule, n, explanation in report.by_rule:
        w.writerow([rule, n, explanation])
    w.writerow([])
    w.writerow([_("Channel"), _("Allowed"), _("Blocked"), _("Deferred")])
    for row in report.by_channel:
        w.writerow(row)
    return response
