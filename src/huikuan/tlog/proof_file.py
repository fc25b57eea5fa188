"""C2SP tlog-proof files (https://c2sp.org/tlog-proof)::

    c2sp.org/tlog-proof@v1
    [extra <base64>]
    index <N>
    <base64 hash>            (the inclusion proof, one hash per line)
    ...
    <empty line>
    <signed checkpoint, with any cosignatures, verbatim>

The optional ``extra`` line carries opaque, unauthenticated data.  This project
puts the log entry itself there (see :func:`build_proof`) so a proof is a
single self-contained file; that is safe because the verifier recomputes the
leaf hash from those bytes and the inclusion proof then authenticates them.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .checkpoint import Checkpoint, open_checkpoint, verified_witnesses
from .hashing import HASH_SIZE, leaf_hash
from .merkle import inclusion_proof, verify_inclusion
from .note import Verifier, split
from .storage import Storage, read_entry
from .tiles import TileHashReader

HEADER = "c2sp.org/tlog-proof@v1"


class ProofFormatError(ValueError):
    """The proof file does not follow the tlog-proof format."""


class QuorumError(ValueError):
    """Too few known witnesses cosigned the checkpoint."""


def canonical_json(value: Any) -> bytes:
    """The canonical encoding of a log entry record: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _b64(value: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ProofFormatError(f"{what} is not base64") from exc
    if base64.b64encode(raw).decode() != value:
        raise ProofFormatError(f"{what} is not canonical base64")
    return raw


@dataclass(frozen=True)
class TlogProof:
    index: int
    hashes: list[bytes]
    checkpoint: bytes  # signed note, verbatim
    extra: bytes | None = None

    def format(self) -> bytes:
        lines = [HEADER]
        if self.extra is not None:
            lines.append("extra " + base64.b64encode(self.extra).decode())
        lines.append(f"index {self.index}")
        lines.extend(base64.b64encode(h).decode() for h in self.hashes)
        return ("\n".join(lines) + "\n\n").encode() + self.checkpoint

    @classmethod
    def parse(cls, data: bytes) -> TlogProof:
        head, sep, checkpoint = data.partition(b"\n\n")
        if not sep:
            raise ProofFormatError("missing empty line before the checkpoint")
        try:
            lines = head.decode("ascii").split("\n")
        except UnicodeDecodeError as exc:
            raise ProofFormatError("proof header is not ASCII") from exc
        if lines[0] != HEADER:
            raise ProofFormatError(f"first line must be {HEADER!r}")
        pos = 1
        extra = None
        if pos < len(lines) and lines[pos].startswith("extra "):
            extra = _b64(lines[pos][len("extra ") :], "extra data")
            pos += 1
        if pos >= len(lines) or not lines[pos].startswith("index "):
            raise ProofFormatError("missing index line")
        digits = lines[pos][len("index ") :]
        if not digits.isascii() or not digits.isdigit() or (digits != "0" and digits.startswith("0")):
            raise ProofFormatError("index must be a decimal without leading zeros")
        hashes = []
        for n, line in enumerate(lines[pos + 1 :]):
            h = _b64(line, f"proof hash {n}")
            if len(h) != HASH_SIZE:
                raise ProofFormatError(f"proof hash {n} is not {HASH_SIZE} bytes")
            hashes.append(h)
        if not checkpoint:
            raise ProofFormatError("missing checkpoint")
        return cls(int(digits), hashes, checkpoint, extra)


def build_proof(
    storage: Storage, index: int, *, checkpoint: bytes | None = None, embed_entry: bool = True
) -> TlogProof:
    """A proof that entry ``index`` is in the tree of ``checkpoint`` (the latest by default).

    ``checkpoint`` may carry witness cosignatures; it is copied verbatim.
    """
    if checkpoint is None:
        _, checkpoint = storage.head()
        if checkpoint is None:
            raise ValueError("the log is empty")
    size = Checkpoint.parse(split(checkpoint)[0]).size
    hashes = inclusion_proof(TileHashReader(storage.read_tile, size), index, size)
    extra = read_entry(storage, index) if embed_entry else None
    return TlogProof(index, hashes, checkpoint, extra)


@dataclass(frozen=True)
class VerifiedProof:
    checkpoint: Checkpoint
    index: int
    leaf_hash: bytes
    witnesses: list[Verifier] = field(default_factory=list)


def verify_proof(
    proof: TlogProof,
    entry: bytes,
    log_verifier: Verifier,
    witnesses: Sequence[Verifier] = (),
    quorum: int | None = None,
    origin: str | None = None,
) -> VerifiedProof:
    """Verify a tlog-proof for ``entry`` (the logged bytes); raise on any failure.

    Steps per the spec: the checkpoint is signed by the log key for the expected
    origin, at least ``quorum`` (default: all) of ``witnesses`` cosigned it, and
    the inclusion proof binds the entry's leaf hash to the checkpoint root.
    """
    checkpoint, note = open_checkpoint(proof.checkpoint, log_verifier, witnesses, origin)
    needed = len(witnesses) if quorum is None else quorum
    cosigned = verified_witnesses(note, witnesses)
    if len(cosigned) < needed:
        raise QuorumError(f"{len(cosigned)} of the {needed} required witness cosignatures")
    leaf = leaf_hash(entry)
    verify_inclusion(leaf, proof.index, checkpoint.size, proof.hashes, checkpoint.root_hash)
    return VerifiedProof(checkpoint, proof.index, leaf, cosigned)
