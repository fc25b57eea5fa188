"""The ``huikuan.tlog`` storage protocol on Django's database connection.

Same semantics as ``tlog.storage.DBStorage`` (pending queue, tiles, bundles, checkpoints, a
compare-and-swap on the head), but on the app's own connection so that queuing an entry joins
the caller's transaction. Pending entries are ``LogEntry`` rows without an index; integrating
a batch gives each its index in the batch's transaction, so the item ↔ index link can never be
lost between the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import connection, transaction

from huikuan.tlog.hashing import HASH_SIZE
from huikuan.tlog.storage import BatchCommit, ConflictError, PendingEntry, StorageError
from huikuan.tlog.tiles import MAX_ENTRY_SIZE

from .models import LogBundle, LogCheckpoint, LogEntry, LogHead, LogTile


def _runs(ids: list[int]) -> Iterator[tuple[int, int, int]]:
    """(first id, last id, position of the first) for each run of consecutive ids."""
    start = 0
    for i in range(1, len(ids) + 1):
        if i == len(ids) or ids[i] != ids[i - 1] + 1:
            yield ids[start], ids[i - 1], start
            start = i


class DjangoStorage:
    def enqueue(self, data: bytes, **fields) -> int:
        if len(data) > MAX_ENTRY_SIZE:
            raise ValueError(f"log entries are limited to {MAX_ENTRY_SIZE} bytes")
        return LogEntry.objects.create(data=bytes(data), **fields).pk

    def enqueue_many(self, entries: Iterable[bytes]) -> list[int]:
        with transaction.atomic():
            return [self.enqueue(e) for e in entries]

    def pending(self, limit: int) -> list[PendingEntry]:
        rows = LogEntry.objects.filter(log_index__isnull=True).order_by("id").values_list("id", "data")[:limit]
        return [PendingEntry(pid, bytes(data)) for pid, data in rows]

    def pending_count(self) -> int:
        return LogEntry.objects.filter(log_index__isnull=True).count()

    def read_tile(self, level: int, index: int) -> bytes | None:
        data = LogTile.objects.filter(level=level, idx=index).values_list("data", flat=True).first()
        return bytes(data) if data is not None else None

    def read_bundle(self, index: int) -> bytes | None:
        data = LogBundle.objects.filter(idx=index).values_list("data", flat=True).first()
        return bytes(data) if data is not None else None

    def head(self) -> tuple[int, bytes | None]:
        size = LogHead.objects.filter(id=1).values_list("size", flat=True).first()
        if size is None:
            # The migration creates the row; a database flushed since (test teardown) lacks it.
            if LogCheckpoint.objects.exists():
                raise StorageError("the log head row is missing but checkpoints exist")
            LogHead.objects.get_or_create(id=1, defaults={"size": 0})
            size = 0
        note = LogCheckpoint.objects.filter(size=size).values_list("note", flat=True).first()
        return size, bytes(note) if note is not None else None

    def checkpoints(self) -> Iterator[tuple[int, bytes]]:
        rows = LogCheckpoint.objects.order_by("size").values_list("size", "note")
        return iter([(size, bytes(note)) for size, note in rows])

    def commit_batch(self, batch: BatchCommit) -> None:
        qn = connection.ops.quote_name
        entry, tile, bundle = LogEntry._meta.db_table, LogTile._meta.db_table, LogBundle._meta.db_table
        with transaction.atomic(), connection.cursor() as cur:
            # The CAS comes first: in PostgreSQL it also locks the head row, serialising sequencers.
            if LogHead.objects.filter(id=1, size=batch.old_size).update(size=batch.new_size) != 1:
                raise ConflictError(f"log head is no longer at size {batch.old_size}")
            ids = list(batch.pending_ids)
            for first, last, pos in _runs(ids):
                cur.execute(
                    f"UPDATE {qn(entry)} SET {qn('log_index')} = {qn('id')} + %s"
                    f" WHERE {qn('id')} BETWEEN %s AND %s AND {qn('log_index')} IS NULL",
                    [batch.old_size + pos - first, first, last],
                )
            taken = LogEntry.objects.filter(log_index__gte=batch.old_size, log_index__lt=batch.new_size).count()
            if taken != len(ids) or batch.new_size - batch.old_size != len(ids):
                raise ConflictError("pending entries were taken by another sequencer")
            LogCheckpoint.objects.create(size=batch.new_size, note=batch.checkpoint)
            if batch.tiles:
                # A full tile is never overwritten: the update only widens a partial one.
                cur.executemany(
                    f"INSERT INTO {qn(tile)} (level, idx, width, data) VALUES (%s, %s, %s, %s)"
                    " ON CONFLICT (level, idx) DO UPDATE SET width = excluded.width, data = excluded.data"
                    f" WHERE {qn(tile)}.width < excluded.width",
                    [(level, index, len(data) // HASH_SIZE, data) for level, index, data in batch.tiles],
                )
            if batch.bundles:
                cur.executemany(
                    f"INSERT INTO {qn(bundle)} (idx, width, data) VALUES (%s, %s, %s)"
                    " ON CONFLICT (idx) DO UPDATE SET width = excluded.width, data = excluded.data"
                    f" WHERE {qn(bundle)}.width < excluded.width",
                    list(batch.bundles),
                )
