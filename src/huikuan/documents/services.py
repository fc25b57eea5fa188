"""Generating documents: render, convert, hash, store, record on the timeline and in the evidence vault."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from django.db import transaction
from django.db.models import Max
from django.template import TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import gettext as _

from huikuan.accounts.actors import user_of
from huikuan.accounts.models import Organisation
from huikuan.cases.choices import EventKind
from huikuan.cases.models import Case
from huikuan.cases.services import case_event_record
from huikuan.core.errors import ServiceError

from . import render
from .choices import LAW_FIRM_ONLY, DocumentKind
from .context import build_context, render_string, with_fields
from .models import DocumentTemplate, GeneratedDocument
from .selectors import is_law_firm, template_get

MAX_FIELD_CHARS = 5000


def _check_issuer(template: DocumentTemplate, issuer: Organisation) -> None:
    if template.key in LAW_FIRM_ONLY and not is_law_firm(issuer):
        raise ServiceError(
            _(
                "Only a law firm can issue a lawyer's letter. Send a demand letter in your own name, or ask "
                "a law firm on the platform to take the case."
            ),
            field="key",
        )


def _clean_fields(template: DocumentTemplate, fields: dict | None) -> dict[str, str]:
    known = {spec["name"] for spec in template.fields}
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for name, value in (fields or {}).items():
        if name not in known:
            errors.setdefault(f"fields.{name}", []).append(_("This document has no such field."))
            continue
        text = "" if value is None else str(value)
        if len(text) > MAX_FIELD_CHARS:
            errors.setdefault(f"fields.{name}", []).append(_("At most %(n)s characters.") % {"n": MAX_FIELD_CHARS})
        cleaned[name] = text
    if errors:
        field, messages = next(iter(errors.items()))
        raise ServiceError(messages[0], field=field, errors=errors)
    return cleaned


def document_render(
    *,
    case: Case,
    template: DocumentTemplate,
    actor,
    issuer: Organisation,
    fields: dict | None = None,
    as_of: dt.date | None = None,
) -> tuple[str, dict]:
    """The document's text (HTML) and the context it was filled from; nothing is written (the preview)."""
    cleaned = _clean_fields(template, fields)
    context = with_fields(build_context(case=case, actor=actor, issuer=issuer, as_of=as_of), template.fields, cleaned)
    context["doc"]["title"] = template.title
    try:
        body = render_string(template.html, context)
    except TemplateSyntaxError as exc:
        # A staff edit broke the template: say so instead of failing with a server error.
        raise ServiceError(_("The document template has an error: %(error)s") % {"error": exc}, field="key") from exc
    return body, context


def _register_evidence(*, case: Case, actor, pdf: bytes, name: str):
    """Keep the PDF in the evidence vault (its hash goes into the log), if the vault is installed."""
    try:
        from huikuan.evidence.choices import CaptureMethod
        from huikuan.evidence.services import evidence_add
    except ImportError:
        return None
    item, _created = evidence_add(
        case=case,
        actor=actor,
        stream=io.BytesIO(pdf),
        name=name,
        capture_method=CaptureMethod.GENERATED,
        custodian=_("Huikuan document generator"),
    )
    return item


@transaction.atomic
def document_generate(
    *,
    case: Case,
    key: str,
    actor,
    issuer: Organisation | None = None,
    fields: dict | None = None,
    as_of: dt.date | None = None,
) -> GeneratedDocument:
    """Generate a new version of a document for a case: PDF and DOCX, hashed, stored, logged as evidence."""
    if key not in DocumentKind.values:
        raise ServiceError(_("Choose a document to generate."), field="key")
    template = template_get(key=key)
    if template is None:
        raise ServiceError(_("This document is not offered at the moment."), field="key")
    issuer = issuer or case.organisation
    _check_issuer(template, issuer)
    as_of = as_of or timezone.localdate()
    body, context = document_render(
        case=case, template=template, actor=actor, issuer=issuer, fields=fields, as_of=as_of
    )
    pdf = render.to_pdf(body, template.title)
    if template.docx_template:
        docx = render.to_docx_from_template(bytes(template.docx_template), context)
    else:
        docx = render.to_docx(body)
    # Lock the case row so two generations cannot take the same version number.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    number = (GeneratedDocument.objects.filter(case=case, key=key).aggregate(n=Max("number"))["n"] or 0) + 1
    document = GeneratedDocument(
        case=case,
        template=template,
        key=key,
        title=template.title,
        number=number,
        template_version=template.version,
        issuer=issuer,
        fields=context["f"],
        as_of=as_of,
        html=body,
        pdf=pdf,
        docx=docx,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        docx_sha256=hashlib.sha256(docx).hexdigest(),
        created_by=user_of(actor),
    )
    document.created_by_label = str(document.created_by or "")
    document.save()
    item = _register_evidence(case=case, actor=actor, pdf=pdf, name=document.filename("pdf"))
    if item is not None:
        document.evidence_item = item
        document.save(update_fields=["evidence_item"])
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.DOCUMENT_GENERATED,
        data={
            "document": document.pk,
            "key": key,
            "title": template.title,
            "version": number,
            "template_version": template.version,
            "issuer": issuer.name,
            "as_of": as_of.isoformat(),
            "total": context["claim"]["total"]["value"],
            "pdf_sha256": document.pdf_sha256,
            "docx_sha256": document.docx_sha256,
            "evidence_item": item.pk if item is not None else None,
        },
    )
    return document


@transaction.atomic
def template_restore(*, template: DocumentTemplate) -> DocumentTemplate:
    """Put back the shipped text of a template (a new version; generated documents keep theirs)."""
    from .seeds import shipped_templates

    data = shipped_templates()[template.key]
    template.title, template.fields, template.html = data["title"], data["fields"], data["html"]
    template.version += 1
    template.save()
    return template
