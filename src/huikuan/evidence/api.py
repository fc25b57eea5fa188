"""Evidence items over JSON, and their proofs and certificates as files."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse, JsonResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from huikuan.common.api import ERRORS, ErrorOut, actor_of
from huikuan.core.errors import ServiceError

from .certificate import NotYetLogged, bundle_zip, certificate_pdf, item_proof, safe_name
from .choices import CaptureMethod
from .schemas import ItemOut
from .selectors import evidence_case, evidence_get, evidence_list
from .services import evidence_add, file_path

router = Router(tags=["evidence"])
FILE_ERRORS = {**ERRORS, 409: ErrorOut}


def _file(description: str, media_type: str, schema: dict | None = None) -> dict:
    """A 200 answered with a file rather than a JSON document."""
    content = {media_type: {"schema": schema} if schema else {"schema": {"type": "string", "format": "binary"}}}
    return {"responses": {200: {"description": description, "content": content}}}


ENTRY_SCHEMA = {
    "type": "object",
    "description": "The log entry: canonical JSON (sorted keys, no spaces, UTF-8), hashed as the RFC 9162 leaf.",
    "properties": {
        "v": {"type": "integer"},
        "kind": {"type": "string"},
        "item": {"type": "integer"},
        "case": {"type": "integer"},
        "sha256": {"type": "string"},
        "size": {"type": "integer"},
        "type": {"type": "string"},
        "capture": {"type": "string"},
        "received": {"type": "string"},
    },
}


@router.get("/cases/{case_id}/items", response={200: list[ItemOut], **ERRORS}, url_name="evidence_list")
def item_list(request, case_id: int):
    case = evidence_case(actor=actor_of(request), case_id=case_id)
    return list(evidence_list(actor=actor_of(request), case=case))


@router.post("/cases/{case_id}/items", response={201: ItemOut, 200: ItemOut, **ERRORS}, url_name="evidence_upload")
def item_upload(
    request,
    case_id: int,
    file: File[UploadedFile] = None,
    capture_method: Form[str] = CaptureMethod.UPLOAD,
    custodian: Form[str] = "",
):
    """Upload a file as evidence (multipart). Identical content already in the case answers 200
    with the existing item (``created: false``)."""
    actor = actor_of(request)
    case = evidence_case(actor=actor, case_id=case_id)  # tenancy first: another's case is a 404
    if file is None:
        raise ServiceError(_("Choose a file to upload."), field="file")
    item, created = evidence_add(
        case=case, actor=actor, stream=file, name=file.name, capture_method=capture_method, custodian=custodian
    )
    item.created = created
    return Status(201 if created else 200, item)


@router.get("/{item_id}", response={200: ItemOut, **ERRORS}, url_name="evidence_detail")
def item_detail(request, item_id: int):
    return evidence_get(actor=actor_of(request), item_id=item_id)


@router.get(
    "/{item_id}/file",
    response=ERRORS,
    url_name="evidence_file",
    openapi_extra=_file("the evidence file", "application/octet-stream"),
)
def item_file(request, item_id: int):
    item = evidence_get(actor=actor_of(request), item_id=item_id)
    return FileResponse(
        open(file_path(item.sha256), "rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.media_type,
    )


def _proof_or_409(request, item_id: int):
    item = evidence_get(actor=actor_of(request), item_id=item_id)
    try:
        return item_proof(item)
    except NotYetLogged:
        return None


def _pending(request):
    return JsonResponse({"detail": _("The item is not in the log yet; try again in a few seconds.")}, status=409)


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@router.get(
    "/{item_id}/proof",
    response=FILE_ERRORS,
    url_name="evidence_proof",
    openapi_extra=_file("C2SP tlog-proof", "text/plain"),
)
def item_proof_file(request, item_id: int):
    """The C2SP tlog-proof (with the entry in its ``extra`` line) against the newest checkpoint."""
    p = _proof_or_409(request, item_id)
    if p is None:
        return _pending(request)
    return _attachment(p.proof_bytes, "text/plain; charset=utf-8", f"{p.item.sha256[:16]}.tlog-proof")


@router.get(
    "/{item_id}/entry",
    response=ERRORS,
    url_name="evidence_entry",
    openapi_extra=_file("log entry bytes", "application/json", ENTRY_SCHEMA),
)
def item_entry(request, item_id: int):
    """The exact log entry bytes: SHA-256(0x00 ‖ these bytes) is the leaf hash."""
    item = evidence_get(actor=actor_of(request), item_id=item_id)
    return HttpResponse(bytes(item.log_entry.data), content_type="application/json")


@router.get(
    "/{item_id}/certificate",
    response=FILE_ERRORS,
    url_name="evidence_certificate",
    openapi_extra=_file("PDF certificate", "application/pdf"),
)
def item_certificate(request, item_id: int):
    p = _proof_or_409(request, item_id)
    if p is None:
        return _pending(request)
    return _attachment(certificate_pdf(p), "application/pdf", f"certificate-{p.item.pk}.pdf")


@router.get(
    "/{item_id}/bundle",
    response=FILE_ERRORS,
    url_name="evidence_bundle",
    openapi_extra=_file("zip bundle", "application/zip"),
)
def item_bundle(request, item_id: int):
    """A zip: the file, its .tlog-proof, entry.json, the certificate, the log key, instructions."""
    p = _proof_or_409(request, item_id)
    if p is None:
        return _pending(request)
    name = safe_name(p.item.original_name)
    return _attachment(bundle_zip(p), "application/zip", f"evidence-{p.item.pk}-{name}.zip")
