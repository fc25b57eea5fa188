"""Benchmark of huikuan.tlog: durable sequencing and proof latency, beside pymerkle.

Run ``python bench/bench_tlog.py`` (1,000,000 entries) or ``--entries N`` for a
quick run.  Set HUIKUAN_TEST_PG_DSN to include PostgreSQL.  Prints figures only.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from huikuan.tlog.merkle import consistency_proof, inclusion_proof
from huikuan.tlog.note import Signer
from huikuan.tlog.proof_file import canonical_json
from huikuan.tlog.sequencer import Sequencer
from huikuan.tlog.storage import DBStorage
from huikuan.tlog.tiles import TileCache, TileHashReader

SIGNER = Signer("bench.example/log", bytes(range(32)))


def entries(n: int) -> list[bytes]:
    # Realistic entries: canonical JSON records naming an evidence file by its SHA-256.
    return [
        canonical_json({"case": f"C-{i:08d}", "sha256": hashlib.sha256(i.to_bytes(8, "big")).hexdigest()})
        for i in range(n)
    ]


def stats(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"median {statistics.median(ordered) * 1e3:8.3f} ms   p99 {p99 * 1e3:8.3f} ms"


def bench_sequencing(storage: DBStorage, data: list[bytes], batch: int) -> None:
    seq = Sequencer(storage, SIGNER, batch_size=batch)
    t0 = time.perf_counter()
    for i in range(0, len(data), batch):
        storage.enqueue_many(data[i : i + batch])
    t1 = time.perf_counter()
    batches = 0
    while seq.integrate() is not None:
        batches += 1
    t2 = time.perf_counter()
    n = len(data)
    print(f"  enqueue (durable, {batch}/commit)        {n / (t1 - t0):>12,.0f} entries/s")
    print(f"  integrate ({batches} batches, tiles + checkpoint) {n / (t2 - t1):>12,.0f} entries/s")
    print(f"  end to end (enqueue + integrate)       {n / (t2 - t0):>12,.0f} entries/s")


def bench_proofs(storage: DBStorage, size: int, samples: int, rng: random.Random) -> None:
    # Each proof reads its tiles from the database; "cold" shares nothing between
    # proofs, "shared cache" keeps up to 256 tile pyramids as a proof server would.
    for label, cache in (("cold", None), ("shared cache", TileCache(256))):
        incl, cons = [], []
        for _ in range(samples):
            index = rng.randrange(size)
            t = time.perf_counter()
            inclusion_proof(TileHashReader(storage.read_tile, size, cache), index, size)
            incl.append(time.perf_counter() - t)
            old = rng.randint(1, size - 1)
            t = time.perf_counter()
            consistency_proof(TileHashReader(storage.read_tile, size, cache), old, size)
            cons.append(time.perf_counter() - t)
        print(f"  inclusion proof   at {size:,} ({label:>12}): {stats(incl)}")
        print(f"  consistency proof at {size:,} ({label:>12}): {stats(cons)}")


def bench_pymerkle(path: str, data: list[bytes], samples: int, rng: random.Random) -> None:
    try:
        import pymerkle
        from pymerkle import SqliteTree
    except ImportError:
        print("  pymerkle not installed: skipped")
        return
    version = getattr(pymerkle, "__version__", "?")
    tree = SqliteTree(path)
    t0 = time.perf_counter()
    tree.append_entries(data)
    t1 = time.perf_counter()
    size = len(data)
    print(f"  pymerkle {version} SqliteTree append_entries {size / (t1 - t0):>12,.0f} entries/s")
    # pymerkle indexes leaves from 1.
    t = time.perf_counter()
    tree.prove_inclusion(rng.randint(1, size), size)
    print(f"  first (cold) inclusion proof at {size:,}: {(time.perf_counter() - t) * 1e3:.1f} ms")
    incl, cons = [], []
    for _ in range(samples):
        index = rng.randint(1, size)
        t = time.perf_counter()
        tree.prove_inclusion(index, size)
        incl.append(time.perf_counter() - t)
        old = rng.randint(1, size - 1)
        t = time.perf_counter()
        tree.prove_consistency(old, size)
        cons.append(time.perf_counter() - t)
    print(f"  inclusion proof   at {size:,} (warm LRU): {stats(incl)}")
    print(f"  consistency proof at {size:,} (warm LRU): {stats(cons)}")
    tree.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000, help="entries per sequencing batch")
    parser.add_argument("--samples", type=int, default=2000, help="proofs timed per kind")
    parser.add_argument("--skip-pymerkle", action="store_true")
    args = parser.parse_args()
    rng = random.Random(2026)
    data = entries(args.entries)
    python = sys.version.split()[0]
    print(f"huikuan.tlog benchmark: {args.entries:,} entries, Python {python}, {os.cpu_count()} CPUs")

    with tempfile.TemporaryDirectory() as tmp:
        print("\nSQLite file (WAL, synchronous=FULL)")
        storage = DBStorage.sqlite(os.path.join(tmp, "tlog.db"))
        bench_sequencing(storage, data, args.batch)
        bench_proofs(storage, args.entries, args.samples, rng)
        storage.close()

        dsn = os.environ.get("HUIKUAN_TEST_PG_DSN")
        if dsn:
            import psycopg

            schema = f"tlog_bench_{os.getpid()}"
            admin = psycopg.connect(dsn, autocommit=True)
            admin.execute(f"CREATE SCHEMA {schema}")
            try:
                print("\nPostgreSQL")
                pg = DBStorage(psycopg.connect(dsn, options=f"-c search_path={schema}"))
                bench_sequencing(pg, data, args.batch)
                bench_proofs(pg, args.entries, args.samples, rng)
                pg.close()
            finally:
                admin.execute(f"DROP SCHEMA {schema} CASCADE")
                admin.close()

        if not args.skip_pymerkle:
            print("\npymerkle SqliteTree (same entries)")
            bench_pymerkle(os.path.join(tmp, "pymerkle.db"), data, min(args.samples, 500), rng)


if __name__ == "__main__":
    main()
