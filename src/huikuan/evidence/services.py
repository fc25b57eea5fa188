"""Every write of the evidence vault: items, and the log entries of items and timeline events."""

from __future__ import annotations

import hashlib
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from huikuan.accounts.actors import is_token, user_of
from huikuan.cases.choices import EVIDENTIAL_EVENTS, EventKind
from huikuan.cases.models import Case, CaseEvent
from huikuan.core.errors import ServiceError
from huikuan.tlog import canonical_json

from .choices import CaptureMethod
from .models import EvidenceItem, LogEntry
from .sniff import sniff

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
CHUNK = 1 << 20


def max_upload_bytes() -> int:
    value = getattr(settings, "HUIKUAN_EVIDENCE_MAX_BYTES", None) or os.environ.get("HUIKUAN_EVIDENCE_MAX_BYTES")
    return int(value) if value else DEFAULT_MAX_BYTES


def files_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "evidence"


def file_path(sha256: str) -> Path:
    """Content-addressed location of a stored evidence file (outside the web root)."""
    return files_root() / sha256[:2] / sha256


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def item_record(item: EvidenceItem) -> dict:
    """The log entry of an item: facts that identify the content, never the content or names."""
    return {
        "v": 1,
        "kind": "evidence_item",
        "item": item.pk,
        "case": item.case_id,
        "sha256": item.sha256,
        "size": item.size,
        "type": item.media_type,
        "capture": item.capture_method,
        "received": _utc(item.received_at),
    }


def event_record(event: CaseEvent) -> dict:
    """The log entry of a timeline event: ids, kind, time and a hash of its data (not the data)."""
    return {
        "v": 1,
        "kind": "case_event",
        "event": event.pk,
        "case": event.case_id,
        "type": event.kind,
        "time": _utc(event.created_at),
        "sha256": hashlib.sha256(canonical_json(event.data)).hexdigest(),
    }


def log_event_record(*, event: CaseEvent) -> LogEntry | None:
    """Queue a timeline event's log entry in the caller's transaction (evidential kinds only)."""
    if event.kind not in EVIDENTIAL_EVENTS:
        return None
    entry = LogEntry.objects.create(data=canonical_json(event_record(event)), event=event)
    return entry


def _spool(stream: BinaryIO, limit: int) -> tuple[Path, str, int]:
    """Copy the upload to a temporary file beside the store, hashing it; refuse it past the limit."""
    root = files_root()
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=root / "tmp")
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ServiceError(
                        _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)},
                        field="file",
                    )
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(name)
        raise
    return Path(name), digest.hexdigest(), size


def _store(tmp: Path, sha256: str) -> None:
    target = file_path(sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        tmp.unlink()
        return
    os.chmod(tmp, 0o640)
    os.replace(tmp, target)
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # the name is durable before the item is acknowledged
    finally:
        os.close(dir_fd)


def _label(actor) -> str:
    if is_token(actor):
        return _("API token %(name)s") % {"name": actor.name}
    user = user_of(actor)
    return str(user) if user else _("Platform")


@transaction.atomic
def evidence_add(
    *,
    case: Case,
    actor,
    stream: BinaryIO,
    name: str,
    capture_method: str = CaptureMethod.UPLOAD,
    custodian: str = "",
) -> tuple[EvidenceItem, bool]:
    """Store a file as evidence of ``case`` and queue its log entry.

    Returns ``(item, created)``; identical content already in the case returns the existing
    item. The caller has checked that ``actor`` may see ``case``.
    """
    name = (name or "").strip().replace("\\", "/").rsplit("/", 1)[-1][:255]
    if capture_method not in CaptureMethod.values:
        raise ServiceError(_("Choose a valid capture method."), field="capture_method")
    if not name:
        raise ServiceError(_("The file has no name."), field="file")
    tmp, sha256, size = _spool(stream, max_upload_bytes())
    try:
        if size == 0:
            raise ServiceError(_("The file is empty."), field="file")
        kind = sniff(tmp)
        if kind is None:
            raise ServiceError(
                _(
                    "This file type is not accepted as evidence. Upload a PDF, an image (PNG, JPEG, GIF, "
                    "WebP), an Office document, an audio recording (MP3, WAV, M4A, AMR) or an email (.eml)."
                ),
                field="file",
            )
        existing = EvidenceItem.objects.filter(case=case, sha256=sha256).first()
        if existing is not None:
            tmp.unlink()
            return existing, False
        _store(tmp, sha256)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    entry = LogEntry.objects.create(data=b"")
    item = EvidenceItem.objects.create(
        case=case,
        sha256=sha256,
        original_name=name,
        size=size,
        media_type=kind.media_type,
        capture_method=capture_method,
        custodian=custodian.strip()[:200],
        uploaded_by=user_of(actor),
        uploaded_by_label=_label(actor),
        received_at=timezone.now(),
        log_entry=entry,
    )
    entry.data = canonical_json(item_record(item))
    entry.save(update_fields=["data"])
    from huikuan.cases.services import case_event_record  # cases calls back into this module

    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.EVIDENCE_ADDED,
        data={"item": item.pk, "sha256": sha256, "type": kind.media_type, "capture": capture_method},
    )
    return item, True
