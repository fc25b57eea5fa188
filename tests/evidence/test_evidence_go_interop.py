"""Go's golang.org/x/mod/sumdb/note and tlog (Debian's golang-golang-x-mod-dev, built offline)
open our /log/checkpoint and accept our inclusion and consistency proofs; Go's own proofs
computed from our served tiles are identical to ours."""

import base64
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from huikuan.evidence import log as evidence_log
from huikuan.evidence.log import log_sequence
from huikuan.tlog import TlogProof
from huikuan.tlog.checkpoint import Checkpoint
from huikuan.tlog.note import split
from tests.evidence.conftest import pdf_bytes

GOPATH = Path("/usr/share/gocode")
SOURCE = Path(__file__).parent / "go" / "interop.go"


@pytest.fixture(scope="session")
def go_interop(tmp_path_factory):
    # Not skipped when Go is missing: `make test` installs golang-go and golang-golang-x-mod-dev.
    assert shutil.which("go"), "Go is not installed (Debian golang-go)"
    assert (GOPATH / "src/golang.org/x/mod/sumdb/tlog").is_dir(), "Debian golang-golang-x-mod-dev is not installed"
    out = tmp_path_factory.mktemp("go")
    env = {**os.environ, "GO111MODULE": "off", "GOPATH": str(GOPATH), "GOCACHE": str(out / "cache"), "GOFLAGS": ""}
    subprocess.run(["go", "build", "-o", str(out / "interop"), str(SOURCE)], env=env, check=True)
    return out / "interop"


def _run(binary, payload):
    return subprocess.run([str(binary)], input=json.dumps(payload), capture_output=True, text=True)


def test_go_accepts_our_checkpoint_and_proofs(go_interop, live_server, case_a, upload):
    store = evidence_log.storage()
    store.enqueue_many([f"filler {i}".encode() for i in range(300)])
    log_sequence(batch_size=128)
    old_size, old_note = store.head()
    item, _ = upload(case_a, pdf_bytes("go"))
    store.enqueue_many([f"more {i}".encode() for i in range(700)])
    log_sequence()
    item.log_entry.refresh_from_db()
    proof = TlogProof.parse(evidence_log.inclusion_proof_file(item.log_entry.log_index))
    payload = {
        "base": live_server.url,
        "index": proof.index,
        "entry": base64.b64encode(proof.extra).decode(),
        "proof": [base64.b64encode(h).decode() for h in proof.hashes],
        "old": old_size,
        "old_root": base64.b64encode(Checkpoint.parse(split(old_note)[0]).root_hash).decode(),
    }
    ok = _run(go_interop, payload)
    assert ok.returncode == 0, ok.stderr
    size = store.head()[0]
    assert ok.stdout.strip() == f"ok {size}"

    flipped = dict(payload, entry=base64.b64encode(proof.extra + b" ").decode())
    bad = _run(go_interop, flipped)
    assert bad.returncode == 1 and "CheckRecord" in bad.stderr
    wrong_old = dict(payload, old_root=base64.b64encode(bytes(32)).decode())
    bad = _run(go_interop, wrong_old)
    assert bad.returncode == 1 and "CheckTree" in bad.stderr
