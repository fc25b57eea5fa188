"""Full integrity check of a stored log.

Recomputes every leaf hash from the entry bundles, every tile from the level
below, and the root, then checks that every stored checkpoint is a prefix of
the latest one (same root as the recomputed tree at its size, and a
consistency proof that verifies).
"""

from __future__ import annotations

from dataclasses import dataclass

from .checkpoint import Checkpoint, CheckpointError, open_checkpoint
from .hashing import HASH_SIZE, leaf_hash, perfect_root
from .merkle import ProofError, consistency_proof, tree_hash, verify_consistency
from .note import NoteError, Verifier, split
from .storage import Storage
from .tiles import TILE_WIDTH, TileError, TileHashReader, decode_bundle, entries_path, level_layout, tile_path


@dataclass(frozen=True)
class Inconsistency:
    where: str  # a tile path, "checkpoint N" or "head"
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}"


def _compare_tile(storage: Storage, level: int, index: int, hashes: list[bytes]) -> Inconsistency | None:
    path = tile_path(level, index, len(hashes))
    stored = storage.read_tile(level, index)
    if stored is None:
        return Inconsistency(path, "missing")
    if len(stored) != len(hashes) * HASH_SIZE:
        return Inconsistency(path, f"stored width {len(stored) // HASH_SIZE}, expected {len(hashes)}")
    if stored != b"".join(hashes):
        return Inconsistency(path, "differs from the hashes recomputed from the level below")
    return None


def _check_tiles(storage: Storage, size: int) -> Inconsistency | None:
    # Level 0 is streamed bundle by bundle so memory stays small; only the
    # roots of full tiles (1/256 of the hashes) are carried up a level.
    above: list[bytes] = []
    for index in range((size + TILE_WIDTH - 1) // TILE_WIDTH):
        width = min(TILE_WIDTH, size - index * TILE_WIDTH)
        data = storage.read_bundle(index)
        if data is None:
            return Inconsistency(entries_path(index, width), "missing")
        try:
            entries = decode_bundle(data)
        except TileError as exc:
            return Inconsistency(entries_path(index, width), str(exc))
        if len(entries) != width:
            detail = f"holds {len(entries)} entries, expected {width}"
            return Inconsistency(entries_path(index, width), detail)
        hashes = [leaf_hash(e) for e in entries]
        problem = _compare_tile(storage, 0, index, hashes)
        if problem:
            return problem
        if width == TILE_WIDTH:
            above.append(perfect_root(hashes))
    for level in range(1, len(level_layout(size))):
        below, above = above, []
        for index in range((len(below) + TILE_WIDTH - 1) // TILE_WIDTH):
            hashes = below[index * TILE_WIDTH : (index + 1) * TILE_WIDTH]
            problem = _compare_tile(storage, level, index, hashes)
            if problem:
                return problem
            if len(hashes) == TILE_WIDTH:
                above.append(perfect_root(hashes))
    return None


def check_integrity(storage: Storage, log_verifier: Verifier | None = None) -> Inconsistency | None:
    """Return the first inconsistency found in ``storage``, or None if the log is sound.

    With ``log_verifier`` every checkpoint's signature is checked as well.
    """
    size, head_note = storage.head()
    checkpoints = list(storage.checkpoints())
    if size == 0:
        return Inconsistency("head", "checkpoints stored for an empty log") if checkpoints else None
    if head_note is None:
        return Inconsistency("head", f"no checkpoint stored for size {size}")
    problem = _check_tiles(storage, size)
    if problem:
        return problem
    reader = TileHashReader(storage.read_tile, size)
    root = tree_hash(reader, size)
    for cp_size, note in checkpoints:
        where = f"checkpoint {cp_size}"
        try:
            if log_verifier is not None:
                checkpoint, _ = open_checkpoint(note, log_verifier)
            else:
                checkpoint = Checkpoint.parse(split(note)[0])
        except (NoteError, CheckpointError) as exc:
            return Inconsistency(where, f"invalid: {exc}")
        if checkpoint.size != cp_size:
            return Inconsistency(where, f"stored under size {cp_size} but says {checkpoint.size}")
        if cp_size > size:
            return Inconsistency(where, f"beyond the head size {size}")
        if cp_size == size and checkpoint.root_hash != root:
            return Inconsistency(where, "latest checkpoint root differs from the recomputed root")
        if tree_hash(reader, cp_size) != checkpoint.root_hash:
            return Inconsistency(where, "root differs from the recomputed tree at that size")
        try:
            verify_consistency(cp_size, size, checkpoint.root_hash, root, consistency_proof(reader, cp_size, size))
        except ProofError as exc:
            return Inconsistency(where, f"not consistent with the latest checkpoint: {exc}")
    if not any(cp_size == size for cp_size, _ in checkpoints):
        return Inconsistency("head", f"latest checkpoint (size {size}) not among stored checkpoints")
    return None
