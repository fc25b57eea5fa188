from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huikuan.core.errors import ServiceError

from . import log as evidence_log
from .choices import CaptureMethod
from .selectors import evidence_case, evidence_get, evidence_list
from .services import evidence_add, max_upload_bytes


def _panel(request, case, *, error: str = "", added=None, status: int = 200):
    context = {
        "case": case,
        "items": evidence_list(actor=request.user, case=case),
        "capture_methods": CaptureMethod.choices,
        "max_bytes": max_upload_bytes(),
        "verifier_key": evidence_log.verifier_key(),
        "error": error,
        "added": added,
    }
    return render(request, "evidence/_case_panel.html", context, status=status)


@login_required
def case_panel(request, case_id: int):
    """The case page's evidence vault panel, loaded by htmx."""
    return _panel(request, evidence_case(actor=request.user, case_id=case_id))


@login_required
@require_POST
def upload(request, case_id: int):
    """The panel's upload form (htmx swaps the panel with the answer)."""
    case = evidence_case(actor=request.user, case_id=case_id)
    upload = request.FILES.get("file")
    if upload is None:
        return _panel(request, case, error=_("Choose a file to upload."), status=422)
    try:
        item, created = evidence_add(
            case=case,
            actor=request.user,
            stream=upload,
            name=upload.name,
            capture_method=request.POST.get("capture_method") or CaptureMethod.UPLOAD,
            custodian=request.POST.get("custodian", ""),
        )
    except ServiceError as exc:
        return _panel(request, case, error=exc.message, status=422)
    return _panel(request, case, added=(item, created))


@login_required
def detail(request, pk: int):
    item = evidence_get(actor=request.user, item_id=pk)
    api = {
        name: reverse(f"api-1:evidence_{name}", kwargs={"item_id": item.pk})
        for name in ("file", "proof", "entry", "certificate", "bundle")
    }
    context = {"item": item, "case": item.case, "api": api, "verifier_key": evidence_log.verifier_key()}
    return render(request, "evidence/detail.html", context)
