from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huikuan.accounts.selectors import primary_organisation
from huikuan.common.forms import run_service
from huikuan.core.errors import ServiceError
from huikuan.core.identifiers import IdentifierError, validate_mobile

from . import selectors, services
from .choices import allowed_targets
from .forms import (
    CaseFilterForm,
    DebtForm,
    DebtorForm,
    DisputeForm,
    DisputeResolveForm,
    TransitionForm,
    debt_form_field,
)
from .models import Debtor
from .schemas import CaseCreateIn

WIZARD = "case_wizard"
# Each app's panel on the case page, loaded lazily by htmx from `<app>:case_panel`.
CASE_PANELS = ("ledger", "evidence", "documents", "outreach", "assistant")
PER_PAGE = 20


@login_required
def case_list(request):
    form = CaseFilterForm(request.GET or None)
    qs = selectors.case_list(actor=request.user, filters=form.to_schema())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "cases": page.object_list, "query": query.urlencode()}
    template = "cases/_results.html" if request.htmx and request.htmx.target == "results" else "cases/list.html"
    return render(request, template, context)


@login_required
def case_detail(request, pk: int):
    case = get_object_or_404(selectors.case_detail_qs(actor=request.user), pk=pk)
    targets = allowed_targets(case.status, case.paused_from)
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "debt": case.debt,
            "events": selectors.case_timeline(case=case),
            "transition_form": TransitionForm(targets=targets) if targets else None,
            "case_panels": CASE_PANELS,
            "disputes": selectors.dispute_list(case=case),
            "dispute_form": DisputeForm(),
            "resolve_form": DisputeResolveForm(),
        },
    )


@login_required
@require_POST
def case_transition(request, pk: int):
    case = get_object_or_404(selectors.case_detail_qs(actor=request.user), pk=pk)
    form = TransitionForm(request.POST, targets=allowed_targets(case.status, case.paused_from))
    if form.is_valid():
        run_service(
            request,
            lambda: services.case_transition(case=case, actor=request.user, **form.cleaned_data),
            success=_("Status updated."),
        )
    else:
        messages.error(request, _("Choose a status to move to."))
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def dispute_open(request, pk: int):
    case = get_object_or_404(selectors.case_list(actor=request.user), pk=pk)
    form = DisputeForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.dispute_open(case=case, actor=request.user, reason=form.cleaned_data["reason"]),
            success=_("Dispute recorded; collection is paused."),
        )
    else:
        messages.error(request, _("Say what is disputed."))
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def dispute_resolve(request, pk: int):
    dispute = get_object_or_404(selectors.dispute_qs(actor=request.user), pk=pk)
    form = DisputeResolveForm(request.POST)
    if form.is_valid():
        resolution = form.cleaned_data["resolution"]
        run_service(
            request,
            lambda: services.dispute_resolve(dispute=dispute, actor=request.user, resolution=resolution),
            success=_("Dispute resolved."),
        )
    else:
        messages.error(request, _("Say how the dispute was resolved."))
    return redirect("cases:detail", pk=dispute.case_id)


# ---- registration wizard: debtor → debt → review ------------------------------------------


def _organisation(request):
    org = primary_organisation(user=request.user)
    if org is None:
        raise Http404
    return org


def _debtors(org):
    return Debtor.objects.filter(organisation=org).order_by("name")


def _apply_errors(form, exc: ServiceError, field_for) -> None:
    for path, msgs in exc.errors.items():
        field = field_for(path)
        for message in msgs:
            form.add_error(field if field in form.fields else None, message)


@login_required
def register_debtor(request):
    org = _organisation(request)
    state = request.session.get(WIZARD, {})
    form = DebtorForm(request.POST or None, initial=state.get("debtor"), debtors=_debtors(org))
    if request.method == "POST" and form.is_valid():
        try:
            if not form.cleaned_data["existing"]:
                services.debtor_validate(data=form.to_schema())
        except ServiceError as exc:
            _apply_errors(form, exc, lambda path: path)
        else:
            state["debtor"] = request.POST.dict()
            request.session[WIZARD] = state
            return redirect("cases:register_debt")
    return render(request, "cases/register.html", {"form": form, "step": 1})


@login_required
def register_debt(request):
    state = request.session.get(WIZARD, {})
    if "debtor" not in state:
        return redirect("cases:register")
    form = DebtForm(request.POST or None, initial=state.get("debt"))
    if request.method == "POST" and form.is_valid():
        try:
            services.debt_validate(data=form.to_schema())
        except ServiceError as exc:
            _apply_errors(form, exc, debt_form_field)
        else:
            state["debt"] = request.POST.dict()
            request.session[WIZARD] = state
            return redirect("cases:register_review")
    return render(request, "cases/register.html", {"form": form, "step": 2})


def _wizard_input(request, org) -> tuple[CaseCreateIn | None, DebtorForm, DebtForm]:
    state = request.session.get(WIZARD, {})
    debtor_form = DebtorForm(state.get("debtor"), debtors=_debtors(org))
    debt_form = DebtForm(state.get("debt"))
    if not (debtor_form.is_valid() and debt_form.is_valid()):
        return None, debtor_form, debt_form
    existing = debtor_form.cleaned_data["existing"]
    data = CaseCreateIn(
        debtor_id=existing,
        debtor=None if existing else debtor_form.to_schema(),
        debt=debt_form.to_schema(),
    )
    return data, debtor_form, debt_form


@login_required
def register_review(request):
    org = _organisation(request)
    if not {"debtor", "debt"} <= set(request.session.get(WIZARD, {})):
        return redirect("cases:register")
    data, debtor_form, debt_form = _wizard_input(request, org)
    if data is None:
        return redirect("cases:register")
    errors: list[str] = []
    if request.method == "POST":
        try:
            case = services.case_register(organisation=org, data=data, actor=request.user)
        except ServiceError as exc:
            errors = [m for msgs in exc.errors.values() for m in msgs]
        else:
            request.session.pop(WIZARD, None)
            messages.success(request, _("Debt registered as case %(ref)s.") % {"ref": case.reference})
            return redirect("cases:detail", pk=case.pk)
    existing = None
    virtual_operator = False
    if data.debtor is not None and data.debtor.mobile:
        try:
            virtual_operator = validate_mobile(data.debtor.mobile).virtual_operator
        except IdentifierError:
            virtual_operator = False
    if data.debtor_id:
        existing = _debtors(org).filter(pk=data.debtor_id).first()
    return render(
        request,
        "cases/register_review.html",
        {
            "step": 3,
            "data": data,
            "existing": existing,
            "debtor_form": debtor_form,
            "debt_form": debt_form,
            "errors": errors,
            "virtual_operator": virtual_operator,
        },
    )


@login_required
@require_POST
def register_cancel(request):
    request.session.pop(WIZARD, None)
    return redirect("cases:list")
