"""``huikuan-verify``: check a transparency-log proof offline.

Usage::

    huikuan-verify PROOF_FILE [EVIDENCE_FILE] --key LOG_KEY
                   [--witness KEY ...] [--quorum N] [--entry ENTRY_FILE] [--index N]

``PROOF_FILE`` is a C2SP tlog-proof (``.tlog-proof``).  The log entry it proves
is a canonical JSON record whose ``"sha256"`` is the hex SHA-256 of the
evidence file.  A proof made by this project embeds that entry in its
``extra`` line, so the proof file alone is enough; ``--entry`` supplies (or
overrides) the entry bytes from a file instead.  The embedded entry is not
trusted as such: its leaf hash must be proven in the signed tree.

Checks, in order: the checkpoint is signed by ``--key`` (a verifier key
``name+hex+base64``, or a file holding one) and its origin is the key's name;
at least ``--quorum`` (default: all) of the ``--witness`` keys cosigned it; the
inclusion proof binds the entry to the checkpoint root at the stated index
(and ``--index``, if given); the entry holds a ``sha256``; and, when
``EVIDENCE_FILE`` is given, the file's SHA-256 equals it.

Needs only this package and ``cryptography``: no database, no network.
Exit status: 0 valid, 1 invalid (reason on stderr), 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from .checkpoint import CheckpointError, MissingLogSignatureError
from .merkle import ProofError
from .note import InvalidSignatureError, NoteError, Verifier, parse_verifier
from .proof_file import ProofFormatError, QuorumError, TlogProof, verify_proof


class _Invalid(Exception):
    pass


class _Usage(Exception):
    pass


def _key(value: str, what: str) -> Verifier:
    path = Path(value)
    text = path.read_text().strip() if "+" not in value and path.is_file() else value
    try:
        return parse_verifier(text)
    except NoteError as exc:
        raise _Usage(f"{what} {value!r} is not a verifier key: {exc}") from exc


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise _Usage(f"cannot read {what} {path}: {exc.strerror}") from exc


def _sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise _Usage(f"cannot read evidence file {path}: {exc.strerror}") from exc
    return digest.hexdigest()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="huikuan-verify",
        description="Verify a transparency-log proof (c2sp.org/tlog-proof) for an evidence file, offline.",
    )
    p.add_argument("proof", metavar="PROOF_FILE", help="the .tlog-proof file")
    p.add_argument("evidence", metavar="EVIDENCE_FILE", nargs="?", help="the evidence file to check")
    p.add_argument("--key", required=True, help="log verifier key (name+hex+base64), or a file holding it")
    p.add_argument("--witness", action="append", default=[], help="witness verifier key; repeatable")
    p.add_argument("--quorum", type=int, help="witness cosignatures required (default: all --witness keys)")
    p.add_argument("--entry", metavar="ENTRY_FILE", help="log entry bytes, if not embedded in the proof")
    p.add_argument("--index", type=int, help="expected entry index")
    return p


def _verify(args: argparse.Namespace) -> list[str]:
    log_key = _key(args.key, "--key")
    witnesses = [_key(w, "--witness") for w in args.witness]
    quorum = len(witnesses) if args.quorum is None else args.quorum
    if not 0 <= quorum <= len(witnesses):
        raise _Usage(f"--quorum {quorum} needs between 0 and {len(witnesses)} (the --witness keys given)")
    try:
        proof = TlogProof.parse(_read(args.proof, "proof file"))
    except ProofFormatError as exc:
        raise _Invalid(f"malformed proof file: {exc}") from exc
    if args.entry is not None:
        entry = _read(args.entry, "entry file")
        if proof.extra is not None and proof.extra != entry:
            raise _Invalid("the entry file differs from the entry embedded in the proof")
    elif proof.extra is not None:
        entry = proof.extra
    else:
        raise _Usage("the proof embeds no entry: pass --entry ENTRY_FILE")
    if args.index is not None and args.index != proof.index:
        raise _Invalid(f"wrong index: the proof is for entry {proof.index}, expected {args.index}")

    try:
        result = verify_proof(proof, entry, log_key, witnesses, quorum)
    except MissingLogSignatureError as exc:
        raise _Invalid(f"unknown key: the checkpoint is not signed by {log_key.name}+{log_key.key_id:08x}") from exc
    except InvalidSignatureError as exc:
        raise _Invalid(f"bad signature: {exc}") from exc
    except (NoteError, CheckpointError) as exc:
        raise _Invalid(f"bad checkpoint: {exc}") from exc
    except QuorumError as exc:
        raise _Invalid(f"missing witness quorum: {exc}") from exc
    except ProofError as exc:
        raise _Invalid(f"bad inclusion proof for entry {proof.index}: {exc}") from exc

    try:
        record = json.loads(entry)
        recorded = record["sha256"]
    except (ValueError, TypeError, KeyError) as exc:
        raise _Invalid('the log entry is not a JSON record with a "sha256" field') from exc
    if not isinstance(recorded, str) or len(recorded) != 64 or recorded.lower() != recorded:
        raise _Invalid('the entry\'s "sha256" is not 64 lowercase hex digits')
    cp = result.checkpoint
    summary = [
        f"valid: entry {proof.index} is in log {cp.origin} at tree size {cp.size}",
        f"  root hash      {cp.root_hash.hex()}",
        f"  log signature  {log_key.name}+{log_key.key_id:08x}",
        f"  witnesses      {len(result.witnesses)} cosigned, {quorum} required"
        + (f" ({', '.join(w.name for w in result.witnesses)})" if result.witnesses else ""),
        f"  entry sha256   {recorded}",
    ]
    if args.evidence is not None:
        actual = _sha256_file(args.evidence)
        if actual != recorded:
            raise _Invalid(f"hash mismatch: {args.evidence} has SHA-256 {actual}, the log entry records {recorded}")
        summary.append(f"  evidence       {args.evidence} matches")
    else:
        summary.append("  evidence       not checked (no EVIDENCE_FILE given)")
    return summary


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        lines = _verify(args)
    except _Usage as exc:
        print(f"huikuan-verify: error: {exc}", file=sys.stderr)
        return 2
    except _Invalid as exc:
        print(f"INVALID: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
