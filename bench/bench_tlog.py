"""Benchmark of huikuan.tlog: durable sequencing and proof latency, beside pymerkle.

Run ``python bench/bench_tlog.py`` (1,000,000 entries) or ``--entries N`` for a
quick run.  PostgreSQL: a throwaway server with default durability (fsync and
synchronous_commit on) is started from the Debian binaries, unless
HUIKUAN_TEST_PG_DSN names one (scripts/with-postgres.sh runs its server with
fsync off, so those figures are not durable).  Prints figures only.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import hashlib
import os
import random
import shutil
import socket
import statistics
import subprocess
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


@contextlib.contextmanager
def own_postgres():
    """A throwaway PostgreSQL server with default durability; yields its DSN (None if unavailable)."""
    found = shutil.which("initdb")
    candidates = [os.path.dirname(found)] if found else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    bindir = next((d for d in candidates if os.access(os.path.join(d, "initdb"), os.X_OK)), None)
    if bindir is None:
        yield None
        return
    tmp = tempfile.mkdtemp(prefix="tlog-bench-pg-")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    as_root = os.geteuid() == 0

    def run(cmd: list[str]) -> None:
        if as_root:  # initdb refuses root: run the server as the postgres system user
            cmd = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{c}'" for c in cmd)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    if as_root:
        shutil.chown(tmp, "postgres")
    data = os.path.join(tmp, "data")
    try:
        run([f"{bindir}/initdb", "-D", data, "-U", "huikuan", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"])
        opts = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1"
        run([f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(tmp, "log"), "-w", "-o", opts, "start"])
        yield f"postgresql://huikuan@127.0.0.1:{port}/postgres"
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            run([f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"])
        shutil.rmtree(tmp, ignore_errors=True)


def bench_sequencing(storage: DBStorage, data: list[bytes], batch: int) -> float:
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
    return n / (t2 - t0)


def bench_proofs(storage: DBStorage, size: int, samples: int, rng: random.Random) -> tuple[tuple[float, float], ...]:
    # Each proof reads its tiles from the database; "cold" shares nothing between
    # proofs, "shared cache" keeps up to 256 tile pyramids as a proof server would.
    medians = []
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
        medians.append((statistics.median(incl), statistics.median(cons)))
    return medians[0], medians[1]


def bench_pymerkle(
    path: str, data: list[bytes], samples: int, rng: random.Random, cold_samples: int = 5
) -> tuple[float, ...] | None:
    try:
        import pymerkle
        from pymerkle import SqliteTree
    except ImportError:
        print("  pymerkle not installed: skipped")
        return None
    version = getattr(pymerkle, "__version__", "?")
    tree = SqliteTree(path)
    t0 = time.perf_counter()
    tree.append_entries(data)
    t1 = time.perf_counter()
    size = len(data)
    print(f"  pymerkle {version} SqliteTree append_entries {size / (t1 - t0):>12,.0f} entries/s")
    # pymerkle indexes leaves from 1.  "cold" clears its subroot cache before each proof,
    # as our "cold" shares no tiles between proofs; "warm" keeps its LRU cache.
    cold_incl, cold_cons = [], []
    for _ in range(cold_samples):
        tree.cache_clear()
        index = rng.randint(1, size)
        t = time.perf_counter()
        tree.prove_inclusion(index, size)
        cold_incl.append(time.perf_counter() - t)
        tree.cache_clear()
        old = rng.randint(1, size - 1)
        t = time.perf_counter()
        tree.prove_consistency(old, size)
        cold_cons.append(time.perf_counter() - t)
    print(f"  inclusion proof   at {size:,} (cold, {cold_samples} samples): {stats(cold_incl)}")
    print(f"  consistency proof at {size:,} (cold, {cold_samples} samples): {stats(cold_cons)}")
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
    return (
        size / (t1 - t0),
        statistics.median(cold_incl),
        statistics.median(cold_cons),
        statistics.median(incl),
        statistics.median(cons),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000, help="entries per sequencing batch")
    parser.add_argument("--samples", type=int, default=2000, help="proofs timed per kind")
    parser.add_argument("--skip-pymerkle", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    rng = random.Random(2026)
    data = entries(args.entries)
    python = sys.version.split()[0]
    print(f"huikuan.tlog benchmark: {args.entries:,} entries, Python {python}, {os.cpu_count()} CPUs")

    with tempfile.TemporaryDirectory() as tmp:
        print("\nSQLite file (WAL, synchronous=FULL)")
        storage = DBStorage.sqlite(os.path.join(tmp, "tlog.db"))
        ours = bench_sequencing(storage, data, args.batch)
        (incl, cons), (warm_incl, warm_cons) = bench_proofs(storage, args.entries, args.samples, rng)
        storage.close()

        if not args.skip_postgres:
            dsn = os.environ.get("HUIKUAN_TEST_PG_DSN")
            server = contextlib.nullcontext(dsn) if dsn else own_postgres()
            with server as dsn:
                if dsn is None:
                    print("\nPostgreSQL: binaries not found, skipped")
                else:
                    bench_postgres(dsn, data, args, rng, durable=not os.environ.get("HUIKUAN_TEST_PG_DSN"))

        if not args.skip_pymerkle:
            print("\npymerkle SqliteTree (same entries)")
            theirs = bench_pymerkle(os.path.join(tmp, "pymerkle.db"), data, min(args.samples, 500), rng)
            if theirs:
                append, p_incl, p_cons, pw_incl, pw_cons = theirs
                print("\nSide by side (SQLite, medians)")
                print(
                    f"  sequencing: ours {ours:,.0f}/s durable with tiles + signed checkpoints, "
                    f"pymerkle {append:,.0f}/s bare append -> {ours / append:.2f}x"
                )
                for what, a, b, c, d in (
                    ("inclusion proof  ", incl, p_incl, warm_incl, pw_incl),
                    ("consistency proof", cons, p_cons, warm_cons, pw_cons),
                ):
                    print(
                        f"  {what} cold: ours {a * 1e3:.3f} ms, pymerkle {b * 1e3:.1f} ms -> {b / a:,.0f}x;"
                        f"  cached: ours {c * 1e3:.3f} ms, pymerkle {d * 1e3:.3f} ms -> {d / c:,.0f}x"
                    )


def bench_postgres(dsn: str, data: list[bytes], args, rng: random.Random, *, durable: bool) -> None:
    import psycopg

    schema = f"tlog_bench_{os.getpid()}"
    admin = psycopg.connect(dsn, autocommit=True)
    admin.execute(f"CREATE SCHEMA {schema}")
    try:
        label = "fsync and synchronous_commit on" if durable else "server from HUIKUAN_TEST_PG_DSN"
        version = admin.execute("SHOW server_version").fetchone()[0]
        print(f"\nPostgreSQL {version} ({label})")
        pg = DBStorage(psycopg.connect(dsn, options=f"-c search_path={schema}"))
        bench_sequencing(pg, data, args.batch)
        bench_proofs(pg, len(data), args.samples, rng)
        pg.close()
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


if __name__ == "__main__":
    main()
