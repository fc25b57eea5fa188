"""C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint) and tlog-cosignature v1.

A checkpoint body is::

    <origin>\\n<decimal tree size>\\n<base64 root hash>\\n[extension lines]

signed as a note by the log.  Witnesses add cosignatures
(https://c2sp.org/tlog-cosignature): the key type byte is 0x04, the signed
message is ``cosignature/v1\\ntime <T>\\n`` followed by the checkpoint body,
and the signature line payload is key ID (4) || big-endian timestamp (8) ||
Ed25519 signature (64).
"""

from __future__ import annotations

import base64
import binascii
import struct
import time
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature

from .hashing import HASH_SIZE
from .note import (
    ALG_COSIGNATURE_V1,
    SIG_PREFIX,
    Note,
    NoteError,
    Signer,
    UnverifiedNoteError,
    Verifier,
    open_note,
    split,
)
from .note import sign as sign_note

COSIGNATURE_LABEL = b"cosignature/v1\n"


class CheckpointError(ValueError):
    """A checkpoint is malformed or not signed as required."""


class MissingLogSignatureError(CheckpointError):
    """No signature by the expected log key (other known keys may have signed)."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def body(self) -> bytes:
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode(), *self.extensions]
        return ("\n".join(lines) + "\n").encode()

    @classmethod
    def parse(cls, text: bytes | str) -> Checkpoint:
        if isinstance(text, bytes):
            try:
                text = text.decode()
            except UnicodeDecodeError as exc:
                raise CheckpointError("checkpoint is not UTF-8") from exc
        if not text.endswith("\n"):
            raise CheckpointError("checkpoint must end with a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise CheckpointError("checkpoint needs origin, size and root hash lines")
        origin, size_line, root_line, *extensions = lines
        if not origin:
            raise CheckpointError("empty origin line")
        if not size_line.isascii() or not size_line.isdigit() or (size_line != "0" and size_line[0] == "0"):
            raise CheckpointError("tree size must be a decimal without leading zeros")
        try:
            root = base64.b64decode(root_line, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise CheckpointError("root hash is not base64") from exc
        if len(root) != HASH_SIZE or base64.b64encode(root).decode() != root_line:
            raise CheckpointError("root hash must be a canonical base64 SHA-256 hash")
        if any(not line for line in extensions):
            raise CheckpointError("empty extension line")
        return cls(origin, int(size_line), root, tuple(extensions))


def sign_checkpoint(checkpoint: Checkpoint, signer: Signer) -> bytes:
    """The checkpoint as a note signed by the log key."""
    return sign_note(checkpoint.body(), signer)


def open_checkpoint(
    msg: bytes, log_verifier: Verifier, witnesses: Iterable[Verifier] = (), origin: str | None = None
) -> tuple[Checkpoint, Note]:
    """Verify a signed checkpoint: the log's signature is mandatory, and the origin
    must equal ``origin`` (the log key's name by default).  Cosignatures by the
    given witnesses are verified too; see :func:`verified_witnesses`."""
    try:
        note = open_note(msg, [log_verifier, *witnesses])
    except UnverifiedNoteError as exc:
        raise MissingLogSignatureError("checkpoint is not signed by the log key") from exc
    if not note.verified_by(log_verifier):
        raise MissingLogSignatureError("checkpoint is not signed by the log key")
    checkpoint = Checkpoint.parse(note.text)
    expected = log_verifier.name if origin is None else origin
    if checkpoint.origin != expected:
        raise CheckpointError(f"checkpoint origin {checkpoint.origin!r} is not {expected!r}")
    return checkpoint, note


def verified_witnesses(note: Note, witnesses: Iterable[Verifier]) -> list[Verifier]:
    """The witnesses whose cosignature is among the note's verified signatures."""
    return [w for w in witnesses if note.verified_by(w)]


def cosignature_message(body: bytes, timestamp: int) -> bytes:
    return COSIGNATURE_LABEL + b"time %d\n" % timestamp + body


class CosignatureVerifier(Verifier):
    """A witness key (type 0x04) checking tlog-cosignature v1 signatures."""

    alg = ALG_COSIGNATURE_V1

    def verify(self, text: bytes, sig: bytes) -> bool:
        if len(sig) != 8 + 64:
            return False
        (timestamp,) = struct.unpack(">Q", sig[:8])
        try:
            self._key.verify(sig[8:], cosignature_message(text, timestamp))
        except InvalidSignature:
            return False
        return True


class Cosigner(Signer):
    """A witness signing key producing tlog-cosignature v1 signatures."""

    alg = ALG_COSIGNATURE_V1
    verifier_class = CosignatureVerifier

    def sign(self, text: bytes, timestamp: int | None = None) -> bytes:
        # Only checkpoints may be cosigned: the message format relies on it.
        Checkpoint.parse(text)
        t = int(time.time()) if timestamp is None else timestamp
        return struct.pack(">Q", t) + self._key.sign(cosignature_message(text, t))

    def signature_line(self, text: bytes, timestamp: int | None = None) -> str:
        payload = struct.pack(">I", self.key_id) + self.sign(text, timestamp)
        return f"{SIG_PREFIX}{self.name} {base64.b64encode(payload).decode()}\n"


def cosignature_timestamp(payload: bytes) -> int:
    """Timestamp of a cosignature payload (without its key ID)."""
    if len(payload) != 72:
        raise NoteError("not a cosignature v1 payload")
    return struct.unpack(">Q", payload[:8])[0]


def add_cosignature(signed_checkpoint: bytes, cosigner: Cosigner, timestamp: int | None = None) -> bytes:
    """Append a witness cosignature line to a signed checkpoint note.

    The caller (the witness) is expected to have verified the log signature and
    consistency with the previous checkpoint it saw before cosigning.
    """
    text, _ = split(signed_checkpoint)
    return signed_checkpoint + cosigner.signature_line(text, timestamp).encode()
