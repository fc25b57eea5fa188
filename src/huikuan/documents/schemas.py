from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class DocumentTemplateFieldOut(Schema):
    name: str
    label_zh: str = ""
    label_en: str = ""


class DocumentTemplateOut(Schema):
    key: str
    title: str
    version: int
    law_firm_only: bool
    fields: list[DocumentTemplateFieldOut]


class DocumentGenerateIn(Schema):
    key: str = Field(..., description="demand_letter, lawyer_letter, payment_order, civil_complaint, ...")
    fields: dict[str, str] = Field(default_factory=dict, description="edited free-text fields; others default")


class GeneratedDocumentOut(Schema):
    id: int
    case_id: int
    key: str
    title: str
    number: int
    template_version: int
    issuer: str
    as_of: date
    pdf_sha256: str
    docx_sha256: str
    evidence_item_id: int | None
    created_at: datetime
    pdf_url: str
    docx_url: str

    @staticmethod
    def resolve_issuer(obj) -> str:
        return obj.issuer.name

    @staticmethod
    def resolve_pdf_url(obj) -> str:
        from django.urls import reverse

        return reverse("api-1:document_download", kwargs={"document_id": obj.pk, "fmt": "pdf"})

    @staticmethod
    def resolve_docx_url(obj) -> str:
        from django.urls import reverse

        return reverse("api-1:document_download", kwargs={"document_id": obj.pk, "fmt": "docx"})
