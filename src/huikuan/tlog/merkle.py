"""Merkle tree proofs per RFC 9162 §2.1.3 (inclusion) and §2.1.4 (consistency).

Proof generation reads hashes through a :data:`HashGetter`: ``get(level, index)``
returns the hash of the complete subtree at ``level`` (``2**level`` leaves)
covering leaves ``[index << level, (index + 1) << level)``.  Only such aligned,
complete subtrees are ever requested, which is exactly what tiles store, so a
proof costs O(log n) hash reads whatever the tree size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .hashing import EMPTY_ROOT, HASH_SIZE, leaf_hash, node_hash

HashGetter = Callable[[int, int], bytes]


class ProofError(ValueError):
    """A proof is malformed or does not verify."""


class RootMismatchError(ProofError):
    """A well-formed proof leads to a root other than the expected one."""


def _largest_pow2_below(n: int) -> int:
    # Split point of RFC 9162 MTH: the largest power of two strictly below n (n > 1).
    return 1 << ((n - 1).bit_length() - 1)


def range_hash(get: HashGetter, lo: int, hi: int) -> bytes:
    """Merkle Tree Hash of leaves ``[lo, hi)``, an RFC subtree (``lo`` aligned).

    The range is split into maximal aligned complete subtrees, left to right
    with decreasing size, which are then folded right to left.
    """
    if hi <= lo:
        raise ValueError("empty range")
    parts: list[bytes] = []
    while lo < hi:
        level = (hi - lo).bit_length() - 1
        if lo:
            level = min(level, (lo & -lo).bit_length() - 1)
        parts.append(get(level, lo >> level))
        lo += 1 << level
    h = parts.pop()
    while parts:
        h = node_hash(parts.pop(), h)
    return h


def tree_hash(get: HashGetter, size: int) -> bytes:
    """Root hash of the tree of ``size`` leaves."""
    if size == 0:
        return EMPTY_ROOT
    return range_hash(get, 0, size)


def inclusion_proof(get: HashGetter, index: int, size: int) -> list[bytes]:
    """Audit path for leaf ``index`` in the tree of ``size`` leaves (RFC 9162 §2.1.3.1)."""
    if not 0 <= index < size:
        raise ValueError(f"index {index} out of range for tree size {size}")
    proof: list[bytes] = []
    lo, hi = 0, size
    # Walk the RFC recursion top-down; siblings come out root-first.
    while hi - lo > 1:
        k = _largest_pow2_below(hi - lo)
        if index < lo + k:
            proof.append(range_hash(get, lo + k, hi))
            hi = lo + k
        else:
            level = k.bit_length() - 1
            proof.append(get(level, lo >> level))
            lo += k
    proof.reverse()
    return proof


def consistency_proof(get: HashGetter, size1: int, size2: int) -> list[bytes]:
    """Consistency proof between tree sizes ``size1`` and ``size2`` (RFC 9162 §2.1.4.1)."""
    if size1 <= 0:
        raise ValueError("consistency from an empty tree is meaningless")
    if size1 > size2:
        raise ValueError(f"size1 {size1} exceeds size2 {size2}")
    if size1 == size2:
        return []
    proof: list[bytes] = []
    m, lo, hi = size1, 0, size2
    whole = True  # the RFC's "b": still on the path of the original old tree
    while m != hi - lo:
        k = _largest_pow2_below(hi - lo)
        if m <= k:
            proof.append(range_hash(get, lo + k, hi))
            hi = lo + k
        else:
            level = k.bit_length() - 1
            proof.append(get(level, lo >> level))
            lo += k
            m -= k
            whole = False
    if not whole:
        proof.append(range_hash(get, lo, hi))
    proof.reverse()
    return proof


def _check_hash(h: bytes, what: str) -> None:
    if not isinstance(h, bytes | bytearray) or len(h) != HASH_SIZE:
        raise ProofError(f"{what} must be a {HASH_SIZE}-byte hash")


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes:
    """Root implied by an inclusion proof (RFC 9162 §2.1.3.2); raises on a malformed proof."""
    _check_hash(leaf, "leaf hash")
    for p in proof:
        _check_hash(p, "proof hash")
    if index < 0 or index >= size:
        raise ProofError(f"index {index} out of range for tree size {size}")
    fn, sn, r = index, size - 1, bytes(leaf)
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            # Skip the levels where this node has no right sibling.
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof too short")
    return r


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> None:
    """Check that ``leaf`` is at ``index`` in the tree of ``size`` with ``root``; raise otherwise."""
    _check_hash(root, "root")
    if root_from_inclusion_proof(leaf, index, size, proof) != root:
        raise RootMismatchError("inclusion proof does not lead to the expected root")


def verify_consistency(size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]) -> None:
    """Check that the tree of ``size2`` extends the tree of ``size1`` (RFC 9162 §2.1.4.2)."""
    if size1 <= 0:
        raise ProofError("consistency from an empty tree is refused")
    if size2 < size1:
        raise ProofError(f"size1 {size1} exceeds size2 {size2}")
    if size1 == size2:
        if proof:
            raise ProofError("proof must be empty for equal sizes")
        if root1 != root2:
            raise RootMismatchError("equal sizes but different roots")
        return
    # Equal sizes compare roots as opaque values; real work needs real hashes.
    _check_hash(root1, "root1")
    _check_hash(root2, "root2")
    for p in proof:
        _check_hash(p, "proof hash")
    if not proof:
        raise ProofError("empty consistency proof for different sizes")
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, bytes(root1))
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof too long")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof too short")
    if fr != root1:
        raise RootMismatchError("consistency proof does not lead to root1")
    if sr != root2:
        raise RootMismatchError("consistency proof does not lead to root2")


class MemoryTree:
    """A dense in-memory Merkle tree keeping every complete subtree hash.

    A reference implementation and test helper; logs use tiles instead.
    """

    def __init__(self, leaf_hashes: Sequence[bytes] = ()) -> None:
        self.levels: list[list[bytes]] = [[]]
        for h in leaf_hashes:
            self.append_hash(h)

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def append(self, data: bytes) -> int:
        return self.append_hash(leaf_hash(data))

    def append_hash(self, h: bytes) -> int:
        index = self.size
        level = 0
        self.levels[0].append(h)
        # Every completed pair yields a new complete parent subtree.
        while len(self.levels[level]) % 2 == 0:
            row = self.levels[level]
            parent = node_hash(row[-2], row[-1])
            level += 1
            if len(self.levels) == level:
                self.levels.append([])
            self.levels[level].append(parent)
        return index

    def get(self, level: int, index: int) -> bytes:
        return self.levels[level][index]

    def root(self, size: int | None = None) -> bytes:
        return tree_hash(self.get, self.size if size is None else size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return inclusion_proof(self.get, index, self.size if size is None else size)

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        return consistency_proof(self.get, size1, self.size if size2 is None else size2)
