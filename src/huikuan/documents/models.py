"""Document templates (editable by staff in the back office) and the documents generated from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huikuan.cases.models import Case, CaseScopedQuerySet
from huikuan.common.models import TimeStamped

from .choices import DocumentKind


class DocumentTemplate(TimeStamped):
    """One kind of document: an HTML template (Django template language) for the preview, the PDF
    and the generated DOCX, optionally a Word template (docxtpl) that replaces the generated DOCX,
    and the free-text fields a creditor may edit before generating.

    Seeded from the files in documents/shipped/ by a data migration; staff edit them in the back
    office without a code change. Every save bumps `version`, which each generated document records.
    """

    key = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices, unique=True)
    title = models.CharField(_("title"), max_length=100)
    html = models.TextField(_("HTML template"))
    fields = models.JSONField(
        _("editable fields"),
        default=list,
        blank=True,
        help_text=_('A list of {"name", "label_zh", "label_en", "default", "rows"}; defaults may use template tags.'),
    )
    docx_template = models.BinaryField(_("Word template (docxtpl)"), null=True, blank=True, editable=True)
    is_active = models.BooleanField(_("offered"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class GeneratedDocument(TimeStamped):
    """One generated version of a document for a case: the rendered text and both files, with hashes."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    template = models.ForeignKey(DocumentTemplate, on_delete=models.PROTECT, related_name="documents")
    key = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=100)
    number = models.PositiveIntegerField(_("version"))  # 1, 2, … per case and kind
    template_version = models.PositiveIntegerField(_("template version"))
    issuer = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    fields = models.JSONField(_("edited fields"), default=dict, blank=True)
    as_of = models.DateField(_("figures as of"))
    html = models.TextField(_("rendered text"))
    pdf = models.BinaryField(_("PDF"))
    docx = models.BinaryField(_("DOCX"))
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    docx_sha256 = models.CharField(_("DOCX SHA-256"), max_length=64)
    evidence_item = models.ForeignKey(
        "evidence.EvidenceItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_by_label = models.CharField(_("by"), max_length=200, blank=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["case", "key", "number"], name="document_version_unique")]

    def __str__(self) -> str:
        return f"{self.case} {self.title} #{self.number}"

    def filename(self, fmt: str) -> str:
        return f"{self.case.reference}-{self.key}-{self.number}.{fmt}"
