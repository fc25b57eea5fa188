import base64
import json
from pathlib import Path

import pytest

from huikuan.tlog.checkpoint import (
    Checkpoint,
    CheckpointError,
    CosignatureVerifier,
    Cosigner,
    add_cosignature,
    cosignature_timestamp,
    open_checkpoint,
    sign_checkpoint,
    verified_witnesses,
)
from huikuan.tlog.note import (
    InvalidSignatureError,
    NoteError,
    Signer,
    UnverifiedNoteError,
    Verifier,
    generate_key,
    key_id,
    open_note,
    parse_signer,
    parse_verifier,
    sign,
    split,
)

VECTORS = Path(__file__).resolve().parents[2].parent / "shared" / "vectors"


@pytest.fixture(scope="module")
def nt():
    path = VECTORS / "notes-and-tiles.json"
    if not path.is_file():
        pytest.skip(f"test vectors not found at {path}")
    return json.loads(path.read_text())


def test_spec_example_note_verifies(nt):
    case = nt["c2sp_signed_note_example"]
    verifier = parse_verifier(case["verifier_key"])
    assert verifier.key_string() == case["verifier_key"]
    note = open_note(case["note"].encode(), [verifier])
    assert note.text == b"This is an example message.\n"
    assert note.verified_by(verifier)


def test_go_note_reproduced_byte_for_byte(nt):
    case = nt["go_note_peter_neumann"]
    signer = parse_signer(case["signing_key"])
    assert signer.key_string() == case["signing_key"]
    assert signer.verifier().key_string() == case["verifier_key"]
    assert sign(case["text"], signer).decode() == case["note"]
    open_note(case["note"].encode(), [parse_verifier(case["verifier_key"])])


def test_checkpoint_vector_reproduced(nt):
    case = nt["checkpoint_c2sp_issue_99"]
    signer = Signer(case["origin"], bytes.fromhex(case["signing_seed_hex"]))
    assert signer.verifier().key_string() == case["verifier_key"]
    checkpoint = Checkpoint(case["origin"], case["tree_size"], base64.b64decode(case["root_hash_b64"]))
    assert sign_checkpoint(checkpoint, signer).decode() == case["note"]
    opened, _ = open_checkpoint(case["note"].encode(), parse_verifier(case["verifier_key"]))
    assert opened == checkpoint


def test_cosignature_vector_reproduced(nt):
    case = nt["cosignature_v1"]
    name = case["verifier_key"].split("+")[0]
    cosigner = Cosigner(name, bytes.fromhex(case["signing_seed_hex"]))
    assert cosigner.verifier().key_string() == case["verifier_key"]
    verifier = parse_verifier(case["verifier_key"])
    assert isinstance(verifier, CosignatureVerifier)
    body = case["checkpoint_body"].encode()
    line = cosigner.signature_line(body, case["timestamp"])
    assert line == case["signature_line"] + "\n"
    payload = base64.b64decode(case["signature_line"].split(" ")[-1])
    assert payload[:4] == verifier.key_id.to_bytes(4, "big")
    assert cosignature_timestamp(payload[4:]) == case["timestamp"]
    assert verifier.verify(body, payload[4:])
    assert not verifier.verify(body.replace(b"10", b"11"), payload[4:])


def test_cosigned_checkpoint_with_log_key(nt):
    cp_case, co_case = nt["checkpoint_c2sp_issue_99"], nt["cosignature_v1"]
    log = parse_verifier(cp_case["verifier_key"])
    witness = parse_verifier(co_case["verifier_key"])
    note = cp_case["note"].encode() + (co_case["signature_line"] + "\n").encode()
    _, opened = open_checkpoint(note, log, [witness])
    assert verified_witnesses(opened, [witness]) == [witness]
    # Unknown to the verifier, the cosignature is simply not counted.
    _, opened = open_checkpoint(note, log)
    assert len(opened.unverified) == 1


def test_key_ids_follow_type_byte():
    seed = bytes(range(32))
    note_signer, cosigner = Signer("w.example", seed), Cosigner("w.example", seed)
    assert note_signer.public_key == cosigner.public_key
    assert note_signer.key_id == key_id("w.example", 0x01, note_signer.public_key)
    assert cosigner.key_id == key_id("w.example", 0x04, cosigner.public_key)
    assert note_signer.key_id != cosigner.key_id
    assert parse_signer(cosigner.key_string()).key_id == cosigner.key_id


def test_generate_key_round_trip():
    skey, vkey = generate_key("log.example/a")
    signer, verifier = parse_signer(skey), parse_verifier(vkey)
    assert skey.startswith("PRIVATE+KEY+log.example/a+")
    open_note(sign(b"hello\n", signer), [verifier])


def _pair(name="log.example", n=1):
    signer = Signer(name, bytes([n]) * 32)
    return signer, signer.verifier()


def test_unknown_keys_ignored_known_bad_rejects():
    signer, verifier = _pair()
    other, other_v = _pair("other.example", 2)
    msg = sign(b"text\n", signer, other)
    note = open_note(msg, [verifier])
    assert [s.name for s in note.signatures] == ["log.example"]
    assert [s.name for s in note.unverified] == ["other.example"]
    with pytest.raises(UnverifiedNoteError):
        open_note(msg, [Verifier("third.example", bytes(32))])
    # A corrupted signature by a known key rejects the note even if another verifies.
    _, sigs = split(msg)
    bad = bytearray(sigs[1].payload)
    bad[0] ^= 1
    forged = msg.replace(
        base64.b64encode(sigs[1].key_id.to_bytes(4, "big") + sigs[1].payload),
        base64.b64encode(sigs[1].key_id.to_bytes(4, "big") + bytes(bad)),
    )
    open_note(forged, [verifier])
    with pytest.raises(InvalidSignatureError):
        open_note(forged, [verifier, other_v])


def test_same_name_different_key_is_unknown():
    signer, _ = _pair()
    _, impostor = _pair(n=9)
    with pytest.raises(UnverifiedNoteError):
        open_note(sign(b"text\n", signer), [impostor])


@pytest.mark.parametrize(
    "msg",
    [
        b"no signature block\n",
        b"text\n\n",
        b"text\n\n- log.example AAAAAAA=\n",
        b"text\n\n\xe2\x80\x94 log.example not-base64!\n",
        b"text\n\n\xe2\x80\x94 log.example AAAA\n",
        b"text\r\n\n\xe2\x80\x94 log.example AAAAAAA=\n",
        b"\xff\n\n\xe2\x80\x94 log.example AAAAAAA=\n",
        b"text\n\n\xe2\x80\x94 log.example AAAAAAA=",
    ],
)
def test_malformed_notes(msg):
    _, verifier = _pair()
    with pytest.raises(NoteError):
        open_note(msg, [verifier])


@pytest.mark.parametrize(
    "key",
    [
        "log.example+00000000+AQ==",
        "log.example+zz+AbCd",
        "log.example",
        "bad name+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "example.com/foo+530d903a+AukyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
    ],
)
def test_malformed_verifier_keys(key):
    with pytest.raises(NoteError):
        parse_verifier(key)


def test_checkpoint_format_and_parse():
    cp = Checkpoint("log.example/x", 42, bytes(range(32)))
    assert cp.body() == b"log.example/x\n42\n" + base64.b64encode(bytes(range(32))) + b"\n"
    assert Checkpoint.parse(cp.body()) == cp
    ext = Checkpoint.parse(cp.body() + b"extension line\n")
    assert ext.extensions == ("extension line",)
    signer = Signer("log.example/x", bytes(32))
    opened, _ = open_checkpoint(sign_checkpoint(cp, signer), signer.verifier())
    assert opened == cp


@pytest.mark.parametrize(
    "body",
    [
        b"log\n042\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        b"log\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        b"log\n1\nAAAA\n",
        b"\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        b"log\n1\n",
        b"log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        b"log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n",
    ],
)
def test_malformed_checkpoints(body):
    with pytest.raises(CheckpointError):
        Checkpoint.parse(body)


def test_open_checkpoint_checks_origin_and_log_signature():
    log = Signer("log.example", bytes([1]) * 32)
    witness = Cosigner("witness.example", bytes([2]) * 32)
    note = sign_checkpoint(Checkpoint("elsewhere.example", 1, bytes(32)), log)
    with pytest.raises(CheckpointError):
        open_checkpoint(note, log.verifier())
    open_checkpoint(note, log.verifier(), origin="elsewhere.example")
    # A witness cosignature alone does not stand in for the log's signature.
    other_log = Signer("log.example", bytes([3]) * 32)
    cosigned = add_cosignature(sign_checkpoint(Checkpoint("log.example", 1, bytes(32)), other_log), witness, 5)
    with pytest.raises(CheckpointError):
        open_checkpoint(cosigned, log.verifier(), [witness.verifier()])


def test_cosigner_refuses_non_checkpoints():
    with pytest.raises(CheckpointError):
        Cosigner("w", bytes(32)).sign(b"just text\n", 1)
