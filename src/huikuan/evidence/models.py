"""Evidence items and the transparency log they are recorded in.

The log tables mirror ``huikuan.tlog.storage.DBStorage`` but live in the app's database, so a
service can queue a log entry in the same transaction as the row it describes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huikuan.cases.models import Case, CaseScopedQuerySet

from .choices import CaptureMethod


class LogEntry(models.Model):
    """One log entry: pending while ``log_index`` is null, then integrated at ``log_index`` for good."""

    data = models.BinaryField()
    log_index = models.BigIntegerField(null=True, unique=True)
    event = models.OneToOneField(
        "cases.CaseEvent", on_delete=models.PROTECT, null=True, blank=True, related_name="log_entry"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["id"], condition=models.Q(log_index__isnull=True), name="evidence_log_pending")]

    def __str__(self) -> str:
        return f"log entry {self.log_index if self.log_index is not None else f'pending #{self.pk}'}"


class LogTile(models.Model):
    level = models.IntegerField()
    idx = models.BigIntegerField()
    width = models.IntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "idx"], name="evidence_logtile_unique")]

    def __str__(self) -> str:
        return f"tile {self.level}/{self.idx} ({self.width})"


class LogBundle(models.Model):
    idx = models.BigIntegerField(unique=True)
    width = models.IntegerField()
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"entry bundle {self.idx} ({self.width})"


class LogCheckpoint(models.Model):
    size = models.BigIntegerField(primary_key=True)
    note = models.BinaryField()  # signed by the log only, as the sequencer wrote it
    cosigned = models.BinaryField(null=True)  # the same note with witness cosignatures appended
    timestamp_token = models.BinaryField(null=True)  # RFC 3161 TimeStampResp (DER) over the note body
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"checkpoint {self.size}"

    def served_note(self) -> bytes:
        return bytes(self.cosigned or self.note)


class LogHead(models.Model):
    """One row: the integrated tree size. Sequencers compare-and-swap it."""

    id = models.SmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"log head {self.size}"


class EvidenceItem(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence_items")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    original_name = models.CharField(_("original name"), max_length=255)
    size = models.BigIntegerField(_("size"))
    media_type = models.CharField(_("type"), max_length=100)
    capture_method = models.CharField(
        _("capture method"), max_length=24, choices=CaptureMethod.choices, default=CaptureMethod.UPLOAD
    )
    custodian = models.CharField(_("custodian"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_by_label = models.CharField(_("uploaded by"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received"))
    log_entry = models.OneToOneField(LogEntry, on_delete=models.PROTECT, related_name="item")

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        constraints = [models.UniqueConstraint(fields=["case", "sha256"], name="evidence_item_unique_per_case")]

    def __str__(self) -> str:
        return self.original_name
