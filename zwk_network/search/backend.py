"""The search interface: what callers use, whatever engine runs behind it."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .columns import Columns
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


@dataclass
class SearchHit:
    key: str
    type: str
    entry_id: int
    name: str
    score: float | None
    distance_km: float | None
    snippet: str  # HTML with <b class="match">…</b> around matches, everything else escaped
    partial: bool = False  # has only some of the words (listed after those with all)
    town: str = ""
    demo: bool = False


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
class LocatedEntry:
    type: str
    entry_id: int
    name: str
    themes: list[str]
    lon: float
    lat: float
    demo: bool = False  # invented demonstration data: popups and lists say so


@dataclass
class Located:
    """Every match of a query that has a location (for maps)."""

    total: int
    lon: np.ndarray
    lat: np.ndarray
    type_code: np.ndarray  # index into documents.TYPES
    entries: list[LocatedEntry] | None  # None when there were more than the detail limit


class ScoringSnapshot(ABC):
    """One consistent view of the index for scoring many documents at once (matching)."""

    columns: "Columns"

    @abstractmethod
    def text_scores(self, weighted_terms: dict[str, float]) -> np.ndarray:
        """A text relevance per document number (0 where none of the terms occurs)."""

    @abstractmethod
    def stored(self, docnum: int) -> dict:
        """The stored fields of a document: key, name, summary, body …"""

    @abstractmethod
    def document_frequency(self, term: str) -> tuple[int, int]:
        """How many documents have the term in their name, summary or text, and how many there are."""


class SearchBackend(ABC):
    """A search engine behind a small interface; the index follows the database."""

    directory: Path  # where the engine keeps its files (the journal of pending writes sits inside)
    #: Called whenever the index is read while incomplete (recovery.py sets it: a repair runs).
    on_incomplete: Callable[[], None] | None = None

    @abstractmethod
    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Add or replace these documents (by key)."""

    @abstractmethod
    def remove(self, keys: Iterable[str]) -> None:
        """Remove the documents with these keys (unknown keys are ignored)."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult:
        """Hits for one page, the total, facet counts and a suggestion."""

    @abstractmethod
    def scoring_snapshot(self) -> ScoringSnapshot:
        """The index as it is now, for scoring every document (see matching)."""

    @abstractmethod
    def schema_is_current(self) -> bool:
        """Whether the index has the fields this version writes (else it must be rebuilt)."""

    @abstractmethod
    def warm_up(self) -> None:
        """Load what the first search would otherwise load (a server calls it before serving)."""

    @abstractmethod
    def locate(self, query: SearchQuery, detail_limit: int) -> Located:
        """Coordinates of every located match (page and sort are ignored); details up to the limit."""

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
