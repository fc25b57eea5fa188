"""Reads of templates and generated documents, always through tenancy."""

from __future__ import annotations

from django.db.models import QuerySet

from huikuan.accounts.actors import org_ids
from huikuan.accounts.choices import OrgKind
from huikuan.accounts.models import Organisation
from huikuan.cases.models import Case

from .choices import LAW_FIRM_ONLY, LAW_FIRM_USCC_PREFIX, DocumentKind
from .models import DocumentTemplate, GeneratedDocument
from .seeds import seed


def template_list() -> QuerySet[DocumentTemplate]:
    """Offered templates. A missing one (deleted, or a flushed test database) comes back from the
    shipped files, as the data migration first created it."""
    if DocumentTemplate.objects.count() < len(DocumentKind.values):
        seed(DocumentTemplate)
    return DocumentTemplate.objects.filter(is_active=True).order_by("pk")


def template_get(*, key: str) -> DocumentTemplate | None:
    return template_list().filter(key=key).first()


def document_list(*, actor, case: Case | None = None) -> QuerySet[GeneratedDocument]:
    qs = GeneratedDocument.objects.visible_to(actor).select_related("case", "issuer").defer("pdf", "docx", "html")
    return qs.filter(case=case) if case is not None else qs


def document_file_qs(*, actor) -> QuerySet[GeneratedDocument]:
    return GeneratedDocument.objects.visible_to(actor).select_related("case")


def is_law_firm(org: Organisation | None) -> bool:
    """A provider organisation whose USCC type digits are 31: a law firm (GB 32100-2015)."""
    return bool(
        org is not None and org.kind == OrgKind.PROVIDER and (org.uscc or "").upper().startswith(LAW_FIRM_USCC_PREFIX)
    )


def issuer_for(*, actor, case: Case, key: str = "") -> Organisation:
    """Who issues a document: for a lawyer's letter the actor's law firm if they work for one, else
    (and for every other document) the creditor."""
    provider_ids = org_ids(actor, kind=OrgKind.PROVIDER) if key in LAW_FIRM_ONLY else []
    for firm in Organisation.objects.filter(pk__in=provider_ids).order_by("pk"):
        if is_law_firm(firm):
            return firm
    return case.organisation
