import base64
import hashlib
import subprocess
import sys

import pytest

from huikuan.tlog.checkpoint import Cosigner, add_cosignature
from huikuan.tlog.note import Signer
from huikuan.tlog.proof_file import TlogProof, build_proof, canonical_json
from huikuan.tlog.sequencer import Sequencer
from huikuan.tlog.storage import DBStorage
from huikuan.tlog.verify_cli import main

LOG = Signer("evidence.example/log", bytes([7]) * 32)
W1 = Cosigner("witness.example/one", bytes([8]) * 32)
W2 = Cosigner("witness.example/two", bytes([9]) * 32)
W3 = Cosigner("witness.example/three", bytes([10]) * 32)


@pytest.fixture
def bundle(tmp_path):
    storage = DBStorage.sqlite(str(tmp_path / "log.db"))
    seq = Sequencer(storage, LOG, batch_size=100)
    evidence = tmp_path / "contract.pdf"
    evidence.write_bytes(b"%PDF-1.7 the signed loan contract\n" * 100)
    digest = hashlib.sha256(evidence.read_bytes()).hexdigest()
    entries = [canonical_json({"case": f"C-{i}", "sha256": hashlib.sha256(b"%d" % i).hexdigest()}) for i in range(300)]
    entries[137] = canonical_json({"case": "C-137", "file": "contract.pdf", "sha256": digest})
    storage.enqueue_many(entries)
    seq.run()
    _, checkpoint = storage.head()
    cosigned = add_cosignature(add_cosignature(checkpoint, W1, 1_700_000_000), W2, 1_700_000_001)
    proof = build_proof(storage, 137, checkpoint=cosigned)
    path = tmp_path / "contract.tlog-proof"
    path.write_bytes(proof.format())
    storage.close()
    return {"proof": path, "evidence": evidence, "entry": entries[137], "tmp": tmp_path}


def _args(b, *extra, evidence=True):
    args = [str(b["proof"])]
    if evidence:
        args.append(str(b["evidence"]))
    args += ["--key", LOG.verifier().key_string()]
    for w in (W1, W2):
        args += ["--witness", w.verifier().key_string()]
    return args + list(extra)


def _run(capsys, args):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out + err


def test_valid(bundle, capsys):
    code, out = _run(capsys, _args(bundle))
    assert code == 0, out
    assert out.startswith("valid: entry 137 is in log evidence.example/log at tree size 300")
    assert "2 cosigned, 2 required" in out and "contract.pdf matches" in out


def test_valid_without_evidence_file_says_so(bundle, capsys):
    code, out = _run(capsys, _args(bundle, evidence=False))
    assert code == 0 and "not checked" in out


def test_proof_file_format(bundle):
    text = bundle["proof"].read_text()
    lines = text.split("\n")
    assert lines[0] == "c2sp.org/tlog-proof@v1"
    assert lines[1] == "extra " + base64.b64encode(bundle["entry"]).decode()
    assert lines[2] == "index 137"
    assert "\n\nevidence.example/log\n300\n" in text
    assert text.count("\n— ") == 3


def test_changed_evidence_byte_fails(bundle, capsys):
    data = bytearray(bundle["evidence"].read_bytes())
    data[500] ^= 0x01
    bundle["evidence"].write_bytes(bytes(data))
    code, out = _run(capsys, _args(bundle))
    assert code == 1 and "INVALID: hash mismatch" in out


def test_other_log_key_fails(bundle, capsys):
    other = Signer("evidence.example/log", bytes([99]) * 32).verifier().key_string()
    args = _args(bundle)
    args[args.index("--key") + 1] = other
    code, out = _run(capsys, args)
    assert code == 1 and "INVALID: unknown key" in out


def test_missing_witness_quorum_fails(bundle, capsys):
    args = _args(bundle, "--witness", W3.verifier().key_string())
    code, out = _run(capsys, args)
    assert code == 1 and "INVALID: missing witness quorum: 2 of the 3" in out
    code, out = _run(capsys, [*args, "--quorum", "2"])
    assert code == 0, out


def test_bad_inclusion_proof_fails(bundle, capsys):
    proof = TlogProof.parse(bundle["proof"].read_bytes())
    bad = bytearray(proof.hashes[2])
    bad[0] ^= 0x80
    hashes = [*proof.hashes[:2], bytes(bad), *proof.hashes[3:]]
    bundle["proof"].write_bytes(TlogProof(proof.index, hashes, proof.checkpoint, proof.extra).format())
    code, out = _run(capsys, _args(bundle))
    assert code == 1 and "INVALID: bad inclusion proof for entry 137" in out


def test_wrong_index_fails(bundle, capsys):
    code, out = _run(capsys, _args(bundle, "--index", "138"))
    assert code == 1 and "INVALID: wrong index" in out
    proof = TlogProof.parse(bundle["proof"].read_bytes())
    bundle["proof"].write_bytes(TlogProof(136, proof.hashes, proof.checkpoint, proof.extra).format())
    code, out = _run(capsys, _args(bundle))
    assert code == 1 and "bad inclusion proof for entry 136" in out


def test_tampered_embedded_entry_fails(bundle, capsys):
    proof = TlogProof.parse(bundle["proof"].read_bytes())
    digest = hashlib.sha256(bundle["evidence"].read_bytes()).hexdigest()
    forged = canonical_json({"case": "C-999", "file": "contract.pdf", "sha256": digest})
    bundle["proof"].write_bytes(TlogProof(proof.index, proof.hashes, proof.checkpoint, forged).format())
    code, out = _run(capsys, _args(bundle))
    assert code == 1 and "bad inclusion proof" in out


def test_bad_log_signature_fails(bundle, capsys):
    data = bundle["proof"].read_bytes()
    head, _, rest = data.partition(b"\n\n")
    body, sep, sigs = rest.partition(b"\n\n")
    body = body.replace(b"\n300\n", b"\n301\n")
    bundle["proof"].write_bytes(head + b"\n\n" + body + sep + sigs)
    code, out = _run(capsys, _args(bundle))
    assert code == 1 and "INVALID: bad signature" in out


def test_entry_file_and_no_embedded_entry(bundle, capsys):
    proof = TlogProof.parse(bundle["proof"].read_bytes())
    bundle["proof"].write_bytes(TlogProof(proof.index, proof.hashes, proof.checkpoint).format())
    code, out = _run(capsys, _args(bundle))
    assert code == 2 and "--entry" in out
    entry = bundle["tmp"] / "entry.json"
    entry.write_bytes(bundle["entry"])
    code, out = _run(capsys, _args(bundle, "--entry", str(entry)))
    assert code == 0, out
    entry.write_bytes(bundle["entry"] + b" ")
    code, out = _run(capsys, _args(bundle, "--entry", str(entry)))
    assert code == 1 and "bad inclusion proof" in out


def test_malformed_proof_file(bundle, capsys):
    bundle["proof"].write_bytes(b"c2sp.org/tlog-proof@v2\nindex 1\n\nx\n")
    code, out = _run(capsys, _args(bundle))
    assert code == 1 and "malformed proof file" in out


def test_key_from_file_and_usage_errors(bundle, capsys):
    keyfile = bundle["tmp"] / "log.pub"
    keyfile.write_text(LOG.verifier().key_string() + "\n")
    args = _args(bundle)
    args[args.index("--key") + 1] = str(keyfile)
    assert _run(capsys, args)[0] == 0
    code, out = _run(capsys, _args(bundle, "--quorum", "3"))
    assert code == 2 and "--quorum" in out
    args[args.index("--key") + 1] = "not-a-key"
    assert _run(capsys, args)[0] == 2


def test_runs_as_a_module(bundle):
    proc = subprocess.run(
        [sys.executable, "-m", "huikuan.tlog.verify_cli", *_args(bundle)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("valid:")
    assert "django" not in proc.stderr
