"""This app's rows of the permission matrix (collected by tests/permissions.py)."""

from tests.permissions import CREATED, NOT_FOUND, REDIRECT, api, page

CASE = {"kwargs": lambda o: {"case_id": o["case"].pk}}

ROUTES = [
    page("documents:case_panel", b=NOT_FOUND, provider=NOT_FOUND, **CASE),
    page("documents:case_documents", b=NOT_FOUND, provider=NOT_FOUND, **CASE),
    page(
        "documents:compose",
        b=NOT_FOUND,
        provider=NOT_FOUND,
        kwargs=lambda o: {"case_id": o["case"].pk, "key": "demand_letter"},
    ),
    page(
        "documents:compose",
        method="post",
        a=REDIRECT,
        b=NOT_FOUND,
        provider=NOT_FOUND,
        staff=REDIRECT,
        kwargs=lambda o: {"case_id": o["case"].pk, "key": "demand_letter"},
        payload=lambda o: {"deadline_days": "5"},
    ),
    page(
        "documents:preview",
        method="post",
        b=NOT_FOUND,
        provider=NOT_FOUND,
        kwargs=lambda o: {"case_id": o["case"].pk, "key": "payment_order"},
        payload=lambda o: {"facts_reasons": "事实"},
    ),
    page(
        "documents:download",
        b=NOT_FOUND,
        provider=NOT_FOUND,
        kwargs=lambda o: {"pk": o["document"].pk, "fmt": "pdf"},
    ),
    api("api-1:document_templates"),
    api("api-1:document_list", b=NOT_FOUND, provider=NOT_FOUND, **CASE),
    api(
        "api-1:document_generate",
        method="post",
        a=CREATED,
        b=NOT_FOUND,
        provider=NOT_FOUND,
        staff=CREATED,
        payload=lambda o: {"key": "repayment_plan"},
        **CASE,
    ),
    api(
        "api-1:document_download",
        b=NOT_FOUND,
        provider=NOT_FOUND,
        kwargs=lambda o: {"document_id": o["document"].pk, "fmt": "docx"},
    ),
]


def setup(world: dict) -> None:
    """A generated document on creditor A's case (stored directly: the matrix tests access, not rendering)."""
    from datetime import date

    from huikuan.documents.models import GeneratedDocument
    from huikuan.documents.selectors import template_get

    case = world["case"]
    world["document"] = GeneratedDocument.objects.create(
        case=case,
        template=template_get(key="demand_letter"),
        key="demand_letter",
        title="催款函",
        number=1,
        template_version=1,
        issuer=case.organisation,
        as_of=date(2026, 1, 5),
        html="<h1>催款函</h1>",
        pdf=b"%PDF-1.7 test",
        docx=b"PK test",
        pdf_sha256="0" * 64,
        docx_sha256="1" * 64,
    )
