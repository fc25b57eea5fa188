"""Legal documents over JSON: templates, generate for a case, list versions, download files."""

from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from huikuan.cases.selectors import case_list
from huikuan.common.api import ERRORS, actor_of

from . import selectors, services
from .choices import LAW_FIRM_ONLY
from .schemas import DocumentGenerateIn, DocumentTemplateOut, GeneratedDocumentOut

router = Router(tags=["documents"])

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@router.get("/templates", response={200: list[DocumentTemplateOut], **ERRORS}, url_name="document_templates")
def templates(request):
    return [
        {
            "key": t.key,
            "title": t.title,
            "version": t.version,
            "law_firm_only": t.key in LAW_FIRM_ONLY,
            "fields": t.fields,
        }
        for t in selectors.template_list()
    ]


@router.get("/cases/{case_id}", response={200: list[GeneratedDocumentOut], **ERRORS}, url_name="document_list")
def document_list(request, case_id: int):
    case = get_object_or_404(case_list(actor=actor_of(request)), pk=case_id)
    return selectors.document_list(actor=actor_of(request), case=case)


@router.post("/cases/{case_id}", response={201: GeneratedDocumentOut, **ERRORS}, url_name="document_generate")
def document_generate(request, case_id: int, payload: DocumentGenerateIn):
    """Generate a new version (PDF and DOCX); it is kept as an evidence item and recorded on the timeline."""
    actor = actor_of(request)
    case = get_object_or_404(case_list(actor=actor), pk=case_id)
    issuer = selectors.issuer_for(actor=actor, case=case, key=payload.key)
    document = services.document_generate(case=case, key=payload.key, actor=actor, issuer=issuer, fields=payload.fields)
    return Status(201, document)


@router.get(
    "/{document_id}/{fmt}",
    response=ERRORS,
    url_name="document_download",
    openapi_extra={
        "responses": {
            200: {
                "description": "the PDF or DOCX file",
                "content": {m: {"schema": {"type": "string", "format": "binary"}} for m in MEDIA_TYPES.values()},
            }
        }
    },
)
def document_download(request, document_id: int, fmt: Literal["pdf", "docx"]):
    document = get_object_or_404(selectors.document_file_qs(actor=actor_of(request)), pk=document_id)
    response = HttpResponse(bytes(getattr(document, fmt)), content_type=MEDIA_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{document.filename(fmt)}"'
    return response
