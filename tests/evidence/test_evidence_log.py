import base64
import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse

from huikuan.cases.choices import CaseStatus, EventKind
from huikuan.cases.services import case_transition
from huikuan.evidence import log as evidence_log
from huikuan.evidence.integrity import log_verify
from huikuan.evidence.log import log_sequence
from huikuan.evidence.models import LogBundle, LogEntry, LogTile
from huikuan.tlog import TlogProof, leaf_hash, open_checkpoint, parse_verifier, verify_consistency, verify_proof
from huikuan.tlog.checkpoint import Checkpoint
from huikuan.tlog.note import split
from huikuan.tlog.tiles import decode_bundle, entries_path, tile_path
from huikuan.tlog.verify_cli import main as verify_main
from tests.evidence.conftest import pdf_bytes


@pytest.fixture
def logged(case_a, upload):
    items = [upload(case_a, pdf_bytes(f"item {i}"), name=f"item{i}.pdf")[0] for i in range(3)]
    assert log_sequence() >= 3
    for item in items:
        item.log_entry.refresh_from_db()
    return items


def test_sequencing_gives_every_pending_entry_an_index(logged):
    indexes = [item.log_entry.log_index for item in logged]
    assert all(i is not None for i in indexes) and len(set(indexes)) == 3
    size, note = evidence_log.storage().head()
    assert size == LogEntry.objects.count() and not LogEntry.objects.filter(log_index__isnull=True).exists()
    checkpoint, _ = open_checkpoint(note, evidence_log.log_verifier())
    assert checkpoint.origin == "huikuan.localhost/log" and checkpoint.size == size
    assert log_verify() is None


def test_proof_endpoint_verifies_offline(client, creditor_a, logged):
    client.force_login(creditor_a)
    item = logged[1]
    proof_bytes = client.get(reverse("api-1:evidence_proof", kwargs={"item_id": item.pk})).content
    entry = client.get(reverse("api-1:evidence_entry", kwargs={"item_id": item.pk})).content
    proof = TlogProof.parse(proof_bytes)
    assert proof.extra == entry and proof.index == item.log_entry.log_index
    assert json.loads(entry)["sha256"] == hashlib.sha256(pdf_bytes("item 1")).hexdigest()
    key = client.get(reverse("log:key")).content.decode().strip()
    result = verify_proof(proof, entry, parse_verifier(key))
    assert result.leaf_hash == leaf_hash(entry)


def test_pending_item_has_no_proof_yet(client, creditor_a, case_a, upload):
    item, _ = upload(case_a, pdf_bytes("pending"))
    client.force_login(creditor_a)
    response = client.get(reverse("api-1:evidence_proof", kwargs={"item_id": item.pk}))
    assert response.status_code == 409


def test_public_log_routes_serve_checkpoint_and_tiles(client, logged):
    key = parse_verifier(client.get(reverse("log:key")).content.decode())
    cp_response = client.get(reverse("log:checkpoint"))
    assert cp_response["Content-Type"].startswith("text/plain")
    checkpoint, _ = open_checkpoint(cp_response.content, key)
    size = checkpoint.size
    tile = client.get("/log/" + tile_path(0, 0, size))
    assert tile.status_code == 200 and "immutable" in tile["Cache-Control"]
    assert tile.content == bytes(LogTile.objects.get(level=0, idx=0).data)[: size * 32]
    bundle = client.get("/log/" + entries_path(0, size))
    entries = decode_bundle(bundle.content)
    assert entries == [bytes(e.data) for e in LogEntry.objects.order_by("log_index")]
    assert leaf_hash(entries[0]) == tile.content[:32]
    # A narrower partial tile is a prefix; a wider or a full one does not exist yet.
    assert client.get("/log/" + tile_path(0, 0, 1)).content == tile.content[:32]
    assert decode_bundle(client.get("/log/" + entries_path(0, 1)).content) == entries[:1]
    assert client.get("/log/" + tile_path(0, 0, size + 1)).status_code == 404
    assert client.get("/log/" + tile_path(0, 0)).status_code == 404
    assert client.get("/log/tile/0/x000/000").status_code == 404  # non-canonical
    assert client.get("/log/tile/nonsense").status_code == 404


def test_consistency_endpoint(client, case_a, upload, logged):
    old_size, old_note = evidence_log.storage().head()
    upload(case_a, pdf_bytes("later"))
    log_sequence()
    new_size, new_note = evidence_log.storage().head()
    response = client.get(reverse("log-api:consistency"), {"from": old_size, "to": new_size})
    proof = [base64.b64decode(line) for line in response.content.decode().split()]
    old = Checkpoint.parse(split(old_note)[0])
    new = Checkpoint.parse(split(new_note)[0])
    verify_consistency(old_size, new_size, old.root_hash, new.root_hash, proof)
    for bad in ({"from": 0, "to": new_size}, {"from": 2, "to": new_size + 1}, {"from": "x"}, {"from": 3, "to": 2}):
        assert client.get(reverse("log-api:consistency"), bad).status_code == 422


def test_evidential_events_are_logged_without_personal_data(case_a, creditor_a):
    case_transition(case=case_a, actor=creditor_a, to=CaseStatus.ASSESSING)
    log_sequence()
    event = case_a.events.get(kind=EventKind.STATUS_CHANGED)
    record = json.loads(bytes(event.log_entry.data))
    assert record["kind"] == "case_event" and record["type"] == "status_changed" and record["event"] == event.pk
    assert (
        record["sha256"]
        == hashlib.sha256(
            json.dumps(event.data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        ).hexdigest()
    )
    assert event.log_entry.log_index is not None
    debtor = case_a.debt.debtor
    logged = b"".join(bytes(e.data) for e in LogEntry.objects.all()).decode()
    assert debtor.name not in logged
    # A non-evidential kind stays off the log.
    from huikuan.cases.services import case_event_record

    note = case_event_record(case=case_a, actor=creditor_a, kind=EventKind.NOTE_ADDED, data={"text": "x"})
    assert not LogEntry.objects.filter(event=note).exists()


def test_bundle_contains_everything_and_verifies(client, creditor_a, logged, tmp_path, capsys):
    client.force_login(creditor_a)
    item = logged[0]
    response = client.get(reverse("api-1:evidence_bundle", kwargs={"item_id": item.pk}))
    assert response.status_code == 200
    zf = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(zf.namelist())
    proof_name = f"{item.sha256[:16]}.tlog-proof"
    assert {"evidence/item0.pdf", proof_name, "entry.json", "certificate.pdf", "log-key.txt", "VERIFY.txt"} <= names
    zf.extractall(tmp_path)
    key = (tmp_path / "log-key.txt").read_text().strip()
    assert (tmp_path / "entry.json").read_bytes() == bytes(item.log_entry.data)
    args = [str(tmp_path / proof_name), str(tmp_path / "evidence/item0.pdf"), "--key", key]
    assert verify_main(args) == 0
    assert verify_main([*args[:1], "--entry", str(tmp_path / "entry.json"), "--key", key]) == 0
    changed = tmp_path / "changed.pdf"
    data = bytearray((tmp_path / "evidence/item0.pdf").read_bytes())
    data[10] ^= 1
    changed.write_bytes(bytes(data))
    capsys.readouterr()
    assert verify_main([args[0], str(changed), "--key", key]) == 1
    assert "hash mismatch" in capsys.readouterr().err


def test_log_verify_reports_tampering(logged):
    assert log_verify() is None
    entry = LogEntry.objects.get(log_index=1)
    LogEntry.objects.filter(pk=entry.pk).update(data=bytes(entry.data).replace(b'"v":1', b'"v":2'))
    problem = log_verify()
    assert problem is not None and problem.where == "entry 1"
    LogEntry.objects.filter(pk=entry.pk).update(data=entry.data)
    bundle = LogBundle.objects.get(idx=0)
    LogBundle.objects.filter(pk=bundle.pk).update(data=bytes(bundle.data)[:-1] + b"X")
    problem = log_verify()
    assert problem is not None and "tile/0/000" in problem.where


def test_log_key_is_generated_once_with_mode_0600(settings):
    import stat
    from pathlib import Path

    path = Path(settings.VAR_DIR) / "keys" / "log_key"
    evidence_log.verifier_key()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert evidence_log.verifier_key() == evidence_log.verifier_key()


def test_log_key_from_environment(monkeypatch):
    from huikuan.tlog import Signer

    signer = Signer.generate("example.test/log")
    monkeypatch.setenv("HUIKUAN_LOG_KEY", signer.key_string())
    monkeypatch.setenv("HUIKUAN_LOG_ORIGIN", "example.test/log")
    assert evidence_log.verifier_key() == signer.verifier().key_string()


def test_two_sequencers_never_fork_the_django_log(case_a, upload):
    from huikuan.tlog import ConflictError, Sequencer

    upload(case_a, pdf_bytes("race 1"))
    first = Sequencer(evidence_log.storage(), evidence_log.log_signer())
    second = Sequencer(evidence_log.storage(), evidence_log.log_signer())  # loaded the same head
    assert first.integrate() is not None
    upload(case_a, pdf_bytes("race 2"))
    with pytest.raises(ConflictError):
        second.integrate()  # its view of the head is stale: nothing is written
    assert log_verify() is None
    assert log_sequence() >= 1  # a fresh round reloads the head and carries on
    assert log_verify() is None and not LogEntry.objects.filter(log_index__isnull=True).exists()


def test_a_flushed_database_gets_its_head_row_back(case_a, upload):
    from huikuan.evidence.models import LogHead

    LogHead.objects.all().delete()  # what a flush between transactional tests does
    upload(case_a, pdf_bytes("after flush"))
    assert log_sequence() >= 1 and log_verify() is None
