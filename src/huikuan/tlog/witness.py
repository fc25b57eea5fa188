"""A C2SP tlog-witness (https://c2sp.org/tlog-witness): core, HTTP server and client.

``POST /add-checkpoint`` takes::

    old <size the submitter believes the witness has seen>
    <base64 consistency proof hash>      (zero or more lines)
    <empty line>
    <signed checkpoint>

and answers 200 with the witness's cosignature line, 409 (``text/x.tlog.size``, the latest
size) when ``old`` is stale, 422 when the consistency proof fails, 403 when the log signature
does not verify, 404 for an unknown log and 400 for a malformed request.  The new checkpoint
is persisted (fsync, atomic rename) before the answer, so a cosigned checkpoint is never
forgotten and the witness can never be made to cosign a fork of it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import threading
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .checkpoint import Checkpoint, CheckpointError, Cosigner, MissingLogSignatureError, open_checkpoint
from .hashing import HASH_SIZE
from .keyfile import create_secret_file
from .merkle import ProofError, verify_consistency
from .note import SIG_PREFIX, NoteError, Verifier, split

MAX_BODY = 1 << 20
SIZE_CONTENT_TYPE = "text/x.tlog.size"


class WitnessError(Exception):
    """A refusal, carrying the HTTP status the witness answers with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class WitnessConflict(WitnessError):
    """``old`` does not match what the witness has seen; ``size`` is its latest size."""

    def __init__(self, size: int, message: str = "") -> None:
        super().__init__(409, message or f"the witness has seen size {size}")
        self.size = size


@dataclass(frozen=True)
class Request:
    old: int
    proof: list[bytes]
    checkpoint: bytes


def format_request(old: int, proof: Sequence[bytes], checkpoint: bytes) -> bytes:
    lines = [f"old {old}", *(base64.b64encode(h).decode() for h in proof)]
    return ("\n".join(lines) + "\n\n").encode() + checkpoint


def parse_request(body: bytes) -> Request:
    head, sep, checkpoint = body.partition(b"\n\n")
    if not sep or not checkpoint:
        raise WitnessError(400, "missing empty line before the checkpoint")
    try:
        lines = head.decode("ascii").split("\n")
    except UnicodeDecodeError as exc:
        raise WitnessError(400, "request header is not ASCII") from exc
    first = lines[0]
    digits = first[len("old ") :]
    if not first.startswith("old ") or not digits.isdigit() or (digits != "0" and digits.startswith("0")):
        raise WitnessError(400, "first line must be 'old <size>'")
    proof = []
    for line in lines[1:]:
        try:
            h = base64.b64decode(line, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise WitnessError(400, "proof line is not base64") from exc
        if len(h) != HASH_SIZE:
            raise WitnessError(400, "proof hashes are 32 bytes")
        proof.append(h)
    return Request(int(digits), proof, checkpoint)


class Witness:
    """Witness state in a directory: one file per log with the latest cosigned checkpoint."""

    def __init__(self, cosigner: Cosigner, logs: Sequence[Verifier], state_dir: str | Path) -> None:
        self.cosigner = cosigner
        self.logs = {v.name: v for v in logs}
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    @classmethod
    def open(cls, state_dir: str | Path, logs: Sequence[Verifier], name: str) -> Witness:
        """A witness whose cosigning key lives in ``state_dir/witness_key`` (created, 0600)."""
        from .note import parse_signer

        path = Path(state_dir) / "witness_key"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            create_secret_file(path, Cosigner.generate(name).key_string() + "\n")
        signer = parse_signer(path.read_text().strip())
        if not isinstance(signer, Cosigner):
            raise ValueError(f"{path} is not a cosignature (type 0x04) key")
        return cls(signer, logs, state_dir)

    def verifier_key(self) -> str:
        return self.cosigner.verifier().key_string()

    def _state_file(self, origin: str) -> Path:
        return self.state_dir / (hashlib.sha256(origin.encode()).hexdigest()[:32] + ".json")

    def latest(self, origin: str) -> tuple[int, bytes | None]:
        path = self._state_file(origin)
        if not path.exists():
            return 0, None
        state = json.loads(path.read_text())
        return state["size"], base64.b64decode(state["root"])

    def _persist(self, checkpoint: Checkpoint, note: bytes) -> None:
        path = self._state_file(checkpoint.origin)
        tmp = path.with_suffix(".tmp")
        state = {
            "origin": checkpoint.origin,
            "size": checkpoint.size,
            "root": base64.b64encode(checkpoint.root_hash).decode(),
            "note": note.decode(),
        }
        with open(tmp, "w") as fh:
            json.dump(state, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        dir_fd = os.open(self.state_dir, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def add_checkpoint(self, body: bytes) -> bytes:
        """Handle one add-checkpoint request; returns the cosignature line or raises WitnessError."""
        request = parse_request(body)
        try:
            text, _ = split(request.checkpoint)
            checkpoint = Checkpoint.parse(text)
        except (NoteError, CheckpointError) as exc:
            raise WitnessError(400, f"malformed checkpoint: {exc}") from exc
        log_key = self.logs.get(checkpoint.origin)
        if log_key is None:
            raise WitnessError(404, f"unknown log {checkpoint.origin!r}")
        try:
            open_checkpoint(request.checkpoint, log_key)
        except MissingLogSignatureError as exc:
            raise WitnessError(403, "the checkpoint is not signed by the log's key") from exc
        except (NoteError, CheckpointError) as exc:
            raise WitnessError(403, f"bad log signature: {exc}") from exc
        if request.old > checkpoint.size:
            raise WitnessError(400, "old size is beyond the checkpoint size")
        with self._lock:
            size, root = self.latest(checkpoint.origin)
            if request.old != size:
                raise WitnessConflict(size)
            if size == checkpoint.size:
                if request.proof or (root is not None and root != checkpoint.root_hash):
                    raise WitnessConflict(size, "a different tree of the same size was cosigned")
            elif size > 0:
                try:
                    verify_consistency(size, checkpoint.size, root, checkpoint.root_hash, request.proof)
                except ProofError as exc:
                    raise WitnessError(422, f"bad consistency proof: {exc}") from exc
            elif request.proof:
                raise WitnessError(422, "a proof from size 0 must be empty")
            self._persist(checkpoint, request.checkpoint)
        return self.cosigner.signature_line(text).encode()


def make_server(witness: Witness, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            if self.path != "/add-checkpoint":
                self._answer(404, b"not found\n")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if not 0 < length <= MAX_BODY:
                self._answer(400, b"missing or oversized body\n")
                return
            body = self.rfile.read(length)
            try:
                answer = witness.add_checkpoint(body)
            except WitnessConflict as exc:
                self._answer(409, f"{exc.size}\n".encode(), SIZE_CONTENT_TYPE)
            except WitnessError as exc:
                self._answer(exc.status, (str(exc) + "\n").encode())
            else:
                self._answer(200, answer)

        def log_message(self, format: str, *args) -> None:
            pass  # quiet; the caller logs outcomes

    return ThreadingHTTPServer((host, port), Handler)


def submit_checkpoint(
    url: str, old: int, proof: Sequence[bytes], checkpoint: bytes, timeout: float = 10.0
) -> list[str]:
    """Send a checkpoint to a witness; returns its signature lines (each ending in a newline)."""
    request = urllib.request.Request(
        url.rstrip("/") + "/add-checkpoint",
        data=format_request(old, proof, checkpoint),
        method="POST",
        headers={"Content-Type": "text/plain"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BODY)
    except urllib.error.HTTPError as exc:
        text = exc.read(MAX_BODY).decode("utf-8", "replace").strip()
        if exc.code == 409 and exc.headers.get_content_type() == SIZE_CONTENT_TYPE and text.isdigit():
            raise WitnessConflict(int(text)) from exc
        raise WitnessError(exc.code, text or exc.reason) from exc
    try:
        lines = body.decode().splitlines(keepends=True)
    except UnicodeDecodeError as exc:
        raise WitnessError(502, "the witness answered with non-UTF-8 text") from exc
    return [line for line in lines if line.startswith(SIG_PREFIX) and line.endswith("\n")]
