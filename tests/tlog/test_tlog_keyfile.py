import threading

from huikuan.tlog.keyfile import create_secret_file


def test_exactly_one_writer_wins_and_readers_never_see_a_partial_file(tmp_path):
    path = tmp_path / "keys" / "log_key"
    results, seen = [], []
    barrier = threading.Barrier(8)

    def worker(n):
        barrier.wait()
        results.append(create_secret_file(path, f"key number {n}\n" * 100))
        seen.append(path.read_text())

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1
    assert len(set(seen)) == 1 and seen[0].count("\n") == 100
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["log_key"]  # no temporary files left
