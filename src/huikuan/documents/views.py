from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huikuan.cases.selectors import case_list
from huikuan.common.forms import add_service_error
from huikuan.core.errors import ServiceError

from . import selectors, services
from .choices import LAW_FIRM_ONLY, OutputFormat
from .context import build_context, field_defaults
from .forms import DocumentFieldsForm

MEDIA_TYPES = {
    OutputFormat.PDF: "application/pdf",
    OutputFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _case(request, case_id: int):
    return get_object_or_404(case_list(actor=request.user), pk=case_id)


def _template(key: str):
    template = selectors.template_get(key=key)
    if template is None:
        raise Http404
    return template


@login_required
def case_panel(request, case_id: int):
    """The case page's legal documents panel, loaded by htmx."""
    case = _case(request, case_id)
    return render(
        request,
        "documents/_case_panel.html",
        {"case": case, "documents": selectors.document_list(actor=request.user, case=case)[:5]},
    )


@login_required
def case_documents(request, case_id: int):
    """Choose a template; every generated version of the case's documents."""
    case = _case(request, case_id)
    templates = [
        {
            "t": t,
            "refused": t.key in LAW_FIRM_ONLY
            and not selectors.is_law_firm(selectors.issuer_for(actor=request.user, case=case, key=t.key)),
        }
        for t in selectors.template_list()
    ]
    return render(
        request,
        "documents/case_documents.html",
        {"case": case, "templates": templates, "documents": selectors.document_list(actor=request.user, case=case)},
    )


def _compose_context(request, case, template, data=None):
    issuer = selectors.issuer_for(actor=request.user, case=case, key=template.key)
    base = build_context(case=case, actor=request.user, issuer=issuer)
    form = DocumentFieldsForm(data, spec=template.fields, initial_values=field_defaults(template.fields, base))
    return issuer, form


def _preview(request, case, template, issuer, values):
    try:
        body, _context = services.document_render(
            case=case, template=template, actor=request.user, issuer=issuer, fields=values
        )
    except ServiceError as exc:
        return None, exc.message
    return body, None


@login_required
def compose(request, case_id: int, key: str):
    """Edit the free-text fields beside a live preview, then generate (POST)."""
    case = _case(request, case_id)
    template = _template(key)
    issuer, form = _compose_context(request, case, template, request.POST if request.method == "POST" else None)
    refused = template.key in LAW_FIRM_ONLY and not selectors.is_law_firm(issuer)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_generate(
                case=case, key=key, actor=request.user, issuer=issuer, fields=form.cleaned_data
            )
        except ServiceError as exc:
            add_service_error(form, exc)
            status = 422
        else:
            messages.success(
                request,
                _("%(title)s version %(n)s generated and kept as evidence.")
                % {"title": document.title, "n": document.number},
            )
            return redirect("documents:case_documents", case_id=case.pk)
    elif request.method == "POST":
        status = 422
    values = form.cleaned_data if form.is_bound and form.is_valid() else {n: f.initial for n, f in form.fields.items()}
    body, error = (None, None) if refused else _preview(request, case, template, issuer, values)
    return render(
        request,
        "documents/compose.html",
        {
            "case": case,
            "template": template,
            "form": form,
            "preview": body,
            "preview_error": error,
            "refused": refused,
            "issuer": issuer,
        },
        status=status,
    )


@login_required
@require_POST
def preview(request, case_id: int, key: str):
    """htmx: the preview for the fields as edited so far (nothing is written)."""
    case = _case(request, case_id)
    template = _template(key)
    issuer, form = _compose_context(request, case, template, request.POST)
    values = form.cleaned_data if form.is_valid() else {}
    body, error = _preview(request, case, template, issuer, values)
    return render(request, "documents/_preview.html", {"preview": body, "preview_error": error})


@login_required
def download(request, pk: int, fmt: str):
    if fmt not in OutputFormat.values:
        raise Http404
    document = get_object_or_404(selectors.document_file_qs(actor=request.user), pk=pk)
    response = HttpResponse(bytes(getattr(document, fmt)), content_type=MEDIA_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{document.filename(fmt)}"'
    response["X-Content-SHA256"] = getattr(document, f"{fmt}_sha256")
    return response
