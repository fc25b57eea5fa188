import base64
import hashlib
import json
from pathlib import Path

import pytest

from huikuan.tlog.hashing import EMPTY_ROOT, leaf_hash, node_hash, tree_root
from huikuan.tlog.merkle import (
    MemoryTree,
    ProofError,
    consistency_proof,
    inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

VECTORS = Path(__file__).resolve().parents[2].parent / "shared" / "vectors"

STANDARD_LEAVES = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]
# Prefix and suffix of each published root (README), for sizes 1..8.
STANDARD_ROOTS = [
    ("6e340b9c", "afa01d"),
    ("fac54203", "e3c125"),
    ("aeb6bcfe", "9e06e77"),
    ("d37ee418", "9614b7"),
    ("4e3bbb1f", "6264d4"),
    ("76e67dad", "2087ef"),
    ("ddb89be4", "a74c8c"),
    ("5dc9da79", "604328"),
]


def _cases(kind: str) -> list[Path]:
    root = VECTORS / "rfc6962" / kind
    return sorted(root.rglob("*.json")) if root.is_dir() else []


def _b64(v):
    return base64.b64decode(v) if v else b""


def _ids(paths):
    return [str(p.relative_to(VECTORS)) for p in paths]


def test_empty_root():
    assert hashlib.sha256(b"").digest() == EMPTY_ROOT
    assert tree_root([]) == EMPTY_ROOT
    assert MemoryTree().root() == EMPTY_ROOT


def test_standard_leaves_and_roots():
    tree = MemoryTree()
    for i, hexleaf in enumerate(STANDARD_LEAVES):
        tree.append(bytes.fromhex(hexleaf))
        root = tree.root().hex()
        prefix, suffix = STANDARD_ROOTS[i]
        assert root.startswith(prefix) and root.endswith(suffix), (i + 1, root)
        assert tree_root(tree.levels[0]) == tree.root()


def test_vector_count(vectors):
    assert len(_cases("inclusion")) + len(_cases("consistency")) == 196


@pytest.mark.parametrize("path", _cases("inclusion"), ids=_ids(_cases("inclusion")))
def test_inclusion_vectors(vectors, path):
    case = json.loads(path.read_text())
    proof = [_b64(p) for p in case["proof"] or []]
    args = (_b64(case["leafHash"]), case["leafIdx"], case["treeSize"], proof, _b64(case["root"]))
    if case["wantErr"]:
        with pytest.raises(ProofError):
            verify_inclusion(*args)
    else:
        verify_inclusion(*args)


@pytest.mark.parametrize("path", _cases("consistency"), ids=_ids(_cases("consistency")))
def test_consistency_vectors(vectors, path):
    case = json.loads(path.read_text())
    proof = [_b64(p) for p in case["proof"] or []]
    args = (case["size1"], case["size2"], _b64(case["root1"]), _b64(case["root2"]), proof)
    if case["wantErr"]:
        with pytest.raises(ProofError):
            verify_consistency(*args)
    else:
        verify_consistency(*args)


def test_all_small_trees_exhaustively():
    tree = MemoryTree(leaf_hash(bytes([i])) for i in range(40))
    for size in range(1, 41):
        root = tree.root(size)
        assert root == tree_root(tree.levels[0][:size])
        for index in range(size):
            verify_inclusion(tree.get(0, index), index, size, tree.inclusion_proof(index, size), root)
        for size1 in range(1, size + 1):
            verify_consistency(size1, size, tree.root(size1), root, tree.consistency_proof(size1, size))


def test_rfc_examples_shape():
    # RFC 9162 §2.1.5: leaves a..f and d6, with inner nodes g..l as in the figure.
    tree = MemoryTree(leaf_hash(bytes([i])) for i in range(7))
    a, b, c, d, e, f, d6 = tree.levels[0]
    g, h, i, j = node_hash(a, b), node_hash(c, d), node_hash(e, f), d6
    k, l_ = node_hash(g, h), node_hash(i, j)
    assert tree.root() == node_hash(k, l_)
    assert tree.inclusion_proof(1) == [a, h, l_]
    assert tree.inclusion_proof(3) == [c, g, l_]
    assert tree.inclusion_proof(4) == [f, j, k]
    assert consistency_proof(tree.get, 3, 7) == [c, d, g, l_]
    assert consistency_proof(tree.get, 4, 7) == [l_]
    assert consistency_proof(tree.get, 6, 7) == [i, j, k]
    assert inclusion_proof(tree.get, 0, 1) == []


def test_consistency_refuses_size_zero():
    tree = MemoryTree([leaf_hash(b"x")])
    with pytest.raises(ValueError):
        consistency_proof(tree.get, 0, 1)
    with pytest.raises(ProofError):
        verify_consistency(0, 1, EMPTY_ROOT, tree.root(), [])
    with pytest.raises(ProofError):
        verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])


def test_equal_sizes():
    tree = MemoryTree(leaf_hash(bytes([i])) for i in range(5))
    assert tree.consistency_proof(5, 5) == []
    verify_consistency(5, 5, tree.root(), tree.root(), [])
    with pytest.raises(ProofError):
        verify_consistency(5, 5, tree.root(), tree.root(4), [])
    with pytest.raises(ProofError):
        verify_consistency(5, 5, tree.root(), tree.root(), [tree.root()])
