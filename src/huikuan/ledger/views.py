"""Ledger pages: statement, interest and allocation explained, limitation chain, eligibility,
the recording forms, bank statement import and match confirmation. Same services as the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huikuan.accounts.selectors import primary_organisation
from huikuan.cases.models import Debtor
from huikuan.cases.selectors import case_list
from huikuan.common.forms import add_service_error
from huikuan.core.errors import ServiceError

from . import selectors, services
from .choices import ImportStatus, MatchStatus
from .forms import (
    AsOfForm,
    ChargeForm,
    DebtorPaymentForm,
    FactForm,
    PaymentForm,
    ReversalForm,
    StatementUploadForm,
    WriteOffForm,
)


def _case(request, case_id: int):
    return get_object_or_404(
        case_list(actor=request.user)
        .select_related("debt__debtor")
        .prefetch_related("debt__instalments", "debt__guarantees__guarantor"),
        pk=case_id,
    )


def _as_of(request):
    form = AsOfForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["as_of"]:
        return form, form.cleaned_data["as_of"]
    return form, timezone.localdate()


@login_required
def case_panel(request, case_id: int):
    """The case page's ledger and limitation panel, loaded by htmx."""
    case = _case(request, case_id)
    return render(
        request,
        "ledger/_case_panel.html",
        {
            "case": case,
            "statement": selectors.case_statement(case=case),
            "limitation": selectors.case_limitation(case=case),
        },
    )


@login_required
def statement(request, case_id: int):
    case = _case(request, case_id)
    form, as_of = _as_of(request)
    st = selectors.case_statement(case=case, as_of=as_of)
    return render(
        request,
        "ledger/statement.html",
        {
            "case": case,
            "as_of_form": form,
            "as_of": as_of,
            "st": st,
            "limitation": selectors.case_limitation(case=case, as_of=as_of),
            "reversal_form": ReversalForm(),
            # Offered only when one sum may cover several debts (Civil Code art. 560).
            "several_debts": selectors.debtor_open_cases(
                debtor=case.debt.debtor, actor=request.user, organisation=case.organisation
            ).count()
            >= 2,
        },
    )


@login_required
def limitation(request, case_id: int):
    case = _case(request, case_id)
    form, as_of = _as_of(request)
    return render(
        request,
        "ledger/limitation.html",
        {"case": case, "as_of_form": form, "lim": selectors.case_limitation(case=case, as_of=as_of)},
    )


@login_required
def eligibility(request, case_id: int):
    case = _case(request, case_id)
    return render(request, "ledger/eligibility.html", {"case": case, "el": selectors.case_eligibility(case=case)})


def _record(request, case_id: int, form_class, title: str, write, done: str):
    case = _case(request, case_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            write(case, form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("ledger:statement", case_id=case.pk)
    return render(request, "ledger/record.html", {"case": case, "form": form, "title": title})


@login_required
def payment_new(request, case_id: int):
    return _record(
        request,
        case_id,
        PaymentForm,
        _("Record a payment"),
        lambda case, d: services.payment_record(case=case, actor=request.user, **d),
        _("Payment recorded and allocated."),
    )


@login_required
def charge_new(request, case_id: int):
    return _record(
        request,
        case_id,
        ChargeForm,
        _("Record a charge"),
        lambda case, d: services.charge_record(case=case, actor=request.user, **d),
        _("Charge recorded."),
    )


@login_required
def write_off_new(request, case_id: int):
    return _record(
        request,
        case_id,
        WriteOffForm,
        _("Write off"),
        lambda case, d: services.write_off_record(case=case, actor=request.user, **d),
        _("Write-off recorded."),
    )


def _fact(request, case, d: dict) -> None:
    common = {"case": case, "actor": request.user, "date": d["date"], "note": d["note"]}
    fact = d["fact"]
    if fact == "acknowledgement":
        services.acknowledgement_record(**common)
    elif fact == "repayment_plan":
        services.repayment_plan_record(**common)
    elif fact == "filing":
        services.filing_record(filing=d["filing"], **common)
    else:
        if d["performance_date"] is None:
            raise ServiceError(_("Enter the last day for performance."), field="performance_date")
        services.judgment_record(performance_date=d["performance_date"], amount=d["amount"] or None, **common)


@login_required
def fact_new(request, case_id: int):
    return _record(
        request,
        case_id,
        FactForm,
        _("Record an acknowledgement, plan, filing or judgment"),
        lambda case, d: _fact(request, case, d),
        _("Recorded; the limitation chain is updated."),
    )


@login_required
@require_POST
def reverse(request, case_id: int):
    case = _case(request, case_id)
    form = ReversalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the entry is reversed."))
    else:
        try:
            services.entry_reverse(case=case, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Entry reversed."))
    return redirect("ledger:statement", case_id=case.pk)


@login_required
def debtor_payment_new(request, debtor_id: int):
    """One sum covering several debts of a debtor, split by art. 560 before each case's art. 561."""
    debtor = get_object_or_404(Debtor.objects.visible_to(request.user).select_related("organisation"), pk=debtor_id)
    cases = list(selectors.debtor_open_cases(debtor=debtor, actor=request.user, organisation=debtor.organisation))
    back = next((c for c in cases if str(c.pk) == request.GET.get("case")), cases[0] if cases else None)
    form = DebtorPaymentForm(request.POST or None, cases=cases)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.debtor_payment_record(
                organisation=debtor.organisation, debtor=debtor, actor=request.user, **form.cleaned_data
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Payment recorded and split across the debtor's debts."))
            return redirect("ledger:debtor_payment_detail", pk=record.pk)
    return render(
        request, "ledger/debtor_payment_new.html", {"debtor": debtor, "cases": cases, "form": form, "back": back}
    )


@login_required
def debtor_payment_detail(request, pk: int):
    record = get_object_or_404(selectors.debtor_payment_list(actor=request.user), pk=pk)
    return render(request, "ledger/debtor_payment_detail.html", {"view": selectors.debtor_payment_view(record=record)})


@login_required
def alerts(request):
    return render(request, "ledger/alerts.html", {"alerts": selectors.alert_list(actor=request.user)})


# ---- bank statements -----------------------------------------------------------------------------


@login_required
def imports(request):
    org = primary_organisation(user=request.user)
    if org is None:
        raise Http404
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.statement_import(
                organisation=org,
                actor=request.user,
                filename=upload.name,
                content=upload.read(),
                layout=form.cleaned_data["layout"],
                mapping=form.cleaned_data["mapping"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(a)s rows accepted, %(r)s rejected, %(s)s not credits.")
                % {"a": result.accepted, "r": result.rejected, "s": result.skipped},
            )
            return redirect("ledger:import_detail", pk=result.pk)
    return render(
        request,
        "ledger/imports.html",
        {"form": form, "imports": selectors.statement_import_list(actor=request.user)[:50]},
    )


@login_required
def import_detail(request, pk: int):
    statement = get_object_or_404(selectors.statement_import_list(actor=request.user), pk=pk)
    rows = selectors.statement_import_rows(statement=statement)
    show = request.GET.get("show", "")
    if show in ImportStatus.values:
        rows = rows.filter(status=show)
    return render(
        request,
        "ledger/import_detail.html",
        {"statement": statement, "rows": rows[:500], "show": show, "statuses": ImportStatus, "ms": MatchStatus},
    )


@login_required
@require_POST
def proposal_confirm(request, pk: int):
    proposal = get_object_or_404(selectors.proposal_qs(actor=request.user), pk=pk)
    try:
        services.proposal_confirm(proposal=proposal, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Match confirmed: the payment is recorded in %(ref)s.") % {"ref": proposal.case})
    return redirect("ledger:import_detail", pk=proposal.row.statement_id)


@login_required
@require_POST
def proposal_reject(request, pk: int):
    proposal = get_object_or_404(selectors.proposal_qs(actor=request.user), pk=pk)
    try:
        services.proposal_reject(proposal=proposal, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("ledger:import_detail", pk=proposal.row.statement_id)
