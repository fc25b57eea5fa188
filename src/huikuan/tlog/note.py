"""C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys.

A note is UTF-8 text ending in a newline, a blank line, then one or more
signature lines ``— <name> <base64(key ID || signature)>``.  Key strings use
the Go ``golang.org/x/mod/sumdb/note`` formats:

* verifier: ``<name>+<hex key ID>+<base64(type || public key)>``
* signer:   ``PRIVATE+KEY+<name>+<hex key ID>+<base64(type || seed)>``

The key ID is the first four bytes of SHA-256(name || 0x0A || type || public key).
Type 0x01 is a plain Ed25519 note signature; type 0x04 is a tlog-cosignature v1
witness key (see :mod:`huikuan.tlog.checkpoint`), which signs a different message
built from the note text and a timestamp.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

ALG_ED25519 = 0x01
ALG_COSIGNATURE_V1 = 0x04

SIG_PREFIX = "— "  # em dash U+2014, then a space
_MAX_SIGNATURES = 100  # bounds the work an adversarial note can cause


class NoteError(ValueError):
    """A note or key is malformed."""


class InvalidSignatureError(NoteError):
    """A signature by a known key does not verify."""


class UnverifiedNoteError(NoteError):
    """No signature by any known key was found."""


def _valid_name(name: str) -> bool:
    return bool(name) and "+" not in name and not any(c.isspace() for c in name)


def key_id(name: str, alg: int, public_key: bytes) -> int:
    """Four-byte key ID as an int: SHA-256(name || 0x0A || alg || key)[:4]."""
    digest = hashlib.sha256(name.encode() + b"\n" + bytes([alg]) + public_key).digest()
    return struct.unpack(">I", digest[:4])[0]


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _b64decode(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise NoteError("invalid base64") from exc


class Verifier:
    """Checks signatures for one key: a name, a key ID and an Ed25519 public key."""

    alg = ALG_ED25519

    def __init__(self, name: str, public_key: bytes) -> None:
        if not _valid_name(name):
            raise NoteError(f"invalid key name {name!r}")
        if len(public_key) != 32:
            raise NoteError("Ed25519 public keys are 32 bytes")
        self.name = name
        self.public_key = bytes(public_key)
        self.key_id = key_id(name, self.alg, self.public_key)
        self._key = Ed25519PublicKey.from_public_bytes(self.public_key)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, {self.key_id:08x})"

    def verify(self, text: bytes, sig: bytes) -> bool:
        """``sig`` is the signature line payload without its 4-byte key ID."""
        if len(sig) != 64:
            return False
        try:
            self._key.verify(sig, text)
        except InvalidSignature:
            return False
        return True

    def key_string(self) -> str:
        encoded = base64.b64encode(bytes([self.alg]) + self.public_key).decode()
        return f"{self.name}+{self.key_id:08x}+{encoded}"


class Signer:
    """Signs notes with an Ed25519 key; the seed is kept in memory only."""

    alg = ALG_ED25519
    verifier_class: type[Verifier] = Verifier

    def __init__(self, name: str, seed: bytes) -> None:
        if not _valid_name(name):
            raise NoteError(f"invalid key name {name!r}")
        if len(seed) != 32:
            raise NoteError("Ed25519 seeds are 32 bytes")
        self.name = name
        self._seed = bytes(seed)
        self._key = Ed25519PrivateKey.from_private_bytes(self._seed)
        self.public_key = _raw_public(self._key.public_key())
        self.key_id = key_id(name, self.alg, self.public_key)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, {self.key_id:08x})"

    @classmethod
    def generate(cls, name: str) -> Signer:
        key = Ed25519PrivateKey.generate()
        return cls(name, key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))

    def sign(self, text: bytes) -> bytes:
        """Signature payload (without key ID) over the note text."""
        return self._key.sign(text)

    def signature_line(self, text: bytes) -> str:
        payload = struct.pack(">I", self.key_id) + self.sign(text)
        return f"{SIG_PREFIX}{self.name} {base64.b64encode(payload).decode()}\n"

    def verifier(self) -> Verifier:
        return self.verifier_class(self.name, self.public_key)

    def key_string(self) -> str:
        encoded = base64.b64encode(bytes([self.alg]) + self._seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.key_id:08x}+{encoded}"


def _split_key(key: str, parts: int) -> list[str]:
    fields = key.strip().split("+", parts - 1)
    if len(fields) != parts:
        raise NoteError("malformed key string")
    return fields


def _check_key_id(name: str, hex_id: str, computed: int) -> None:
    if len(hex_id) != 8 or any(c not in "0123456789abcdef" for c in hex_id):
        raise NoteError("key ID must be 8 lowercase hex digits")
    if int(hex_id, 16) != computed:
        raise NoteError(f"key ID {hex_id} does not match key {name!r}")


def parse_verifier(key: str) -> Verifier:
    """Parse ``name+hex+base64(type || pubkey)``; type 0x01 or 0x04 (cosigner)."""
    from .checkpoint import CosignatureVerifier  # the cosignature message lives there

    name, hex_id, encoded = _split_key(key, 3)
    raw = _b64decode(encoded)
    if not raw:
        raise NoteError("empty key")
    classes: dict[int, type[Verifier]] = {ALG_ED25519: Verifier, ALG_COSIGNATURE_V1: CosignatureVerifier}
    cls = classes.get(raw[0])
    if cls is None:
        raise NoteError(f"unsupported key type 0x{raw[0]:02x}")
    verifier = cls(name, raw[1:])
    _check_key_id(name, hex_id, verifier.key_id)
    return verifier


def parse_signer(key: str) -> Signer:
    """Parse ``PRIVATE+KEY+name+hex+base64(type || seed)``; type 0x01 or 0x04 (cosigner)."""
    from .checkpoint import Cosigner

    private, word, name, hex_id, encoded = _split_key(key, 5)
    if (private, word) != ("PRIVATE", "KEY"):
        raise NoteError("signer keys start with PRIVATE+KEY+")
    raw = _b64decode(encoded)
    if not raw:
        raise NoteError("empty key")
    classes: dict[int, type[Signer]] = {ALG_ED25519: Signer, ALG_COSIGNATURE_V1: Cosigner}
    cls = classes.get(raw[0])
    if cls is None:
        raise NoteError(f"unsupported key type 0x{raw[0]:02x}")
    signer = cls(name, raw[1:])
    _check_key_id(name, hex_id, signer.key_id)
    return signer


def generate_key(name: str) -> tuple[str, str]:
    """A new Ed25519 note key as ``(signer key string, verifier key string)``."""
    signer = Signer.generate(name)
    return signer.key_string(), signer.verifier().key_string()


@dataclass(frozen=True)
class Signature:
    name: str
    key_id: int
    payload: bytes  # without the key ID

    def line(self) -> str:
        encoded = base64.b64encode(struct.pack(">I", self.key_id) + self.payload).decode()
        return f"{SIG_PREFIX}{self.name} {encoded}\n"


@dataclass
class Note:
    text: bytes
    signatures: list[Signature] = field(default_factory=list)  # verified, by known keys
    unverified: list[Signature] = field(default_factory=list)  # by unknown keys

    def verified_by(self, verifier: Verifier) -> bool:
        return any(s.name == verifier.name and s.key_id == verifier.key_id for s in self.signatures)


def sign(text: bytes | str, *signers: Signer) -> bytes:
    """Sign note text (which must end in a newline) with each signer."""
    if isinstance(text, str):
        text = text.encode()
    _check_text(text)
    if not signers:
        raise NoteError("at least one signer is required")
    return text + b"\n" + "".join(s.signature_line(text) for s in signers).encode()


def _check_text(text: bytes) -> None:
    try:
        decoded = text.decode()
    except UnicodeDecodeError as exc:
        raise NoteError("note is not valid UTF-8") from exc
    if not decoded.endswith("\n"):
        raise NoteError("note text must end with a newline")
    if any(ord(c) < 0x20 and c != "\n" for c in decoded):
        raise NoteError("note contains control characters")


def split(msg: bytes) -> tuple[bytes, list[Signature]]:
    """Split a signed note into text and (unchecked) signatures."""
    _check_text(msg)
    cut = msg.rfind(b"\n\n")
    if cut < 0:
        raise NoteError("note has no signature block")
    text, block = msg[: cut + 1], msg[cut + 2 :]
    if not block:
        raise NoteError("note has no signatures")
    sigs: list[Signature] = []
    for line in block.decode().split("\n")[:-1]:
        if not line.startswith(SIG_PREFIX):
            raise NoteError("malformed signature line")
        name, _, encoded = line[len(SIG_PREFIX) :].partition(" ")
        raw = _b64decode(encoded) if encoded else b""
        if not _valid_name(name) or len(raw) < 5:
            raise NoteError("malformed signature line")
        sigs.append(Signature(name, struct.unpack(">I", raw[:4])[0], raw[4:]))
        if len(sigs) > _MAX_SIGNATURES:
            raise NoteError("too many signatures")
    return text, sigs


def open_note(msg: bytes, verifiers: Iterable[Verifier]) -> Note:
    """Parse and verify a signed note.

    Signatures by unknown keys are kept aside unverified; a bad signature by a
    known key rejects the note (it is either forged or corrupted), and so does
    a note with no verified signature at all.
    """
    text, sigs = split(msg)
    known = {(v.name, v.key_id): v for v in verifiers}
    note = Note(text)
    seen: set[tuple[str, int]] = set()
    for sig in sigs:
        verifier = known.get((sig.name, sig.key_id))
        if verifier is None:
            if sig not in note.unverified:
                note.unverified.append(sig)
            continue
        if (sig.name, sig.key_id) in seen:
            continue
        seen.add((sig.name, sig.key_id))
        if not verifier.verify(text, sig.payload):
            raise InvalidSignatureError(f"invalid signature by {sig.name}+{sig.key_id:08x}")
        note.signatures.append(sig)
    if not note.signatures:
        raise UnverifiedNoteError("no signature by a known key")
    return note
