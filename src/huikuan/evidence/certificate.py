"""Everything an item's holder needs to prove it: the tlog-proof, the entry, a PDF, a bundle."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from dataclasses import dataclass

from django.utils import timezone

from huikuan.common.pdf import render_pdf
from huikuan.tlog.checkpoint import Checkpoint
from huikuan.tlog.note import split
from huikuan.tlog.proof_file import TlogProof

from . import log as evidence_log
from .models import EvidenceItem, LogCheckpoint
from .services import file_path

# The certificate is bilingual whatever the reader's language, so its labels are fixed pairs.
CAPTURE_LABELS = {
    "upload": "上传 Upload",
    "generated_document": "平台生成文书 Generated document",
    "outbound_message": "外发消息 Outbound message",
    "signed_agreement": "签署的协议 Signed agreement",
    "delivery_receipt": "送达回执 Delivery receipt",
}


class NotYetLogged(Exception):
    """The item's entry is still pending; the sequencer integrates it within a second or so."""


@dataclass(frozen=True)
class ItemProof:
    item: EvidenceItem
    proof: TlogProof
    checkpoint: Checkpoint
    timestamp_token: bytes | None

    @property
    def proof_bytes(self) -> bytes:
        return self.proof.format()

    @property
    def entry(self) -> bytes:
        return bytes(self.item.log_entry.data)


def item_proof(item: EvidenceItem) -> ItemProof:
    index = item.log_entry.log_index
    if index is None:
        raise NotYetLogged(item.pk)
    latest = LogCheckpoint.objects.order_by("-size").first()
    proof = TlogProof.parse(evidence_log.inclusion_proof_file(index)) if latest else None
    if proof is None:
        raise NotYetLogged(item.pk)
    checkpoint = Checkpoint.parse(split(proof.checkpoint)[0])
    cp_row = LogCheckpoint.objects.filter(size=checkpoint.size).first()
    token = bytes(cp_row.timestamp_token) if cp_row and cp_row.timestamp_token else None
    return ItemProof(item, proof, checkpoint, token)


def _qr_data_uri(text: str) -> str:
    import qrcode

    buf = io.BytesIO()
    qrcode.make(text, border=2).save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _timestamp(p: ItemProof):
    """The TSA's time for the checkpoint, if it was timestamped (the token itself is in the bundle)."""
    if not p.timestamp_token:
        return None
    from huikuan.tlog.rfc3161 import TimestampError, check_timestamp

    try:
        return check_timestamp(p.timestamp_token, split(p.proof.checkpoint)[0])
    except (TimestampError, ImportError):
        return None


def certificate_pdf(p: ItemProof) -> bytes:
    item = p.item
    _, signatures = split(p.proof.checkpoint)
    context = {
        "item": item,
        "case": item.case,
        "capture_label": CAPTURE_LABELS.get(item.capture_method, item.capture_method),
        "index": p.proof.index,
        "checkpoint": p.checkpoint,
        "root_b64": base64.b64encode(p.checkpoint.root_hash).decode(),
        "checkpoint_text": p.proof.checkpoint.decode(),
        "signature_names": [s.name for s in signatures],
        "verifier_key": evidence_log.verifier_key(),
        "entry": p.entry.decode(),
        "qr": _qr_data_uri(item.sha256),
        "timestamp": _timestamp(p),
        "received_local": timezone.localtime(item.received_at),
        "issued": timezone.localtime(),
        "proof_name": f"{item.sha256[:16]}.tlog-proof",
    }
    return render_pdf("evidence/certificate.html", context)


def safe_name(name: str) -> str:
    return re.sub(r"[^\w.\-\u4e00-\u9fff]+", "_", name).strip("._") or "evidence"


VERIFY_TEXT = """How to verify / 如何验证

1. pip install huikuan   (or any copy of the huikuan package; only `cryptography` is needed)
2. huikuan-verify {proof} "{name}" --key "{key}"

huikuan-verify checks offline, without contacting the platform, that:
  - the checkpoint is signed by the log key above (compare it with the key published at /log/key);
  - entry.json (embedded in the proof) is included in that checkpoint's Merkle tree (RFC 9162);
  - the SHA-256 of the evidence file equals the one recorded in the entry.

huikuan-verify 离线校验：检查点由上述日志公钥签名；entry.json 包含在该检查点的默克尔树中；
证据文件的 SHA-256 与日志条目记载的一致。无需联网，无需信任本平台。
"""


def bundle_zip(p: ItemProof) -> bytes:
    item = p.item
    name = safe_name(item.original_name)
    proof_name = f"{item.sha256[:16]}.tlog-proof"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(file_path(item.sha256), f"evidence/{name}")
        zf.writestr(proof_name, p.proof_bytes)
        zf.writestr("entry.json", p.entry)
        zf.writestr("log-key.txt", evidence_log.verifier_key() + "\n")
        zf.writestr("certificate.pdf", certificate_pdf(p))
        if p.timestamp_token:
            zf.writestr("checkpoint.tsr", p.timestamp_token)
        zf.writestr(
            "VERIFY.txt", VERIFY_TEXT.format(proof=proof_name, name=f"evidence/{name}", key=evidence_log.verifier_key())
        )
    return buf.getvalue()
