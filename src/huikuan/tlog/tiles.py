"""C2SP tlog-tiles (https://c2sp.org/tlog-tiles) layout, paths and hash reading.

Hash tiles have height 8: a tile at level ``L`` and index ``N`` holds up to 256
consecutive hashes of tree level ``8 * L``, starting at hash ``256 * N``.  A tile
with fewer than 256 hashes is partial (``.p/<width>``); once full it never
changes.  Entry bundles (``tile/entries/...``) hold the log entries of the
matching level-0 tile, each prefixed by its big-endian uint16 length.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .hashing import HASH_SIZE

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
MAX_LEVEL = 63
MAX_ENTRY_SIZE = 0xFFFF


class TileError(ValueError):
    """A tile, path or bundle is malformed, or a needed tile is missing."""


@dataclass(frozen=True, order=True)
class TileRef:
    """A tile coordinate; ``level`` is ``None`` for an entry bundle."""

    level: int | None
    index: int
    width: int = TILE_WIDTH

    def __post_init__(self) -> None:
        if self.level is not None and not 0 <= self.level <= MAX_LEVEL:
            raise TileError(f"tile level {self.level} out of range")
        if self.index < 0:
            raise TileError("negative tile index")
        if not 1 <= self.width <= TILE_WIDTH:
            raise TileError(f"tile width {self.width} out of range")

    @property
    def is_entries(self) -> bool:
        return self.level is None

    @property
    def is_full(self) -> bool:
        return self.width == TILE_WIDTH

    def path(self) -> str:
        level = "entries" if self.level is None else str(self.level)
        suffix = "" if self.is_full else f".p/{self.width}"
        return f"tile/{level}/{encode_index(self.index)}{suffix}"


def encode_index(index: int) -> str:
    """``1234067`` -> ``x001/x234/067``: 3-digit groups, all but the last x-prefixed."""
    groups = [f"{index % 1000:03d}"]
    index //= 1000
    while index:
        groups.append(f"x{index % 1000:03d}")
        index //= 1000
    return "/".join(reversed(groups))


def tile_path(level: int, index: int, width: int = TILE_WIDTH) -> str:
    return TileRef(level, index, width).path()


def entries_path(index: int, width: int = TILE_WIDTH) -> str:
    return TileRef(None, index, width).path()


_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_GROUP = re.compile(r"x[0-9]{3}")
_LAST = re.compile(r"[0-9]{3}")


def parse_tile_path(path: str) -> TileRef:
    """Parse a tile or entry bundle path; anything non-canonical is rejected."""
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != "tile":
        raise TileError(f"not a tile path: {path!r}")
    if parts[1] == "entries":
        level = None
    elif _DECIMAL.fullmatch(parts[1]) and int(parts[1]) <= MAX_LEVEL:
        level = int(parts[1])
    else:
        raise TileError(f"bad tile level in {path!r}")
    elems = parts[2:]
    width = TILE_WIDTH
    if len(elems) >= 2 and elems[-2].endswith(".p"):
        if not _DECIMAL.fullmatch(elems[-1]) or not 1 <= int(elems[-1]) < TILE_WIDTH:
            raise TileError(f"bad partial tile width in {path!r}")
        width = int(elems[-1])
        elems = [*elems[:-2], elems[-2][:-2]]
    if not _LAST.fullmatch(elems[-1]) or not all(_GROUP.fullmatch(e) for e in elems[:-1]):
        raise TileError(f"bad tile index in {path!r}")
    index = 0
    for e in elems:
        index = index * 1000 + int(e.lstrip("x"))
    ref = TileRef(level, index, width)
    if ref.path() != path:  # e.g. a zero leading group such as x000/001
        raise TileError(f"non-canonical tile path {path!r}")
    return ref


def level_layout(size: int) -> list[tuple[int, int]]:
    """For each tile level of a tree of ``size``: (full tiles, partial width or 0)."""
    layout = []
    n = size
    while n:
        layout.append((n // TILE_WIDTH, n % TILE_WIDTH))
        n >>= TILE_HEIGHT
    return layout


def tiles_for_size(size: int) -> list[TileRef]:
    """Every hash tile of a tree of ``size`` (full and partial)."""
    refs = []
    for level, (full, partial) in enumerate(level_layout(size)):
        refs.extend(TileRef(level, i) for i in range(full))
        if partial:
            refs.append(TileRef(level, full, partial))
    return refs


def entry_bundles_for_size(size: int) -> list[TileRef]:
    refs = [TileRef(None, i) for i in range(size // TILE_WIDTH)]
    if size % TILE_WIDTH:
        refs.append(TileRef(None, size // TILE_WIDTH, size % TILE_WIDTH))
    return refs


def split_hashes(data: bytes) -> list[bytes]:
    if len(data) % HASH_SIZE or len(data) > TILE_WIDTH * HASH_SIZE:
        raise TileError("tile data is not a whole number of hashes")
    return [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]


def encode_bundle(entries: Iterable[bytes]) -> bytes:
    out = bytearray()
    for e in entries:
        if len(e) > MAX_ENTRY_SIZE:
            raise TileError("entry longer than 65535 bytes")
        out += len(e).to_bytes(2, "big")
        out += e
    return bytes(out)


def decode_bundle(data: bytes) -> list[bytes]:
    entries = []
    pos = 0
    while pos < len(data):
        if pos + 2 > len(data):
            raise TileError("truncated entry length")
        n = int.from_bytes(data[pos : pos + 2], "big")
        pos += 2
        if pos + n > len(data):
            raise TileError("truncated entry")
        entries.append(data[pos : pos + n])
        pos += n
    if len(entries) > TILE_WIDTH:
        raise TileError("entry bundle holds more than 256 entries")
    return entries


def tile_pyramid(data: bytes) -> list[list[bytes]]:
    """All complete subtree hashes inside a tile: ``pyramid[l][k]`` is the root of
    its hashes ``[k << l, (k + 1) << l)``; levels 0..8."""
    level = split_hashes(data)
    pyramid = [level]
    sha256 = hashlib.sha256
    while len(pyramid) <= TILE_HEIGHT:
        # Inlined node hashing: this loop is the hot path of proof generation.
        level = [sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        pyramid.append(level)
    return pyramid


class TileCache:
    """A bounded LRU of tile pyramids, shareable by readers of one log.

    Keys include the tile width: a prefix of a tile never changes, so cached
    entries stay valid as the log grows.
    """

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[tuple[int, int, int], list[list[bytes]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[int, int, int]) -> list[list[bytes]] | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: tuple[int, int, int], pyramid: list[list[bytes]]) -> None:
        with self._lock:
            self._items[key] = pyramid
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)


TileReader = Callable[[int, int], "bytes | None"]


class TileHashReader:
    """Serves ``get(level, index)`` for proofs from stored tiles of a tree of ``size``.

    A hash at tree level ``8T + l`` is the root of ``2**l`` hashes of the level-T
    tile, taken from that tile's pyramid (computed once per tile: 255 hashes at
    most).  Pyramids are kept for the life of the reader, and in ``cache`` if one
    is shared between readers.
    """

    def __init__(self, read_tile: TileReader, size: int, cache: TileCache | None = None) -> None:
        self._read_tile = read_tile
        self.size = size
        self._cache = cache
        self._local: dict[tuple[int, int], list[list[bytes]]] = {}

    def _pyramid(self, level: int, index: int) -> list[list[bytes]]:
        pyramid = self._local.get((level, index))
        if pyramid is not None:
            return pyramid
        # Only the width this tree needs matters; a wider stored tile is cut to it.
        width = min(TILE_WIDTH, (self.size >> (level * TILE_HEIGHT)) - index * TILE_WIDTH)
        if width <= 0:
            raise TileError(f"tile {tile_path(level, index)} lies beyond a tree of {self.size}")
        key = (level, index, width)
        pyramid = self._cache.get(key) if self._cache is not None else None
        if pyramid is None:
            data = self._read_tile(level, index)
            if data is None or len(data) < width * HASH_SIZE:
                raise TileError(f"tile {tile_path(level, index, width)} missing or too short")
            pyramid = tile_pyramid(data[: width * HASH_SIZE])
            if self._cache is not None:
                self._cache.put(key, pyramid)
        self._local[(level, index)] = pyramid
        return pyramid

    def get(self, level: int, index: int) -> bytes:
        if index < 0 or (index + 1) << level > self.size:
            raise TileError(f"subtree ({level}, {index}) is not complete in a tree of {self.size}")
        tile_level, sub = divmod(level, TILE_HEIGHT)
        first = index << sub  # first hash at tree level 8 * tile_level
        tile_index, offset = divmod(first, TILE_WIDTH)
        return self._pyramid(tile_level, tile_index)[sub][offset >> sub]

    def __call__(self, level: int, index: int) -> bytes:
        return self.get(level, index)
