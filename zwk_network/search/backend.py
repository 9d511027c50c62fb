"""The search interface: what callers use, whatever engine runs behind it."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .document_workers import EntryParts, documents_here
from .documents import SearchDocument


@dataclass
class SearchQuery:
    text: str = ""
    types: tuple[str, ...] = ()
    kommune_id: int | None = None
    region_ids: tuple[int, ...] = ()
    theme: str | None = None
    target_group: str | None = None
    help_kind: str | None = None  # a kind of help, given or (where none is given) suggested from the text
    point: tuple[float, float] | None = None  # lon, lat
    radius_km: float | None = None
    bbox: tuple[float, float, float, float] | None = None
    sort: str | None = None  # "relevance" or "distance"; None: relevance with text, else distance
    prefer_nearby: bool = False  # relevance, the nearer the better (a place named in the text)
    page: int = 1
    per_page: int = 20
    facets: bool = True  # False: only the hits and the total (an engine may then skip the counting)
    #: False: the caller has the total already (the map's list): an engine may skip counting and
    #: answer SearchResult.total = -1.
    count: bool = True


@dataclass
class SearchHit:
    type: str
    entry_id: int
    name: str
    score: float | None
    distance_km: float | None
    snippet: str  # HTML with <b class="match">…</b> around matches, everything else escaped
    partial: bool = False  # has only some of the words (listed after those with all)
    town: str = ""
    demo: bool = False

    @property
    def key(self) -> tuple[str, int]:
        return self.type, self.entry_id


@dataclass
class SearchResult:
    total: int
    hits: list[SearchHit]
    facets: dict[str, dict] = field(default_factory=dict)  # facet -> value -> count
    suggestion: str | None = None  # "Meinten Sie …?" when nothing matched the words as typed
    fuzzy: bool = False  # the hits were found with spelling tolerance
    shortened: bool = False  # the query had more words than are searched: the first ones were
    incomplete: bool = False  # the search hit its time limit: the best hits found until then
    partial: bool = False  # too few entries had all the words: entries with most of them follow


@dataclass
class IndexedEntry:
    """An entry as the index holds it: what results, maps and matching show of it."""

    type: str
    entry_id: int
    name: str
    summary: str = ""
    body: str = ""
    town: str = ""
    demo: bool = False
    help_kinds_suggested: bool = False  # its kinds of help were suggested from its text

    @property
    def key(self) -> tuple[str, int]:
        return self.type, self.entry_id


@dataclass
class LocatedEntry:
    type: str
    entry_id: int
    name: str
    themes: list[str]
    lon: float
    lat: float
    demo: bool = False  # invented demonstration data: popups and lists say so


@dataclass
class MapCluster:
    lon: float  # mean position of its entries (where its marker sits)
    lat: float
    count: int
    bbox: tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat
    counts_by_type: dict[str, int]


@dataclass
class MapView:
    """Every located match of a query in a map's view: the entries when there are few enough,
    else grid clusters on Web Mercator (geo/clusters.py) at `cluster_zoom`."""

    total: int
    entries: list[LocatedEntry] | None  # None: clustered
    clusters: list[MapCluster] | None = None
    cluster_zoom: int | None = None


@dataclass(frozen=True)
class Candidates:
    """Matching's read model: every indexed entry of the asked types, one row per entry, as
    aligned arrays. Themes, target groups and kinds of help are bit sets of taxonomy/bits.py."""

    type: np.ndarray  # str
    entry_id: np.ndarray  # int
    themes: np.ndarray  # uint32
    groups: np.ndarray  # uint32
    kinds: np.ndarray  # uint32: given, else suggested from the text
    lon: np.ndarray  # float, NaN where the entry has no point
    lat: np.ndarray
    radius_km: np.ndarray  # an initiative's service radius, 0 where none

    def __len__(self) -> int:
        return len(self.entry_id)

    def keys(self) -> list[tuple[str, int]]:
        """(type, id) of each row."""
        return list(zip(self.type.tolist(), self.entry_id.tolist(), strict=True))


class CandidateSnapshot(ABC):
    """One consistent view of the index for scoring many entries at once (matching)."""

    candidates: Candidates

    @abstractmethod
    def text_scores(self, weighted_terms: dict[str, float]) -> np.ndarray:
        """A text relevance per candidate row for index terms with weights (0 where none occurs):
        BM25 without length normalisation over name, summary and description."""

    @abstractmethod
    def entry(self, row: int) -> IndexedEntry:
        """The candidate of a row, with its texts."""

    @abstractmethod
    def document_frequency(self, term: str) -> tuple[int, int]:
        """How many entries have the term in their name, summary or text, and how many there are."""


@dataclass(frozen=True)
class CandidateFilter:
    """Which candidates one need's matching reads (matching/ranking.py says why the rest cannot change
    its answer). A row is read when it passes every condition given; an engine may read more rows."""

    #: Bit sets of taxonomy/bits.py: a row shares one of these kinds of help (0: no condition).
    kinds: int = 0
    #: A row shares one of these themes or has none (0: no condition).
    themes_or_none: int = 0
    #: Any of: one of these kinds, no kind at all (`without_kinds`), one of these themes or target
    #: groups, any target group (`any_groups`), or one of these index terms in its texts (None: no condition).
    fit_kinds: int = 0
    without_kinds: bool = False
    fit_themes: int = 0
    fit_groups: int = 0
    any_groups: bool = False
    fit_terms: tuple[str, ...] | None = None
    #: Near a lon/lat box: within `within_km` of it, or within `radius_factor` times a row's service
    #: radius (None: everywhere) – measured as matching measures (not less than the box's degrees say).
    near: tuple[float, float, float, float] | None = None
    within_km: float = 0.0
    radius_factor: float = 0.0
    #: …or anywhere, when it has all the kinds of `everywhere_all` and one of `everywhere_any` (an
    #: online offer of an asked kind: within reach everywhere).
    everywhere_all: int = 0
    everywhere_any: int = 0
    #: At most this many rows (the first by type and id; None: all).
    first: int | None = None


class SearchBackend(ABC):
    """A search engine behind a small interface; the index follows the database."""

    directory: Path  # where the engine keeps its files (the journal of pending writes sits inside)
    #: Called whenever the index is read while incomplete (recovery.py sets it: a repair runs).
    on_incomplete: Callable[[], None] | None = None

    @classmethod
    @abstractmethod
    def from_config(cls, config: Mapping) -> "SearchBackend":
        """The engine as the app's configuration sets it up."""

    @classmethod
    def available(cls, config: Mapping) -> bool:
        """Whether the engine can run with this configuration (its database, its libraries)."""
        return True

    @abstractmethod
    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Add or replace these documents (by key)."""

    def index_many(self, documents: Iterable[SearchDocument], processes: int = 1) -> None:
        """index() for many documents at once (a large import): an engine may use a bulk path."""
        self.index(documents)

    def index_parts(self, entries: EntryParts, processes: int = 1) -> None:
        """Index these entries (many: a large import) and remove those no longer public. Here
        their documents are built in this process; an engine may build them in `processes`
        processes of its own (document_workers.py)."""
        removed: list[str] = []
        self.index_many(documents_here(entries.parts, removed), processes)
        if removed:
            self.remove(removed)

    def rebuild_parts(
        self,
        entries: Callable[[], EntryParts],
        progress: Callable[[int], None] | None = None,
        processes: int = 1,
    ) -> int:
        """rebuild() from every entry the index should hold, named in parts by entries()
        (document_workers.every_part), called once the engine is ready to write."""
        return self.rebuild(documents_here(entries().parts, []), progress, processes)

    @abstractmethod
    def remove(self, keys: Iterable[str]) -> None:
        """Remove the documents with these keys (unknown keys are ignored)."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult:
        """Hits for one page, the total, facet counts and a suggestion."""

    @abstractmethod
    def candidates(self, types: tuple[str, ...]) -> CandidateSnapshot:
        """The indexed entries of these types as they are now, for scoring all of them (matching)."""

    def candidates_for(
        self, types: tuple[str, ...], filters: tuple[CandidateFilter, ...]
    ) -> CandidateSnapshot:
        """candidates() for rows that pass one of these filters (at least those: an engine may hold
        every candidate); text relevance and term frequencies stay those of the whole index."""
        return self.candidates(types)

    @abstractmethod
    def schema_is_current(self) -> bool:
        """Whether the index has the fields this version writes (else it must be rebuilt)."""

    @abstractmethod
    def warm_up(self) -> None:
        """Load what the first search would otherwise load (a server calls it before serving)."""

    @abstractmethod
    def map_view(self, query: SearchQuery, zoom: int, detail_limit: int) -> MapView:
        """Every located match (page and sort are ignored): the entries up to detail_limit, else
        clusters on the grid of `zoom` (coarser for a view far larger than a screen)."""

    @abstractmethod
    def entries(self, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], IndexedEntry]:
        """The indexed entries of these keys (type, id); keys not in the index are left out."""

    @abstractmethod
    def rebuild(
        self,
        documents: Iterable[SearchDocument],
        progress: Callable[[int], None] | None = None,
        processes: int = 1,
    ) -> int:
        """Replace the whole index with these documents (analysed by `processes` processes)."""

    @abstractmethod
    def versions(self) -> dict[str, str]:
        """Every indexed key with the version it was indexed at (for consistency checks)."""

    @abstractmethod
    def indexed_ids(self) -> dict[str, np.ndarray]:
        """The sorted entry ids in the index per document type: cheap enough for every start."""

    @abstractmethod
    def document_count(self) -> int:
        """How many documents the index holds."""

    @abstractmethod
    def incomplete(self) -> bool:
        """Whether the index lacks entries of the database and is being refilled (results may miss)."""

    @abstractmethod
    def clean_up(self) -> list[str]:
        """Remove files an interrupted write left behind (skipped while a write runs); their names."""
