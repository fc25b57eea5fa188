import threading

import pytest

from huikuan.tlog.checkpoint import CosignatureVerifier, Cosigner, open_checkpoint
from huikuan.tlog.merkle import MemoryTree, consistency_proof
from huikuan.tlog.note import Signer, open_note
from huikuan.tlog.sequencer import Sequencer
from huikuan.tlog.storage import MemoryStorage
from huikuan.tlog.tiles import TileHashReader
from huikuan.tlog.witness import (
    Witness,
    WitnessConflict,
    WitnessError,
    format_request,
    make_server,
    parse_request,
    submit_checkpoint,
)

LOG = Signer("witnessed.example/log", bytes(range(32)))
OTHER = Signer("witnessed.example/log", bytes(range(1, 33)))  # same name, another key


class Log:
    def __init__(self):
        self.storage = MemoryStorage()
        self.seq = Sequencer(self.storage, LOG)

    def grow(self, n):
        self.storage.enqueue_many([f"entry {self.seq.size + i}".encode() for i in range(n)])
        self.seq.run()
        return self.storage.head()[1]

    def proof(self, old, new):
        return consistency_proof(TileHashReader(self.storage.read_tile, new), old, new) if old else []


@pytest.fixture
def witness(tmp_path):
    return Witness.open(tmp_path / "w1", [LOG.verifier()], "witness.example/w1")


def test_cosigns_a_first_checkpoint_and_persists_before_answering(witness, tmp_path):
    log = Log()
    note = log.grow(5)
    line = witness.add_checkpoint(format_request(0, [], note))
    cosigned = note + line
    verifier = CosignatureVerifier(witness.cosigner.name, witness.cosigner.public_key)
    assert open_note(cosigned, [verifier]).verified_by(verifier)
    # A new witness object on the same state directory remembers size 5 and its key.
    again = Witness.open(tmp_path / "w1", [LOG.verifier()], "ignored")
    assert again.latest(LOG.name)[0] == 5 and again.verifier_key() == witness.verifier_key()
    assert (tmp_path / "w1" / "witness_key").stat().st_mode & 0o777 == 0o600


def test_stale_old_size_is_409_with_the_latest_size(witness):
    log = Log()
    witness.add_checkpoint(format_request(0, [], log.grow(5)))
    note = log.grow(3)
    with pytest.raises(WitnessConflict) as exc:
        witness.add_checkpoint(format_request(0, [], note))
    assert exc.value.size == 5
    line = witness.add_checkpoint(format_request(5, log.proof(5, 8), note))
    assert line.startswith("— witness.example/w1 ".encode())


def test_bad_consistency_proof_is_422(witness):
    log = Log()
    witness.add_checkpoint(format_request(0, [], log.grow(5)))
    note = log.grow(300)
    proof = log.proof(5, 305)
    proof[0] = bytes(32)
    with pytest.raises(WitnessError) as exc:
        witness.add_checkpoint(format_request(5, proof, note))
    assert exc.value.status == 422
    assert witness.latest(LOG.name)[0] == 5  # nothing persisted


def test_fork_of_the_same_size_is_refused(witness):
    log = Log()
    witness.add_checkpoint(format_request(0, [], log.grow(4)))
    fork = MemoryTree()
    for i in range(4):
        fork.append(f"forked {i}".encode())
    from huikuan.tlog.checkpoint import Checkpoint, sign_checkpoint

    forked = sign_checkpoint(Checkpoint(LOG.name, 4, fork.root()), LOG)
    with pytest.raises(WitnessConflict):
        witness.add_checkpoint(format_request(4, [], forked))


def test_unknown_log_and_bad_signature(witness):
    stranger = Signer("stranger.example/log", bytes(32))
    other_log = Sequencer(MemoryStorage(), stranger)
    other_log.storage.enqueue(b"x")
    other_log.run()
    with pytest.raises(WitnessError) as exc:
        witness.add_checkpoint(format_request(0, [], other_log.storage.head()[1]))
    assert exc.value.status == 404
    impostor = Sequencer(MemoryStorage(), OTHER)
    impostor.storage.enqueue(b"x")
    impostor.run()
    with pytest.raises(WitnessError) as exc:
        witness.add_checkpoint(format_request(0, [], impostor.storage.head()[1]))
    assert exc.value.status == 403


@pytest.mark.parametrize(
    "body", [b"", b"old 1\n", b"old x\n\ncp", b"old 01\n\ncp", b"old 1\nnot base64!\n\ncp", b"old 1\nAAAA\n\ncp"]
)
def test_malformed_requests_are_400(body):
    with pytest.raises(WitnessError) as exc:
        parse_request(body)
    assert exc.value.status == 400


def test_http_round_trip_on_loopback(witness):
    server = make_server(witness)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        log = Log()
        note = log.grow(10)
        lines = submit_checkpoint(url, 0, [], note)
        assert len(lines) == 1
        witness_key = CosignatureVerifier(witness.cosigner.name, witness.cosigner.public_key)
        checkpoint, cosigned = open_checkpoint(note + lines[0].encode(), LOG.verifier(), [witness_key])
        assert cosigned.verified_by(witness_key) and checkpoint.size == 10
        note2 = log.grow(1)
        with pytest.raises(WitnessConflict) as exc:
            submit_checkpoint(url, 0, [], note2)
        assert exc.value.size == 10
        bad = log.proof(10, 11)
        bad[-1] = bytes(32)
        with pytest.raises(WitnessError) as exc:
            submit_checkpoint(url, 10, bad, note2)
        assert exc.value.status == 422
        assert submit_checkpoint(url, 10, log.proof(10, 11), note2)
    finally:
        server.shutdown()
        server.server_close()


def test_cosigner_key_type():
    assert isinstance(Cosigner.generate("w.example"), Cosigner)
