import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import uuid

import pytest

from huikuan.tlog.checkpoint import Checkpoint, open_checkpoint
from huikuan.tlog.hashing import leaf_hash
from huikuan.tlog.integrity import check_integrity
from huikuan.tlog.merkle import (
    MemoryTree,
    consistency_proof,
    inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from huikuan.tlog.note import Signer, split
from huikuan.tlog.sequencer import Sequencer
from huikuan.tlog.storage import ConflictError, DBStorage, MemoryStorage, Storage, StorageError, read_entry
from huikuan.tlog.tiles import TileHashReader

SIGNER = Signer("seq.example/log", bytes(range(32)))


def _checkpoint(storage):
    size, note = storage.head()
    checkpoint, _ = open_checkpoint(note, SIGNER.verifier())
    assert checkpoint.size == size
    return checkpoint


def _all_entries(storage):
    size, _ = storage.head()
    return [read_entry(storage, i) for i in range(size)]


@pytest.fixture(params=["memory", "sqlite"])
def storage(request, tmp_path):
    if request.param == "memory":
        yield MemoryStorage()
    else:
        s = DBStorage.sqlite(str(tmp_path / "log.db"))
        yield s
        s.close()


def test_storage_protocol(storage):
    assert isinstance(storage, Storage)


def test_batches_build_the_same_tree(storage):
    seq = Sequencer(storage, SIGNER, batch_size=300)
    tree = MemoryTree()
    assert seq.integrate() is None
    first = storage.enqueue(b"first")
    results = [seq.integrate()]
    assert results[0].pending_ids == [first] and results[0].first_index == 0
    tree.append(b"first")
    for n in (1, 255, 256, 257, 1000):
        entries = [b"entry %d" % (tree.size + i) for i in range(n)]
        ids = storage.enqueue_many(entries)
        assert len(ids) == n and ids == sorted(ids)
        for e in entries:
            tree.append(e)
        while (r := seq.integrate()) is not None:
            results.append(r)
        cp = _checkpoint(storage)
        assert (cp.size, cp.root_hash) == (tree.size, tree.root())
    assert storage.pending_count() == 0
    assert [c for c, _ in storage.checkpoints()] == [r.size for r in results]
    # Each batch got one checkpoint, and every old one is consistent with the latest.
    reader = TileHashReader(storage.read_tile, tree.size)
    for size, note in storage.checkpoints():
        old = Checkpoint.parse(split(note)[0])
        verify_consistency(size, tree.size, old.root_hash, tree.root(), consistency_proof(reader, size, tree.size))
    for index in (0, 1, 255, 256, 1000, tree.size - 1):
        verify_inclusion(
            leaf_hash(read_entry(storage, index)),
            index,
            tree.size,
            inclusion_proof(reader, index, tree.size),
            tree.root(),
        )
    assert check_integrity(storage, SIGNER.verifier()) is None
    # A fresh sequencer resumes from storage.
    seq2 = Sequencer(storage, SIGNER)
    storage.enqueue(b"after restart")
    seq2.integrate()
    tree.append(b"after restart")
    assert _checkpoint(storage).root_hash == tree.root()


def test_cas_conflict_between_two_sequencers(tmp_path):
    path = str(tmp_path / "log.db")
    s1, s2 = DBStorage.sqlite(path), DBStorage.sqlite(path)
    a, b = Sequencer(s1, SIGNER), Sequencer(s2, SIGNER)
    s1.enqueue_many(b"e%d" % i for i in range(100))
    a.integrate(limit=10)
    before = (s2.head(), list(s2.checkpoints()), s2.pending_count(), s2.read_tile(0, 0))
    with pytest.raises(ConflictError):
        b.integrate(limit=10)
    assert (s2.head(), list(s2.checkpoints()), s2.pending_count(), s2.read_tile(0, 0)) == before
    b.load()
    assert b.integrate(limit=10).first_index == 10
    # Fresh size but stale pending rows (already integrated by a): also refused, nothing written.
    stale = s1.pending(5)
    b.integrate(limit=5)
    a.load()
    s1.pending = lambda limit: stale
    with pytest.raises(ConflictError):
        a.integrate()
    assert s2.head()[0] == 25 and s2.pending_count() == 75
    assert check_integrity(s2) is None
    assert _all_entries(s2) == [b"e%d" % i for i in range(25)]


def test_memory_storage_conflict():
    storage = MemoryStorage()
    a, b = Sequencer(storage, SIGNER), Sequencer(storage, SIGNER)
    storage.enqueue_many([b"x", b"y"])
    a.integrate(limit=1)
    with pytest.raises(ConflictError):
        b.integrate(limit=1)
    assert storage.head()[0] == 1 and storage.pending_count() == 1


def test_racing_sequencers_never_fork(tmp_path):
    path = str(tmp_path / "log.db")
    DBStorage.sqlite(path).enqueue_many(b"r%d" % i for i in range(3000))
    conflicts = []

    def worker():
        storage = DBStorage.sqlite(path)
        seq = Sequencer(storage, SIGNER, batch_size=64)
        while True:
            try:
                if seq.integrate() is None:
                    return
            except ConflictError:
                conflicts.append(1)
                seq.load()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    storage = DBStorage.sqlite(path)
    assert storage.head()[0] == 3000 and storage.pending_count() == 0
    assert _all_entries(storage) == [b"r%d" % i for i in range(3000)]
    assert check_integrity(storage, SIGNER.verifier()) is None


CHILD = textwrap.dedent(
    """
    import sys
    from huikuan.tlog.note import Signer
    from huikuan.tlog.sequencer import Sequencer
    from huikuan.tlog.storage import DBStorage

    storage = DBStorage.sqlite(sys.argv[1])
    seq = Sequencer(storage, Signer("seq.example/log", bytes(range(32))), batch_size=97)
    n = int(sys.argv[2])
    while True:
        storage.enqueue_many(b"entry-%d" % (n + i) for i in range(50))
        n += 50
        print(n, flush=True)  # acknowledged: committed before this line
        seq.integrate()
    """
)


def test_sigkill_loses_no_acknowledged_entry(tmp_path):
    path = str(tmp_path / "log.db")
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    acked = 0
    for round_, stop_after in enumerate((1500, 2350, 4000)):
        storage = DBStorage.sqlite(path)
        start = storage.head()[0] + storage.pending_count()
        storage.close()
        proc = subprocess.Popen([sys.executable, str(script), path, str(start)], stdout=subprocess.PIPE, text=True)
        for line in proc.stdout:
            acked = int(line)
            if acked >= stop_after:
                break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()

        storage = DBStorage.sqlite(path)
        size = storage.head()[0]
        queued = [p.data for p in storage.pending(10**6)]
        assert size + len(queued) >= acked, round_
        assert _all_entries(storage) + queued == [b"entry-%d" % i for i in range(size + len(queued))]
        assert check_integrity(storage, SIGNER.verifier()) is None
        storage.close()
    storage = DBStorage.sqlite(path)
    total = storage.head()[0] + storage.pending_count()
    Sequencer(storage, SIGNER).run()
    assert _all_entries(storage) == [b"entry-%d" % i for i in range(total)]
    assert check_integrity(storage, SIGNER.verifier()) is None


def _tampered(tmp_path, sql, params=()):
    path = str(tmp_path / "t.db")
    storage = DBStorage.sqlite(path)
    seq = Sequencer(storage, SIGNER, batch_size=200)
    storage.enqueue_many(b"t%d" % i for i in range(700))
    seq.run()
    assert check_integrity(storage, SIGNER.verifier()) is None
    conn = sqlite3.connect(path)
    conn.execute(sql, params)
    conn.commit()
    conn.close()
    return check_integrity(storage, SIGNER.verifier())


def test_integrity_detects_changed_entry(tmp_path):
    from huikuan.tlog.tiles import encode_bundle

    bundle = encode_bundle([b"t%d" % i for i in range(256, 512)]).replace(b"t300", b"t3o0")
    problem = _tampered(tmp_path, "UPDATE tlog_bundles SET data = ? WHERE idx = 1", (bundle,))
    assert problem is not None and problem.where == "tile/0/001"


def test_integrity_detects_changed_tile(tmp_path):
    problem = _tampered(
        tmp_path,
        "UPDATE tlog_tiles SET data = CAST(zeroblob(32) || substr(data, 33) AS BLOB) WHERE level = 0 AND idx = 2",
    )
    assert problem is not None and problem.where == "tile/0/002.p/188"


def test_integrity_detects_missing_bundle(tmp_path):
    problem = _tampered(tmp_path, "DELETE FROM tlog_bundles WHERE idx = 0")
    assert problem is not None and problem.where == "tile/entries/000"


def test_integrity_detects_forged_checkpoint(tmp_path):
    forged = Checkpoint("seq.example/log", 400, bytes(32))
    from huikuan.tlog.checkpoint import sign_checkpoint

    problem = _tampered(
        tmp_path, "UPDATE tlog_checkpoints SET note = ? WHERE size = 400", (sign_checkpoint(forged, SIGNER),)
    )
    assert problem is not None and problem.where == "checkpoint 400"
    assert "root" in problem.detail


def test_integrity_detects_bad_checkpoint_signature(tmp_path):
    other = Signer("seq.example/log", bytes(32))
    from huikuan.tlog.checkpoint import sign_checkpoint

    fake = sign_checkpoint(Checkpoint("seq.example/log", 200, bytes(32)), other)
    problem = _tampered(tmp_path, "UPDATE tlog_checkpoints SET note = ? WHERE size = 200", (fake,))
    assert problem is not None and problem.where == "checkpoint 200"


def test_sequencer_refuses_tiles_that_disagree_with_checkpoint(tmp_path):
    path = str(tmp_path / "t.db")
    storage = DBStorage.sqlite(path)
    seq = Sequencer(storage, SIGNER)
    storage.enqueue_many(b"t%d" % i for i in range(10))
    seq.run()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE tlog_tiles SET data = CAST(zeroblob(32) || substr(data, 33) AS BLOB)")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError):
        Sequencer(storage, SIGNER)


def test_sequencer_refuses_another_logs_storage():
    storage = MemoryStorage()
    storage.enqueue(b"x")
    Sequencer(storage, SIGNER).run()
    with pytest.raises(StorageError):
        Sequencer(storage, Signer("other.example/log", bytes(32)))


def test_full_tiles_are_immutable():
    storage = MemoryStorage()
    seq = Sequencer(storage, SIGNER)
    storage.enqueue_many(b"%d" % i for i in range(256))
    seq.run()
    from huikuan.tlog.storage import BatchCommit

    with pytest.raises(StorageError):
        storage.commit_batch(BatchCommit(256, 257, b"x", [], tiles=[(0, 0, bytes(32 * 256))]))


@pytest.mark.skipif(not os.environ.get("HUIKUAN_TEST_PG_DSN"), reason="HUIKUAN_TEST_PG_DSN not set")
def test_postgres_storage():
    import psycopg

    schema = f"tlog_test_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(os.environ["HUIKUAN_TEST_PG_DSN"], autocommit=True)
    admin.execute(f"CREATE SCHEMA {schema}")
    try:

        def connect():
            return DBStorage(psycopg.connect(os.environ["HUIKUAN_TEST_PG_DSN"], options=f"-c search_path={schema}"))

        s1, s2 = connect(), connect()
        ids = s1.enqueue_many(b"p%d" % i for i in range(600))
        assert len(ids) == 600 and ids == sorted(ids)
        assert s1.enqueue(b"single") == ids[-1] + 1
        a, b = Sequencer(s1, SIGNER, batch_size=250), Sequencer(s2, SIGNER, batch_size=250)
        a.integrate()
        with pytest.raises(ConflictError):
            b.integrate()
        assert s2.head()[0] == 250
        b.load()
        b.run()
        assert s1.head()[0] == 601 and s1.pending_count() == 0
        assert _all_entries(s1) == [b"p%d" % i for i in range(600)] + [b"single"]
        assert check_integrity(s1, SIGNER.verifier()) is None
        s1.close()
        s2.close()
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


def test_oversized_entries_are_refused_at_enqueue(storage):
    with pytest.raises(ValueError):
        storage.enqueue_many([b"ok", bytes(65536)])
    assert storage.pending_count() == 0
    storage.enqueue(bytes(65535))
    Sequencer(storage, SIGNER).run()
    assert read_entry(storage, 0) == bytes(65535)
