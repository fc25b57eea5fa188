import json
from pathlib import Path

import pytest

from huikuan.tlog.hashing import leaf_hash
from huikuan.tlog.merkle import MemoryTree, inclusion_proof
from huikuan.tlog.note import Signer
from huikuan.tlog.sequencer import Sequencer
from huikuan.tlog.storage import MemoryStorage, read_entry
from huikuan.tlog.tiles import (
    TileError,
    TileHashReader,
    TileRef,
    decode_bundle,
    encode_bundle,
    entries_path,
    entry_bundles_for_size,
    level_layout,
    parse_tile_path,
    tile_path,
    tiles_for_size,
)

VECTORS = Path(__file__).resolve().parents[2].parent / "shared" / "vectors"


@pytest.fixture(scope="module")
def nt():
    path = VECTORS / "notes-and-tiles.json"
    if not path.is_file():
        pytest.skip(f"test vectors not found at {path}")
    return json.loads(path.read_text())


def test_tile_path_vectors(nt):
    for case in nt["tile_paths"]:
        width = case["width"] or 256
        if case.get("entries"):
            assert entries_path(case["index"], width) == case["path"]
            assert parse_tile_path(case["path"]) == TileRef(None, case["index"], width)
        else:
            assert tile_path(case["level"], case["index"], width) == case["path"]
            assert parse_tile_path(case["path"]) == TileRef(case["level"], case["index"], width)


def test_invalid_tile_path_vectors(nt):
    for path in nt["tile_paths_invalid"]:
        with pytest.raises(TileError):
            parse_tile_path(path)


@pytest.mark.parametrize(
    "path",
    [
        "tile/0/x000/001",
        "tile/00/001",
        "tile/0/1",
        "tile/0/001.p/0",
        "tile/0/001.p/01",
        "tile/0/001.p",
        "tile/x/001",
        "tiles/0/001",
        "tile/entries/x001",
        "tile/0/x001/002/",
        "tile/0/001/",
        "tile/0/x1000/000",
        "tile/0/x001/002.p/",
    ],
)
def test_more_invalid_paths(path):
    with pytest.raises(TileError):
        parse_tile_path(path)


def test_index_encoding_round_trip():
    for index in (0, 1, 999, 1000, 1001, 123456789, 10**15 + 7):
        ref = TileRef(3, index, 17)
        assert parse_tile_path(ref.path()) == ref


def test_layout_70000(nt):
    case = nt["tile_layout_70000"]
    layout = level_layout(case["tree_size"])
    assert layout == [
        (case["level0_full_tiles"], case["level0_partial_width"]),
        (case["level1_full_tiles"], case["level1_partial_width"]),
        (0, case["level2_partial_width"]),
    ]
    tiles = tiles_for_size(case["tree_size"])
    assert len(tiles) == 273 + 1 + 1 + 1 + 1
    assert tiles[-1] == TileRef(2, 0, 1)
    assert entry_bundles_for_size(case["tree_size"])[-1] == TileRef(None, 273, 112)


def test_sequenced_tiles_match_layout_70000(nt):
    storage = MemoryStorage()
    seq = Sequencer(storage, Signer("log.example", bytes(32)), batch_size=9000)
    storage.enqueue_many(b"e%d" % i for i in range(70_000))
    seq.run()
    for ref in tiles_for_size(70_000):
        data = storage.read_tile(ref.level, ref.index)
        assert data is not None and len(data) == ref.width * 32, ref.path()
    assert storage.read_tile(0, 274) is None and storage.read_tile(1, 2) is None and storage.read_tile(3, 0) is None
    assert len(decode_bundle(storage.read_bundle(273))) == 112
    assert read_entry(storage, 69_999) == b"e69999"


def test_bundles():
    entries = [b"", b"a", bytes(300), bytes(65535)]
    assert decode_bundle(encode_bundle(entries)) == entries
    with pytest.raises(TileError):
        encode_bundle([bytes(65536)])
    for bad in (b"\x00", b"\x00\x05abc", b"\x00\x01a\x00"):
        with pytest.raises(TileError):
            decode_bundle(bad)
    with pytest.raises(TileError):
        decode_bundle(encode_bundle([b"x"] * 257))


def test_hash_reader_computes_inner_levels_and_checks_bounds():
    tree = MemoryTree(leaf_hash(b"%d" % i) for i in range(1000))
    tiles = {}
    for ref in tiles_for_size(1000):
        level_hashes = tree.levels[ref.level * 8]
        tiles[(ref.level, ref.index)] = b"".join(level_hashes[ref.index * 256 : ref.index * 256 + ref.width])
    reader = TileHashReader(lambda level, index: tiles.get((level, index)), 1000)
    for level, index in [(0, 999), (3, 5), (7, 2), (8, 2), (9, 0)]:
        assert reader.get(level, index) == tree.get(level, index)
    assert inclusion_proof(reader, 777, 1000) == tree.inclusion_proof(777)
    with pytest.raises(TileError):
        reader.get(9, 1)  # leaves 512..1023 run past the tree
    short = TileHashReader(lambda level, index: tiles[(level, index)][:32], 1000)
    with pytest.raises(TileError):
        short.get(0, 5)
