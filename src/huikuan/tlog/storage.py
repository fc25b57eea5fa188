"""Log storage: a Protocol and two implementations (in memory, DB-API).

The storage keeps a queue of pending entries, the hash tiles and entry
bundles of the integrated tree, every signed checkpoint, and a one-row head
holding the current tree size.  A batch is committed atomically and only if
the head still has the size the sequencer started from (compare-and-swap), so
two sequencers can never fork the log.

:class:`DBStorage` works with stdlib ``sqlite3`` and psycopg 3 connections and
creates its own ``tlog_*`` tables.  It takes over the connection: sqlite3 is
switched to WAL with ``synchronous=FULL`` and explicit transactions, psycopg to
autocommit with explicit transactions, so a returned call is durable.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from .hashing import HASH_SIZE
from .tiles import MAX_ENTRY_SIZE, TILE_WIDTH, TileError, decode_bundle


class StorageError(RuntimeError):
    """The storage is in an unexpected state."""


class ConflictError(StorageError):
    """Another sequencer committed first; nothing of this batch was written."""


@dataclass(frozen=True)
class PendingEntry:
    id: int
    data: bytes


@dataclass
class BatchCommit:
    """Everything one sequencing batch writes, applied as one transaction."""

    old_size: int
    new_size: int
    checkpoint: bytes  # signed note for new_size
    pending_ids: Sequence[int]
    tiles: list[tuple[int, int, bytes]] = field(default_factory=list)  # (level, index, hashes)
    bundles: list[tuple[int, int, bytes]] = field(default_factory=list)  # (index, width, bundle)


@runtime_checkable
class Storage(Protocol):
    def enqueue(self, data: bytes) -> int:
        """Durably queue one entry; returns its pending id (FIFO order)."""
        ...

    def enqueue_many(self, entries: Iterable[bytes]) -> list[int]:
        """Durably queue entries in one transaction; returns their pending ids."""
        ...

    def pending(self, limit: int) -> list[PendingEntry]:
        """The oldest pending entries, by id."""
        ...

    def pending_count(self) -> int: ...

    def read_tile(self, level: int, index: int) -> bytes | None:
        """The stored hashes of a tile (full, or the widest partial so far)."""
        ...

    def read_bundle(self, index: int) -> bytes | None: ...

    def head(self) -> tuple[int, bytes | None]:
        """Current tree size and its signed checkpoint (None while empty)."""
        ...

    def checkpoints(self) -> Iterator[tuple[int, bytes]]:
        """Every stored checkpoint as (size, signed note), by ascending size."""
        ...

    def commit_batch(self, batch: BatchCommit) -> None:
        """Apply a batch atomically; :class:`ConflictError` if the head moved."""
        ...


def _checked(entries: Iterable[bytes]) -> list[bytes]:
    # Refused up front: an entry that cannot go into a bundle would block the queue.
    out = [bytes(e) for e in entries]
    if any(len(e) > MAX_ENTRY_SIZE for e in out):
        raise ValueError(f"log entries are limited to {MAX_ENTRY_SIZE} bytes")
    return out


def read_entry(storage: Storage, index: int) -> bytes:
    """One integrated entry, from its bundle."""
    size, _ = storage.head()
    if not 0 <= index < size:
        raise IndexError(f"entry {index} not in a log of size {size}")
    data = storage.read_bundle(index // TILE_WIDTH)
    entries = decode_bundle(data) if data is not None else []
    if len(entries) <= index % TILE_WIDTH:
        raise TileError(f"entry bundle {index // TILE_WIDTH} is missing entry {index}")
    return entries[index % TILE_WIDTH]


class MemoryStorage:
    """Thread-safe in-memory storage, for tests and ephemeral logs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[int, bytes] = {}
        self._next_id = 1
        self._tiles: dict[tuple[int, int], bytes] = {}
        self._bundles: dict[int, bytes] = {}
        self._checkpoints: dict[int, bytes] = {}
        self._size = 0

    def enqueue(self, data: bytes) -> int:
        return self.enqueue_many([data])[0]

    def enqueue_many(self, entries: Iterable[bytes]) -> list[int]:
        checked = _checked(entries)
        with self._lock:
            ids = []
            for data in checked:
                self._pending[self._next_id] = data
                ids.append(self._next_id)
                self._next_id += 1
            return ids

    def pending(self, limit: int) -> list[PendingEntry]:
        with self._lock:
            out = []
            for pid, data in self._pending.items():  # insertion order is id order
                if len(out) >= limit:
                    break
                out.append(PendingEntry(pid, data))
            return out

    def pending_count(self) -> int:
        with self._lock:
            return len(self._pending)

    def read_tile(self, level: int, index: int) -> bytes | None:
        return self._tiles.get((level, index))

    def read_bundle(self, index: int) -> bytes | None:
        return self._bundles.get(index)

    def head(self) -> tuple[int, bytes | None]:
        with self._lock:
            return self._size, self._checkpoints.get(self._size)

    def checkpoints(self) -> Iterator[tuple[int, bytes]]:
        with self._lock:
            items = sorted(self._checkpoints.items())
        return iter(items)

    def commit_batch(self, batch: BatchCommit) -> None:
        with self._lock:
            if self._size != batch.old_size:
                raise ConflictError(f"log size is {self._size}, batch expected {batch.old_size}")
            if any(pid not in self._pending for pid in batch.pending_ids):
                raise ConflictError("pending entries were taken by another sequencer")
            for level, index, data in batch.tiles:
                old = self._tiles.get((level, index))
                if old is not None and len(old) == TILE_WIDTH * HASH_SIZE and old != data:
                    raise StorageError(f"full tile ({level}, {index}) is immutable")
            for pid in batch.pending_ids:
                del self._pending[pid]
            self._tiles.update(((level, index), data) for level, index, data in batch.tiles)
            self._bundles.update((index, data) for index, _, data in batch.bundles)
            self._checkpoints[batch.new_size] = batch.checkpoint
            self._size = batch.new_size


_SCHEMA = {
    "sqlite": [
        "CREATE TABLE IF NOT EXISTS tlog_pending (id INTEGER PRIMARY KEY, data BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS tlog_tiles (level INTEGER NOT NULL, idx INTEGER NOT NULL,"
        " width INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (level, idx))",
        "CREATE TABLE IF NOT EXISTS tlog_bundles (idx INTEGER PRIMARY KEY, width INTEGER NOT NULL, data BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS tlog_checkpoints (size INTEGER PRIMARY KEY, note BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS tlog_head (id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL)",
        "INSERT INTO tlog_head (id, size) VALUES (1, 0) ON CONFLICT DO NOTHING",
    ],
    "postgres": [
        "CREATE TABLE IF NOT EXISTS tlog_pending"
        " (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, data BYTEA NOT NULL)",
        "CREATE TABLE IF NOT EXISTS tlog_tiles (level INTEGER NOT NULL, idx BIGINT NOT NULL,"
        " width INTEGER NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (level, idx))",
        "CREATE TABLE IF NOT EXISTS tlog_bundles (idx BIGINT PRIMARY KEY, width INTEGER NOT NULL, data BYTEA NOT NULL)",
        "CREATE TABLE IF NOT EXISTS tlog_checkpoints (size BIGINT PRIMARY KEY, note BYTEA NOT NULL)",
        "CREATE TABLE IF NOT EXISTS tlog_head (id INTEGER PRIMARY KEY CHECK (id = 1), size BIGINT NOT NULL)",
        "INSERT INTO tlog_head (id, size) VALUES (1, 0) ON CONFLICT DO NOTHING",
    ],
}

# A full tile is never overwritten: the update only widens a partial one.
_UPSERT_TILE = (
    "INSERT INTO tlog_tiles (level, idx, width, data) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (level, idx) DO UPDATE SET width = excluded.width, data = excluded.data"
    " WHERE tlog_tiles.width < excluded.width"
)
_UPSERT_BUNDLE = (
    "INSERT INTO tlog_bundles (idx, width, data) VALUES (?, ?, ?)"
    " ON CONFLICT (idx) DO UPDATE SET width = excluded.width, data = excluded.data"
    " WHERE tlog_bundles.width < excluded.width"
)


class DBStorage:
    """Storage in a SQL database through a DB-API connection (sqlite3 or psycopg 3).

    The connection is used exclusively by this object and is not thread-safe;
    open one storage per thread or process.
    """

    def __init__(self, conn: Any, *, create_tables: bool = True) -> None:
        self.conn = conn
        if isinstance(conn, sqlite3.Connection):
            self.dialect = "sqlite"
            conn.isolation_level = None  # explicit BEGIN IMMEDIATE / COMMIT below
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")  # fsync every commit: acknowledged means durable
            conn.execute("PRAGMA busy_timeout=30000")
        elif type(conn).__module__.startswith("psycopg"):
            self.dialect = "postgres"
            conn.autocommit = True  # reads need no transaction; writes open one explicitly
        else:
            raise StorageError(f"unsupported connection type {type(conn)!r}")
        if create_tables:
            with self._transaction() as cur:
                for statement in _SCHEMA[self.dialect]:
                    cur.execute(statement)

    @classmethod
    def sqlite(cls, path: str) -> DBStorage:
        return cls(sqlite3.connect(path, check_same_thread=False))

    @classmethod
    def postgres(cls, dsn: str) -> DBStorage:
        import psycopg  # optional: only this constructor needs it

        return cls(psycopg.connect(dsn))

    def close(self) -> None:
        self.conn.close()

    def _sql(self, sql: str) -> str:
        # Statements are written in qmark style; psycopg uses %s placeholders.
        return sql.replace("?", "%s") if self.dialect == "postgres" else sql

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        if self.dialect == "sqlite":
            cur = self.conn.cursor()
            # IMMEDIATE takes the write lock up front, so writers queue instead of deadlocking.
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")
        else:
            with self.conn.transaction(), self.conn.cursor() as cur:
                yield cur

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        cur = self.conn.cursor()
        try:
            cur.execute(self._sql(sql), params)
            return cur.fetchall()
        finally:
            cur.close()

    def enqueue(self, data: bytes) -> int:
        return self.enqueue_many([data])[0]

    def enqueue_many(self, entries: Iterable[bytes]) -> list[int]:
        rows = [(e,) for e in _checked(entries)]
        if not rows:
            return []
        with self._transaction() as cur:
            if self.dialect == "sqlite":
                cur.executemany("INSERT INTO tlog_pending (data) VALUES (?)", rows)
                # The write lock is held, so the new rowids are the top len(rows) ones.
                last = cur.execute("SELECT max(id) FROM tlog_pending").fetchone()[0]
                return list(range(last - len(rows) + 1, last + 1))
            cur.executemany("INSERT INTO tlog_pending (data) VALUES (%s) RETURNING id", rows, returning=True)
            ids = []
            while True:
                ids.append(cur.fetchone()[0])
                if not cur.nextset():
                    break
            return ids

    def pending(self, limit: int) -> list[PendingEntry]:
        rows = self._fetchall("SELECT id, data FROM tlog_pending ORDER BY id LIMIT ?", (limit,))
        return [PendingEntry(pid, bytes(data)) for pid, data in rows]

    def pending_count(self) -> int:
        return self._fetchall("SELECT count(*) FROM tlog_pending")[0][0]

    def read_tile(self, level: int, index: int) -> bytes | None:
        rows = self._fetchall("SELECT data FROM tlog_tiles WHERE level = ? AND idx = ?", (level, index))
        return bytes(rows[0][0]) if rows else None

    def read_bundle(self, index: int) -> bytes | None:
        rows = self._fetchall("SELECT data FROM tlog_bundles WHERE idx = ?", (index,))
        return bytes(rows[0][0]) if rows else None

    def head(self) -> tuple[int, bytes | None]:
        rows = self._fetchall(
            "SELECT h.size, c.note FROM tlog_head h LEFT JOIN tlog_checkpoints c ON c.size = h.size WHERE h.id = 1"
        )
        if not rows:
            raise StorageError("tlog_head row is missing")
        size, note = rows[0]
        return size, bytes(note) if note is not None else None

    def checkpoints(self) -> Iterator[tuple[int, bytes]]:
        rows = self._fetchall("SELECT size, note FROM tlog_checkpoints ORDER BY size")
        return iter([(size, bytes(note)) for size, note in rows])

    def commit_batch(self, batch: BatchCommit) -> None:
        q = self._sql
        with self._transaction() as cur:
            # The CAS comes first: in PostgreSQL it also locks the head row, serialising sequencers.
            cur.execute(q("UPDATE tlog_head SET size = ? WHERE id = 1 AND size = ?"), (batch.new_size, batch.old_size))
            if cur.rowcount != 1:
                raise ConflictError(f"log head is no longer at size {batch.old_size}")
            ids = list(batch.pending_ids)
            if self.dialect == "sqlite":
                # Under the write lock no id inside the batch's range can appear, so a range delete is exact.
                cur.execute("DELETE FROM tlog_pending WHERE id BETWEEN ? AND ?", (min(ids), max(ids)))
            else:
                cur.execute("DELETE FROM tlog_pending WHERE id = ANY(%s)", (ids,))
            if cur.rowcount != len(ids):
                raise ConflictError("pending entries were taken by another sequencer")
            cur.execute(
                q("INSERT INTO tlog_checkpoints (size, note) VALUES (?, ?)"),
                (batch.new_size, batch.checkpoint),
            )
            if batch.tiles:
                cur.executemany(
                    q(_UPSERT_TILE),
                    [(level, index, len(data) // HASH_SIZE, data) for level, index, data in batch.tiles],
                )
            if batch.bundles:
                cur.executemany(q(_UPSERT_BUNDLE), batch.bundles)
