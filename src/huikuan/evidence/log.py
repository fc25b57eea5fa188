"""The platform's evidence log: its key, sequencing, witnesses and timestamps.

Configuration (environment, or Django settings of the same name):
  HUIKUAN_LOG_KEY        signer key ``PRIVATE+KEY+origin+hex+base64``; default: generated once into
                         var/keys/log_key (mode 0600)
  HUIKUAN_LOG_ORIGIN     the log's origin line and key name (default ``huikuan.localhost/log``)
  HUIKUAN_WITNESSES      comma-separated ``URL VERIFIER_KEY`` pairs; each new checkpoint is pushed
                         to them and their cosignatures are attached
  HUIKUAN_TSA_URL        an RFC 3161 time-stamping authority; each checkpoint is timestamped
"""

from __future__ import annotations

import functools
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from huikuan.tlog import Sequencer, Signer, Verifier, parse_signer, parse_verifier
from huikuan.tlog.keyfile import create_secret_file
from huikuan.tlog.merkle import consistency_proof
from huikuan.tlog.note import open_note, split
from huikuan.tlog.proof_file import build_proof
from huikuan.tlog.storage import ConflictError
from huikuan.tlog.tiles import TileHashReader
from huikuan.tlog.witness import WitnessConflict, WitnessError, submit_checkpoint

from .models import LogCheckpoint
from .storage import DjangoStorage

log = logging.getLogger(__name__)
DEFAULT_ORIGIN = "huikuan.localhost/log"
BATCH_INTERVAL = 1.0  # seconds between batches of the sequencer loop


def _setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, None) or os.environ.get(name) or default)


def origin() -> str:
    return _setting("HUIKUAN_LOG_ORIGIN", DEFAULT_ORIGIN)


def _key_path() -> Path:
    return Path(settings.VAR_DIR) / "keys" / "log_key"


@functools.cache
def _signer(configured: str, origin_name: str, path: str) -> Signer:
    if configured:
        signer = parse_signer(configured)
    else:
        key_file = Path(path)
        key_file.parent.mkdir(parents=True, exist_ok=True)
        if not key_file.exists():
            create_secret_file(key_file, Signer.generate(origin_name).key_string() + "\n")
        signer = parse_signer(key_file.read_text().strip())
    if signer.name != origin_name:
        raise RuntimeError(f"the log key is for {signer.name!r}, but the log origin is {origin_name!r}")
    return signer


def log_signer() -> Signer:
    return _signer(_setting("HUIKUAN_LOG_KEY"), origin(), str(_key_path()))


def log_verifier() -> Verifier:
    return log_signer().verifier()


def verifier_key() -> str:
    """The published verifier key, ``origin+hex8+base64``."""
    return log_verifier().key_string()


@dataclass(frozen=True)
class WitnessConfig:
    url: str
    verifier: Verifier


def witnesses() -> list[WitnessConfig]:
    raw = getattr(settings, "HUIKUAN_WITNESSES", None)
    if raw is None:
        raw = os.environ.get("HUIKUAN_WITNESSES", "")
    if isinstance(raw, str):
        raw = [part.split() for part in raw.split(",") if part.strip()]
    return [WitnessConfig(url, parse_verifier(key)) for url, key in raw]


def storage() -> DjangoStorage:
    return DjangoStorage()


def latest_checkpoint() -> LogCheckpoint | None:
    return LogCheckpoint.objects.order_by("-size").first()


def served_checkpoint() -> bytes | None:
    """The newest checkpoint as served: with the witness cosignatures gathered for it."""
    cp = latest_checkpoint()
    return cp.served_note() if cp else None


# ---- sequencing -------------------------------------------------------------------------------


def log_sequence(*, max_batches: int | None = None, batch_size: int = 4096) -> int:
    """Integrate pending entries (one checkpoint per batch); returns how many were integrated.

    Safe to run from several processes at once: the compare-and-swap on the head means a loser
    reloads and retries, never forks the log.
    """
    total = batches = 0
    seq = None
    while max_batches is None or batches < max_batches:
        try:
            if seq is None:
                seq = Sequencer(storage(), log_signer(), origin(), batch_size=batch_size)
            result = seq.integrate()
        except ConflictError:
            seq = None  # another sequencer won this round; reload its head and go on
            continue
        if result is None:
            break
        total += result.count
        batches += 1
    if total:
        checkpoint_publish()
    return total


def log_sequence_loop(*, interval: float = BATCH_INTERVAL, stop=None) -> None:
    """Sequence forever, one batch round at most ``interval`` seconds apart."""
    from django.db import close_old_connections

    while stop is None or not stop():
        started = time.monotonic()
        close_old_connections()
        try:
            log_sequence()
        except Exception:  # keep the loop alive; the next round retries
            log.exception("log sequencing failed")
        time.sleep(max(0.0, interval - (time.monotonic() - started)))


# ---- witnesses and timestamps ----------------------------------------------------------------


def checkpoint_publish() -> None:
    """Gather witness cosignatures and a timestamp for the newest checkpoint (best effort)."""
    cp = latest_checkpoint()
    if cp is None:
        return
    configured = witnesses()
    if configured and cp.cosigned is None:
        cosigned = witness_cosign(cp, configured)
        if cosigned is not None:
            LogCheckpoint.objects.filter(size=cp.size).update(cosigned=cosigned)
    tsa = _setting("HUIKUAN_TSA_URL")
    if tsa and cp.timestamp_token is None:
        from huikuan.tlog.rfc3161 import TimestampError, request_timestamp

        try:
            token = request_timestamp(tsa, split(bytes(cp.note))[0])
        except (TimestampError, OSError) as exc:
            log.warning("timestamping checkpoint %s failed: %s", cp.size, exc)
        else:
            LogCheckpoint.objects.filter(size=cp.size).update(timestamp_token=token)


_witness_sizes: dict[str, int] = {}


def witness_cosign(cp: LogCheckpoint, configured: list[WitnessConfig]) -> bytes | None:
    """Push the checkpoint to each witness (per C2SP tlog-witness) and append their cosignatures."""
    note = bytes(cp.note)
    reader = TileHashReader(storage().read_tile, cp.size)
    lines: list[str] = []
    for w in configured:
        old = _witness_sizes.get(w.url, 0)
        for _attempt in range(2):
            proof = consistency_proof(reader, old, cp.size) if 0 < old < cp.size else []
            try:
                sig_lines = submit_checkpoint(w.url, old, proof, note)
            except WitnessConflict as exc:
                if exc.size > cp.size:
                    log.error("witness %s has seen size %s beyond ours (%s)", w.url, exc.size, cp.size)
                    break
                old = exc.size  # the witness tells us what it has seen; prove from there
                continue
            except (WitnessError, OSError) as exc:
                log.warning("witness %s refused checkpoint %s: %s", w.url, cp.size, exc)
                break
            _witness_sizes[w.url] = cp.size
            # Keep only lines that really are this witness's cosignature on this body.
            for line in sig_lines:
                candidate = note + line.encode()
                try:
                    open_note(candidate, [w.verifier])
                except ValueError:
                    continue
                lines.append(line)
            break
    if not lines:
        return None
    return note + "".join(lines).encode()


def inclusion_proof_file(index: int) -> bytes:
    """A C2SP tlog-proof for entry ``index`` against the newest (cosigned) checkpoint."""
    return build_proof(storage(), index, checkpoint=served_checkpoint()).format()
