"""The index's value columns as NumPy arrays over document numbers, cached per segment.

Whoosh segments never change once written (only their deletions do), so each segment's
arrays are read once; a search combines them into masks for filters, geo and facets before
any scoring happens.

Compact: each column is read as one block of bytes into an array of its own small type (Whoosh's
reader unpacks values one by one, ~5 µs each); folded names stay bytes in one buffer per segment
(no Python string per document), and only their order is kept for all segments (int32).
"""

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

COLUMN_TYPES = {
    "type_code": np.uint8,
    "entry_id": np.uint32,
    "kommune": np.int32,
    "region": np.int32,
    "themes": np.uint32,
    "groups": np.uint32,
    "kinds": np.uint32,
    "lon": np.float64,
    "lat": np.float64,
    "radius_km": np.float32,
}


@dataclass
class Columns:
    """Arrays indexed by the searcher's document numbers."""

    alive: np.ndarray  # bool: not deleted
    type_code: np.ndarray
    entry_id: np.ndarray
    kommune: np.ndarray
    region: np.ndarray
    themes: np.ndarray
    groups: np.ndarray
    kinds: np.ndarray  # kinds of help (bits of whoosh_schema.KIND_BITS), given or suggested
    lon: np.ndarray
    lat: np.ndarray
    radius_km: np.ndarray  # an initiative's service radius, 0 where none
    #: Computes name_rank on first use (only a list in name order needs it).
    rank_of: Callable[[], np.ndarray] = field(default=lambda: np.zeros(0, dtype=np.int32), repr=False)

    @property
    def name_rank(self) -> np.ndarray:
        """int32: each document's position in name order (ties by document number), read-only.

        Sorting 100 000 names takes ~0.2 s: done when a list is first ordered by name, not at
        a worker's start (most searches are ordered by relevance or distance)."""
        return self.rank_of()


class ColumnCache:
    """Per-process cache of segment arrays, keyed by segment id (and deletions for `alive`)."""

    def __init__(self):
        self._segments: dict[str, dict[str, np.ndarray]] = {}
        self._rank: tuple[tuple[str, ...], np.ndarray] | None = None
        self._names: dict[str, _Names] = {}  # per segment: folded names (for the name order)
        self._combined: tuple[tuple, Columns] | None = None  # the last index state's arrays
        self._lock = threading.Lock()

    def columns(self, searcher) -> Columns:
        """The arrays of the searcher's index state: its segments and their deletions. Combined
        once per state (joining 100 000 values of 13 columns takes ~1.5 ms) and read-only."""
        leaves = [
            reader for reader, _base in searcher.reader().leaf_readers() if reader.segment() is not None
        ]
        state = tuple((reader.segment().segment_id(), reader.segment().deleted_count()) for reader in leaves)
        with self._lock:
            if self._combined is not None and self._combined[0] == state:
                return self._combined[1]
        columns = self._combine(leaves)
        for array in vars(columns).values():
            if isinstance(array, np.ndarray):
                array.flags.writeable = False  # shared by every search of this state
        with self._lock:
            self._combined = (state, columns)
        return columns

    def _combine(self, leaves: list) -> Columns:
        parts = [self._segment_arrays(reader) for reader in leaves]  # an empty index has no segment
        self._forget_except({reader.segment().segment_id() for reader in leaves})
        if not parts:
            empty = {name: np.zeros(0, dtype=kind) for name, kind in COLUMN_TYPES.items()}
            return Columns(alive=np.zeros(0, dtype=bool), **empty)
        if len(parts) == 1:  # one segment (after a rebuild): its arrays as they are, no copy
            combined = parts[0]
        else:
            combined = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
        segments = tuple(reader.segment().segment_id() for reader in leaves)
        names = [self._segment_names(reader) for reader in leaves]  # read now: the readers may close
        return Columns(**combined, rank_of=lambda: self._name_rank(segments, names))

    def _name_rank(self, segments: tuple[str, ...], segment_names: list["_Names"]) -> np.ndarray:
        """Name order over all segments, computed once per set of segments (sorting 100 000
        names takes ~100 ms; comparing integers is what a query can afford). UTF-8 bytes sort
        as their strings do (by code point)."""
        with self._lock:
            if self._rank is not None and self._rank[0] == segments:
                return self._rank[1]
        names = [name for part in segment_names for name in part.values()]
        order = sorted(range(len(names)), key=names.__getitem__)  # stable: ties by document number
        del names
        rank = np.empty(len(order), dtype=np.int32)
        rank[np.array(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int32)
        rank.flags.writeable = False  # shared by every search of this state
        with self._lock:
            self._rank = (segments, rank)
        return rank

    def _segment_names(self, reader) -> "_Names":
        key = reader.segment().segment_id()
        with self._lock:
            names = self._names.get(key)
        if names is None:
            names = _Names.read(reader, "sort_name")
            with self._lock:
                self._names[key] = names
        return names

    def _segment_arrays(self, reader) -> dict[str, np.ndarray]:
        segment = reader.segment()
        key = segment.segment_id()
        with self._lock:
            arrays = self._segments.get(key)
        if arrays is None:
            count = reader.doc_count_all()
            arrays = {
                name: numeric_column(reader, name, count).astype(kind, copy=False)
                for name, kind in COLUMN_TYPES.items()
            }
            with self._lock:
                self._segments[key] = arrays
        alive = np.ones(reader.doc_count_all(), dtype=bool)
        if segment.has_deletions():
            alive[np.fromiter(segment.deleted_docs(), dtype=np.int64)] = False
        return {**arrays, "alive": alive}

    def _forget_except(self, segment_ids: set[str]) -> None:
        """Drop arrays of segments that no longer exist (merged away)."""
        with self._lock:
            for cache in (self._segments, self._names):
                for key in list(cache):
                    if key not in segment_ids:
                        del cache[key]


class _Names:
    """A segment's values of a bytes column in one buffer: data[offsets[i]:offsets[i + 1]]."""

    def __init__(self, data: bytes, offsets: np.ndarray):
        self.data, self.offsets = data, offsets

    @classmethod
    def read(cls, reader, name: str) -> "_Names":
        count = reader.doc_count_all()
        column = reader.column_reader(name, translate=False)
        if not hasattr(column, "_lengths"):  # no values stored in this segment: all empty
            return cls(b"", np.zeros(count + 1, dtype=np.int64))
        lengths = np.frombuffer(column._lengths, dtype=np.dtype(column._lengths.typecode))
        offsets = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(lengths[:count], out=offsets[1 : len(lengths[:count]) + 1])
        offsets[len(lengths[:count]) + 1 :] = offsets[len(lengths[:count])]
        return cls(bytes(column._dbfile.get(column._basepos, int(offsets[-1]))), offsets)

    def values(self):
        data, bounds = self.data, self.offsets.tolist()
        return (data[start:stop] for start, stop in itertools.pairwise(bounds))


def numeric_column(reader, name: str, count: int) -> np.ndarray:
    """A numeric value column of a segment as one array, read as one block of bytes.

    Whoosh stores the values big-endian one after the other, the trailing defaults left out;
    its reader unpacks them one by one (~5 µs each: 0.2 s for 40 000 values)."""
    column = reader.column_reader(name, translate=False)
    if not hasattr(column, "_dbfile"):  # no values stored in this segment: a reader of defaults
        return np.fromiter(column, dtype=np.float64 if name in ("lon", "lat") else np.int64, count=count)
    kind = np.dtype(">" + column._typecode)
    values = np.full(count, column._default, dtype=kind.newbyteorder("="))
    stored = np.frombuffer(column._dbfile.get(column._basepos, column._count * kind.itemsize), dtype=kind)
    values[: len(stored)] = stored
    return values
