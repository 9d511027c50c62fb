"""The PostgreSQL engine: the index is a table of the database it indexes (migration 0015).

Every app server reads the same rows, and a commit that changes entries writes their rows in the
same transaction (sync.py calls write_in): there is no second copy to drift and nothing on a
server's disk. Search, the map and matching are SQL over `search_entries`; text is matched on a
tsvector the project's own analysis writes (postgres_rows.py), so both engines find the same.
"""

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import numpy as np
from sqlalchemy import text

from ..extensions import db
from .backend import CandidateSnapshot, IndexedEntry, MapView, SearchBackend, SearchQuery
from .documents import SearchDocument
from .postgres_map import run_map_view
from .postgres_rows import (
    ANALYSIS_MARKER,
    COLUMNS,
    DELETE_POSTINGS,
    INSERT_POSTINGS,
    INSERT_ROWS,
    INSERT_WORDS,
    Analysed,
    index_stems,
    postings_of,
    row_of,
    spelling_words,
)
from .postgres_search import run_search
from .postgres_terms import RECOUNT_TERMS
from .postgres_terms import count_terms as _count_terms

ENTRY_COLUMNS = "type, entry_id, name, summary, body, town, demo, kinds_suggested"
BATCH = 500  # rows per INSERT
COPY_BATCH = 5000  # documents per COPY of the bulk path
COPY_ROWS = f"COPY search_entries ({', '.join(COLUMNS)}, location) FROM STDIN"
COPY_POSTINGS = "COPY search_postings (lexeme, type, entry_id, name_tf, summary_tf, body_tf) FROM STDIN"
DELETE_ROWS = """
DELETE FROM search_entries WHERE (type, entry_id) IN
(SELECT * FROM unnest(CAST(:types AS text[]), CAST(:ids AS integer[])))
"""


class PostgresBackend(SearchBackend):
    #: Writes go into the transaction of the commit that changes the entries (sync.py).
    transactional = True

    def __init__(self, directory: str):
        self.directory = Path(directory)  # only for the repair lock of reconcile.py
        self.directory.mkdir(parents=True, exist_ok=True)
        self.on_incomplete: Callable[[], None] | None = None

    @classmethod
    def from_config(cls, config: Mapping) -> "PostgresBackend":
        return cls(config["SEARCH_DIR"])

    @classmethod
    def available(cls, config: Mapping) -> bool:
        return str(config.get("DATABASE_URL", "")).startswith("postgresql")

    # writing

    def write_in(self, connection, documents: Iterable[SearchDocument], removed: Iterable[str]) -> None:
        """Write rows within the caller's transaction (the commit that changed the entries)."""
        batch = []
        for document in documents:
            batch.append(document)
            if len(batch) >= BATCH:
                _insert(connection, batch)
                batch = []
        if batch:
            _insert(connection, batch)
        keys = [key.split(":") for key in removed]
        if keys:
            params = {
                "types": [kind for kind, _id in keys],
                "ids": [int(entry_id) for _kind, entry_id in keys],
            }
            _count_terms(connection, [(kind, int(entry_id)) for kind, entry_id in keys], ())
            connection.execute(
                text(
                    "DELETE FROM search_entries WHERE (type, entry_id) IN "
                    "(SELECT * FROM unnest(CAST(:types AS text[]), CAST(:ids AS integer[])))"
                ),
                params,
            )
            connection.execute(text(DELETE_POSTINGS), params)

    def write_many_in(self, connection, documents: Iterable[SearchDocument], replace: bool = True) -> int:
        """The bulk path (a large import, a rebuild): rows and postings through COPY, per COPY_BATCH
        documents, within the caller's transaction; the words once at the end. replace=False when
        the table holds none of these entries (a rebuild after emptying it); the word counts are
        counted anew at the end. Returns the count."""
        raw = connection.connection.driver_connection  # psycopg's own connection: its COPY
        stems: set[str] = set()
        words: set[str] = set()
        count = 0
        batch: list[SearchDocument] = []
        for document in documents:
            batch.append(document)
            if len(batch) >= COPY_BATCH:
                count += _copy(connection, raw, batch, stems, words, replace)
                batch = []
        if batch:
            count += _copy(connection, raw, batch, stems, words, replace)
        connection.execute(text(INSERT_WORDS), {"kind": "s", "words": sorted(stems)})
        connection.execute(text(INSERT_WORDS), {"kind": "w", "words": sorted(words)})
        # The words' document counts (ranking's idf) anew: once for the whole load, not per batch.
        connection.execute(text("DELETE FROM search_terms"))
        connection.execute(text(RECOUNT_TERMS))
        return count

    def index(self, documents: Iterable[SearchDocument]) -> None:
        with db.engine.begin() as connection:
            self.write_in(connection, documents, ())

    def index_many(self, documents: Iterable[SearchDocument], processes: int = 1) -> None:
        with db.engine.begin() as connection:
            self.write_many_in(connection, documents)

    def remove(self, keys: Iterable[str]) -> None:
        with db.engine.begin() as connection:
            self.write_in(connection, (), list(keys))

    def rebuild(
        self,
        documents: Iterable[SearchDocument],
        progress: Callable[[int], None] | None = None,
        processes: int = 1,
    ) -> int:
        """All rows anew in one transaction: readers see the old rows until it commits."""
        with db.engine.begin() as connection:
            connection.execute(text("DELETE FROM search_entries"))
            connection.execute(text("DELETE FROM search_words"))
            connection.execute(text("DELETE FROM search_postings"))
            connection.execute(text("DELETE FROM search_terms"))

            def counted():
                for count, document in enumerate(documents, start=1):
                    if progress and count % 1000 == 0:
                        progress(count)
                    yield document

            count = self.write_many_in(connection, counted(), replace=False)
        return count

    # reading

    def search(self, query: SearchQuery):
        return run_search(db.session, query)

    def map_view(self, query: SearchQuery, zoom: int, detail_limit: int) -> MapView:
        return run_map_view(db.session, query, zoom, detail_limit)

    def entries(self, keys) -> dict[tuple[str, int], IndexedEntry]:
        keys = list(keys)
        if not keys:
            return {}
        rows = db.session.execute(
            text(
                f"SELECT {ENTRY_COLUMNS} FROM search_entries WHERE (type, entry_id) IN "
                "(SELECT * FROM unnest(CAST(:types AS text[]), CAST(:ids AS integer[])))"
            ),
            {"types": [kind for kind, _id in keys], "ids": [int(entry_id) for _kind, entry_id in keys]},
        )
        found = {(row.type, row.entry_id): entry_of(row) for row in rows}
        return {key: found[key] for key in keys if key in found}

    def candidates(self, types: tuple[str, ...]) -> CandidateSnapshot:
        from .postgres_candidates import PostgresCandidates

        return PostgresCandidates(types)

    def candidates_for(self, types: tuple[str, ...], filters) -> CandidateSnapshot:
        from .postgres_candidates import PostgresCandidates

        return PostgresCandidates(types, tuple(filters))

    def schema_is_current(self) -> bool:
        exists = db.session.execute(text("SELECT to_regclass('search_entries') IS NOT NULL")).scalar_one()
        if not exists:
            return False
        other = db.session.execute(
            text("SELECT EXISTS (SELECT 1 FROM search_entries WHERE analysis <> :marker)"),
            {"marker": ANALYSIS_MARKER},
        )
        return not other.scalar_one()

    def warm_up(self) -> None:
        db.session.execute(text("SELECT 1 FROM search_entries LIMIT 1"))

    def versions(self) -> dict[str, str]:
        rows = db.session.execute(text("SELECT type, entry_id, version FROM search_entries"))
        return {f"{kind}:{entry_id}": version for kind, entry_id, version in rows}

    def indexed_ids(self) -> dict[str, np.ndarray]:
        rows = db.session.execute(
            text("SELECT type, array_agg(entry_id ORDER BY entry_id) FROM search_entries GROUP BY type")
        )
        return {kind: np.array(ids, dtype=np.int64) for kind, ids in rows}

    def document_count(self) -> int:
        return db.session.execute(text("SELECT count(*) FROM search_entries")).scalar_one()

    def incomplete(self) -> bool:
        return False  # written with the database's own commits: never behind it

    def clean_up(self) -> list[str]:
        return []


def _insert(connection, documents: list[SearchDocument], count_terms: bool = True) -> None:
    """Write the rows, postings and words of documents; with count_terms their lexemes' counts
    (a rebuild counts them all at its end)."""
    analysed = [Analysed.of(document) for document in documents]
    pairs = list(zip(documents, analysed, strict=True))
    rows = [row_of(document, terms) for document, terms in pairs]
    if count_terms:
        _count_terms(connection, [(d.type, d.entry_id) for d in documents], analysed)
    connection.execute(text(INSERT_ROWS), {"rows": json.dumps(rows)})
    keys = {"types": [d.type for d in documents], "ids": [d.entry_id for d in documents]}
    connection.execute(text(DELETE_POSTINGS), keys)  # the entry's former terms
    postings = [posting for document, terms in pairs for posting in postings_of(document, terms)]
    connection.execute(text(INSERT_POSTINGS), {"postings": json.dumps(postings)})
    stems = set().union(*(index_stems(terms) for terms in analysed))
    words = set().union(*(spelling_words(document) for document in documents))
    connection.execute(text(INSERT_WORDS), {"kind": "s", "words": sorted(stems)})
    connection.execute(text(INSERT_WORDS), {"kind": "w", "words": sorted(words)})


def _copy(connection, raw, documents: list[SearchDocument], stems: set, words: set, replace: bool) -> int:
    """COPY one batch of documents' rows and postings (their former rows deleted first if replace)."""
    analysed = [Analysed.of(document) for document in documents]
    if replace:
        keys = {"types": [d.type for d in documents], "ids": [d.entry_id for d in documents]}
        connection.execute(text(DELETE_ROWS), keys)
        connection.execute(text(DELETE_POSTINGS), keys)
    with raw.cursor() as cursor:
        with cursor.copy(COPY_ROWS) as copy:
            for document, terms in zip(documents, analysed, strict=True):
                row = row_of(document, terms)
                point = None if row["lon"] is None else f"SRID=4326;POINT({row['lon']!r} {row['lat']!r})"
                copy.write_row([*(row[column] for column in COLUMNS), point])
        with cursor.copy(COPY_POSTINGS) as copy:
            for document, terms in zip(documents, analysed, strict=True):
                for posting in postings_of(document, terms):
                    copy.write_row(posting)
    for document, terms in zip(documents, analysed, strict=True):
        stems |= index_stems(terms)
        words |= spelling_words(document)
    return len(documents)


def entry_of(row) -> IndexedEntry:
    return IndexedEntry(
        type=row.type,
        entry_id=row.entry_id,
        name=row.name,
        summary=row.summary,
        body=row.body,
        town=row.town,
        demo=row.demo,
        help_kinds_suggested=row.kinds_suggested,
    )
