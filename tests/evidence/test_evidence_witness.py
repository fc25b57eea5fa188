"""Two witnesses on loopback: one in-process, one started as `huikuan witness serve`."""

import os
import subprocess
import sys
import threading

import pytest
from django.urls import reverse

from huikuan.evidence import log as evidence_log
from huikuan.evidence.log import log_sequence
from huikuan.evidence.models import LogCheckpoint
from huikuan.tlog import TlogProof, open_checkpoint, parse_verifier, verify_proof
from huikuan.tlog.proof_file import QuorumError
from huikuan.tlog.verify_cli import main as verify_main
from huikuan.tlog.witness import Witness, make_server
from tests.evidence.conftest import pdf_bytes


@pytest.fixture
def thread_witness(tmp_path):
    witness = Witness.open(tmp_path / "w1", [evidence_log.log_verifier()], "witness.test/one")
    server = make_server(witness)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", witness.verifier_key()
    server.shutdown()
    server.server_close()


@pytest.fixture
def command_witness(tmp_path):
    env = {
        **os.environ,
        "HUIKUAN_VAR_DIR": str(tmp_path / "var2"),
        "DJANGO_SETTINGS_MODULE": "huikuan.config.settings.base",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "huikuan", "witness", "serve", "--log-key", evidence_log.verifier_key(),
         "--state", str(tmp_path / "w2"), "--listen", "127.0.0.1:0", "--name", "witness.test/two"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        key = proc.stdout.readline().split()[-1]
        url = proc.stdout.readline().split()[-1]
        assert url.startswith("http://127.0.0.1:"), proc.stderr.read()
        yield url, key
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture
def witnessed(settings, thread_witness, command_witness):
    settings.HUIKUAN_WITNESSES = [thread_witness, command_witness]
    evidence_log._witness_sizes.clear()
    return [parse_verifier(thread_witness[1]), parse_verifier(command_witness[1])]


def test_checkpoints_are_cosigned_by_both_witnesses(client, creditor_a, case_a, upload, witnessed, tmp_path, capsys):
    item, _ = upload(case_a, pdf_bytes("witnessed"))
    log_sequence()
    latest = LogCheckpoint.objects.order_by("-size").first()
    assert latest.cosigned is not None
    served = client.get(reverse("log:checkpoint")).content
    assert served == bytes(latest.cosigned)
    checkpoint, note = open_checkpoint(served, evidence_log.log_verifier(), witnessed)
    assert all(note.verified_by(w) for w in witnessed)

    # The next batch goes to the witnesses with a consistency proof from the size they saw.
    upload(case_a, pdf_bytes("second batch"))
    log_sequence()
    # A restarted log process has forgotten what the witnesses saw: 409 tells it, then it proves.
    evidence_log._witness_sizes.clear()
    upload(case_a, pdf_bytes("third batch"))
    log_sequence()
    newest = LogCheckpoint.objects.order_by("-size").first()
    assert newest.size > checkpoint.size and newest.cosigned is not None
    _, note = open_checkpoint(bytes(newest.cosigned), evidence_log.log_verifier(), witnessed)
    assert all(note.verified_by(w) for w in witnessed)

    client.force_login(creditor_a)
    proof_bytes = client.get(reverse("api-1:evidence_proof", kwargs={"item_id": item.pk})).content
    proof = TlogProof.parse(proof_bytes)
    verify_proof(proof, proof.extra, evidence_log.log_verifier(), witnessed)
    path = tmp_path / "item.tlog-proof"
    path.write_bytes(proof_bytes)
    keys = [w.key_string() for w in witnessed]
    base = [str(path), "--key", evidence_log.verifier_key()]
    assert verify_main([*base, "--witness", keys[0], "--witness", keys[1]]) == 0
    stranger = Witness.open(tmp_path / "w3", [evidence_log.log_verifier()], "witness.test/three").verifier_key()
    capsys.readouterr()
    assert verify_main([*base, "--witness", keys[0], "--witness", stranger]) == 1
    assert "missing witness quorum" in capsys.readouterr().err
    assert verify_main([*base, "--witness", keys[0], "--witness", stranger, "--quorum", "1"]) == 0
    with pytest.raises(QuorumError):
        verify_proof(proof, proof.extra, evidence_log.log_verifier(), [witnessed[0], parse_verifier(stranger)])


def test_an_unreachable_witness_does_not_stop_the_log(settings, case_a, upload):
    key = Witness.open(settings.VAR_DIR / "dead", [evidence_log.log_verifier()], "witness.test/dead").verifier_key()
    settings.HUIKUAN_WITNESSES = [("http://127.0.0.1:9", key)]
    upload(case_a, pdf_bytes("no witness"))
    assert log_sequence() >= 1
    latest = LogCheckpoint.objects.order_by("-size").first()
    assert latest.cosigned is None and latest.served_note() == bytes(latest.note)
