"""The sequencer: turns pending entries into tiles, bundles and a signed checkpoint.

It keeps the right edge of the tree in memory (the partial tile of every
level and the partial entry bundle), so a batch costs about two SHA-256
computations per entry plus one signature, whatever the log size.  Each batch
is committed as one transaction guarded by a compare-and-swap on the tree size;
after a :class:`~huikuan.tlog.storage.ConflictError` call :meth:`Sequencer.load`
before trying again.
"""

from __future__ import annotations

from dataclasses import dataclass

from .checkpoint import Checkpoint, sign_checkpoint
from .hashing import EMPTY_ROOT, HASH_SIZE, leaf_hash, node_hash, perfect_root
from .note import Signer, split
from .storage import BatchCommit, Storage, StorageError
from .tiles import TILE_HEIGHT, TILE_WIDTH, decode_bundle, encode_bundle, level_layout, split_hashes


@dataclass(frozen=True)
class BatchResult:
    first_index: int
    pending_ids: list[int]  # pending_ids[i] was given index first_index + i
    checkpoint: bytes

    @property
    def count(self) -> int:
        return len(self.pending_ids)

    @property
    def size(self) -> int:
        return self.first_index + self.count


def edge_root(edges: list[list[bytes]], size: int) -> bytes:
    """Root of a tree of ``size`` from its right-edge partial tiles.

    Each complete subtree of the size's binary decomposition lies within the
    partial tile of its tile level, so nothing else is needed.
    """
    root = None
    for level in range(size.bit_length()):
        if not size >> level & 1:
            continue
        tile_level, sub = divmod(level, TILE_HEIGHT)
        base = (size >> (tile_level * TILE_HEIGHT)) // TILE_WIDTH * TILE_WIDTH
        start = (((size >> level) - 1) << sub) - base
        h = perfect_root(edges[tile_level][start : start + (1 << sub)])
        root = h if root is None else node_hash(h, root)
    return EMPTY_ROOT if root is None else root


class Sequencer:
    def __init__(self, storage: Storage, signer: Signer, origin: str | None = None, batch_size: int = 4096) -> None:
        self.storage = storage
        self.signer = signer
        self.origin = signer.name if origin is None else origin
        self.batch_size = batch_size
        self.load()

    def load(self) -> None:
        """(Re)read the tree size and right edge from storage."""
        size, note = self.storage.head()
        edges: list[list[bytes]] = []
        for level, (full, partial) in enumerate(level_layout(size)):
            edge: list[bytes] = []
            if partial:
                data = self.storage.read_tile(level, full)
                if data is None or len(data) < partial * HASH_SIZE:
                    raise StorageError(f"partial tile ({level}, {full}) missing for size {size}")
                edge = split_hashes(data[: partial * HASH_SIZE])
            edges.append(edge)
        bundle: list[bytes] = []
        if size % TILE_WIDTH:
            data = self.storage.read_bundle(size // TILE_WIDTH)
            bundle = decode_bundle(data or b"")[: size % TILE_WIDTH]
            if len(bundle) != size % TILE_WIDTH:
                raise StorageError(f"entry bundle {size // TILE_WIDTH} is short for size {size}")
        if size:
            if note is None:
                raise StorageError(f"no checkpoint stored for size {size}")
            checkpoint = Checkpoint.parse(split(note)[0])
            if checkpoint.origin != self.origin:
                raise StorageError(f"stored log is {checkpoint.origin!r}, not {self.origin!r}")
            # Refuse to extend a tree whose stored edge disagrees with its own checkpoint.
            if checkpoint.size != size or checkpoint.root_hash != edge_root(edges, size):
                raise StorageError(f"stored tiles do not match the checkpoint at size {size}")
        self.size = size
        self._edges = edges
        self._bundle = bundle

    def integrate(self, limit: int | None = None) -> BatchResult | None:
        """Integrate up to ``limit`` (default ``batch_size``) pending entries as one batch."""
        pending = self.storage.pending(limit or self.batch_size)
        if not pending:
            return None
        old_size = self.size
        edges = [list(e) for e in self._edges]
        bundle = list(self._bundle)
        tiles: dict[tuple[int, int], bytes] = {}
        bundles: dict[int, tuple[int, bytes]] = {}
        edge0 = edges[0] if edges else []
        if not edges:
            edges.append(edge0)
        size = old_size
        for entry in pending:
            edge0.append(leaf_hash(entry.data))
            bundle.append(entry.data)
            size += 1
            if len(edge0) == TILE_WIDTH:
                index = (size - 1) // TILE_WIDTH
                bundles[index] = (TILE_WIDTH, encode_bundle(bundle))
                bundle.clear()
                self._close_tile(edges, 0, index, tiles)
        # Partial tiles touched by this batch, at their new widths.
        for level, (full, partial) in enumerate(level_layout(size)):
            if partial and (level, full) not in tiles and self._grew(old_size, size, level):
                tiles[(level, full)] = b"".join(edges[level])
        if bundle:
            bundles[size // TILE_WIDTH] = (len(bundle), encode_bundle(bundle))
        del edges[len(level_layout(size)) :]
        checkpoint = Checkpoint(self.origin, size, edge_root(edges, size))
        note = sign_checkpoint(checkpoint, self.signer)
        ids = [e.id for e in pending]
        self.storage.commit_batch(
            BatchCommit(
                old_size=old_size,
                new_size=size,
                checkpoint=note,
                pending_ids=ids,
                tiles=[(level, index, data) for (level, index), data in sorted(tiles.items())],
                bundles=[(index, width, data) for index, (width, data) in sorted(bundles.items())],
            )
        )
        self.size, self._edges, self._bundle = size, edges, bundle
        return BatchResult(old_size, ids, note)

    @staticmethod
    def _grew(old_size: int, new_size: int, level: int) -> bool:
        shift = level * TILE_HEIGHT
        return new_size >> shift != old_size >> shift

    @staticmethod
    def _close_tile(edges: list[list[bytes]], level: int, index: int, tiles: dict[tuple[int, int], bytes]) -> None:
        # A full tile is written once and its root becomes a hash of the tile level above.
        while True:
            edge = edges[level]
            tiles[(level, index)] = b"".join(edge)
            root = perfect_root(edge)
            edge.clear()
            level += 1
            index //= TILE_WIDTH
            if len(edges) == level:
                edges.append([])
            edges[level].append(root)
            if len(edges[level]) < TILE_WIDTH:
                return

    def run(self, max_batches: int | None = None) -> int:
        """Integrate batches until nothing is pending; returns the entries integrated."""
        total = 0
        batches = 0
        while max_batches is None or batches < max_batches:
            result = self.integrate()
            if result is None:
                break
            total += result.count
            batches += 1
        return total
