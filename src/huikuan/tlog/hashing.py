"""RFC 6962 / RFC 9162 Merkle tree hashing (SHA-256 with domain separation)."""

from __future__ import annotations

import hashlib

HASH_SIZE = 32

#: Root hash of the empty tree: SHA-256 of the empty string.
EMPTY_ROOT = hashlib.sha256(b"").digest()

_sha256 = hashlib.sha256


def leaf_hash(data: bytes) -> bytes:
    """Hash of a log entry: SHA-256(0x00 || data)."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Hash of an interior node: SHA-256(0x01 || left || right)."""
    return _sha256(b"\x01" + left + right).digest()


def perfect_root(hashes: list[bytes]) -> bytes:
    """Root of a complete subtree whose leaves (or lower nodes) are ``hashes``.

    ``len(hashes)`` must be a power of two; this is the hot path of tile
    hashing, so it avoids the general recursion of :func:`tree_root`.
    """
    level = hashes
    while len(level) > 1:
        level = [_sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level), 2)]
    return level[0]


def tree_root(hashes: list[bytes]) -> bytes:
    """Merkle Tree Hash (RFC 9162 §2.1.1) over already-hashed leaves, any size.

    Complete subtrees are merged on a stack as leaves arrive, so this is
    linear in time and logarithmic in extra memory.
    """
    if not hashes:
        return EMPTY_ROOT
    stack: list[bytes] = []
    for i, h in enumerate(hashes):
        stack.append(h)
        # Each trailing 1-bit of (i + 1) closes one complete subtree.
        n = i + 1
        while n & 1 == 0:
            right = stack.pop()
            stack.append(node_hash(stack.pop(), right))
            n >>= 1
    root = stack.pop()
    while stack:
        root = node_hash(stack.pop(), root)
    return root
