"""Property tests: generated proofs verify, and any single-bit change is caught.

A changed tree size is the one exception RFC 6962 cannot catch on its own: a
proof only fixes the *shape* of the path, and other sizes can share it (e.g.
leaf 0 of 5 and of 7). The signed checkpoint binds size and root together; the
tests below check that a changed size is rejected exactly when the shape differs.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huikuan.tlog.hashing import leaf_hash
from huikuan.tlog.merkle import (
    MemoryTree,
    ProofError,
    consistency_proof,
    inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from huikuan.tlog.note import Signer
from huikuan.tlog.sequencer import Sequencer
from huikuan.tlog.storage import MemoryStorage
from huikuan.tlog.tiles import TileHashReader

MAX = 10_000
# Complete subtree hashes do not depend on later leaves, so one tree of MAX
# leaves serves every smaller size.
TREE = MemoryTree(leaf_hash(i.to_bytes(4, "big")) for i in range(MAX))
PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _pow2_below(n):
    return 1 << ((n - 1).bit_length() - 1)


def inclusion_shape(index, size):
    """Which side each sibling is on, straight from the RFC's PATH recursion."""
    if size == 1:
        return []
    k = _pow2_below(size)
    if index < k:
        return [*inclusion_shape(index, k), "right"]
    return [*inclusion_shape(index - k, size - k), "left"]


def consistency_shape(m, n, whole=True):
    """Node kinds of a consistency proof, from the RFC's SUBPROOF recursion."""
    if m == n:
        return [] if whole else ["base"]
    k = _pow2_below(n)
    if m <= k:
        return [*consistency_shape(m, k, whole), "right"]
    return [*consistency_shape(m - k, n - k, False), "left"]


def flip(b: bytes, bit: int) -> bytes:
    out = bytearray(b)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


def fails(fn, *args):
    try:
        fn(*args)
    except ProofError:
        return True
    return False


@st.composite
def size_and_index(draw):
    size = draw(st.integers(1, MAX))
    return size, draw(st.integers(0, size - 1))


@st.composite
def two_sizes(draw):
    size2 = draw(st.integers(2, MAX))
    return draw(st.integers(1, size2 - 1)), size2


@PROPS
@given(size_and_index(), st.data())
def test_inclusion_proofs_verify_and_detect_bit_flips(case, data):
    size, index = case
    leaf, root = TREE.get(0, index), TREE.root(size)
    proof = TREE.inclusion_proof(index, size)
    verify_inclusion(leaf, index, size, proof, root)

    if proof:
        i = data.draw(st.integers(0, len(proof) - 1))
        bad = [*proof[:i], flip(proof[i], data.draw(st.integers(0, 255))), *proof[i + 1 :]]
        assert fails(verify_inclusion, leaf, index, size, bad, root)
    assert fails(verify_inclusion, leaf, index, size, proof, flip(root, data.draw(st.integers(0, 255))))
    assert fails(verify_inclusion, flip(leaf, data.draw(st.integers(0, 255))), index, size, proof, root)
    bit = data.draw(st.integers(0, 15))
    assert fails(verify_inclusion, leaf, index ^ (1 << bit), size, proof, root)
    other = size ^ (1 << data.draw(st.integers(0, 15)))
    same_shape = index < other and inclusion_shape(index, other) == inclusion_shape(index, size)
    assert fails(verify_inclusion, leaf, index, other, proof, root) != same_shape


@PROPS
@given(two_sizes(), st.data())
def test_consistency_proofs_verify_and_detect_bit_flips(case, data):
    size1, size2 = case
    root1, root2 = TREE.root(size1), TREE.root(size2)
    proof = TREE.consistency_proof(size1, size2)
    verify_consistency(size1, size2, root1, root2, proof)

    i = data.draw(st.integers(0, len(proof) - 1))
    bad = [*proof[:i], flip(proof[i], data.draw(st.integers(0, 255))), *proof[i + 1 :]]
    assert fails(verify_consistency, size1, size2, root1, root2, bad)
    assert fails(verify_consistency, size1, size2, flip(root1, data.draw(st.integers(0, 255))), root2, proof)
    assert fails(verify_consistency, size1, size2, root1, flip(root2, data.draw(st.integers(0, 255))), proof)
    for s1, s2 in (
        (size1 ^ (1 << data.draw(st.integers(0, 15))), size2),
        (size1, size2 ^ (1 << data.draw(st.integers(0, 15)))),
    ):
        same_shape = 0 < s1 < s2 and consistency_shape(s1, s2) == consistency_shape(size1, size2)
        assert fails(verify_consistency, s1, s2, root1, root2, proof) != same_shape


def test_shape_exception_is_real():
    # Leaf 0 of 5 and of 7 share a path shape, so RFC verification alone accepts both.
    verify_inclusion(TREE.get(0, 0), 0, 7, TREE.inclusion_proof(0, 5), TREE.root(5))
    with pytest.raises(ProofError):
        verify_inclusion(TREE.get(0, 0), 0, 4, TREE.inclusion_proof(0, 5), TREE.root(5))


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(1, 700), min_size=1, max_size=6), st.data())
def test_tile_proofs_match_dense_tree(batches, data):
    storage = MemoryStorage()
    seq = Sequencer(storage, Signer("example.com/prop", bytes(range(32))), batch_size=10_000)
    tree = MemoryTree()
    for n in batches:
        entries = [b"%d" % (tree.size + j) for j in range(n)]
        storage.enqueue_many(entries)
        for e in entries:
            tree.append(e)
        seq.integrate()
    size = tree.size
    reader = TileHashReader(storage.read_tile, size)
    index = data.draw(st.integers(0, size - 1))
    assert inclusion_proof(reader, index, size) == tree.inclusion_proof(index)
    size1 = data.draw(st.integers(1, size))
    assert consistency_proof(reader, size1, size) == tree.consistency_proof(size1)
