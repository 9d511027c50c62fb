"""Document frequencies of the PostgreSQL engine's terms, kept with the rows (migration 0023).

ts_rank_cd has no idf: a word in every second entry („Hilfe“, „Senioren“ from the labels) would
count as much as a rare one („Smartphone“). `search_terms` holds, per lexeme, the number of rows
whose tsvector has it (the empty lexeme, which no tsvector holds, counts the rows), written in the
transaction that writes the rows: one statement per batch adds the new rows' lexemes and takes
away those of the rows they replace or remove. The rows written are locked first (FOR UPDATE), so
two commits writing the same entry count its former terms once; lexemes are changed in sorted
order, so two commits never wait for each other crosswise. Every lexeme of the rows written or
removed gets a new `version` (migration 0026), its count changed or not: the postings that workers
keep (postgres_candidates.py) are current while their term's version is. A rebuild (`reindex`) counts them all
anew once its rows are written.

idf is BM25's, ln(1 + (N − df + 0.5) / (df + 0.5)), as the Whoosh engine's scoring weighs terms.
"""

import math
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import text

from .postgres_rows import Analysed

ROWS = ""  # the lexeme counting the rows

TERM_CHANGES = """
WITH former AS (
    SELECT vector FROM search_entries
    WHERE (type, entry_id) IN (SELECT * FROM unnest(CAST(:types AS text[]), CAST(:ids AS integer[])))
    ORDER BY type, entry_id
    FOR UPDATE
), changes AS (
    SELECT lexeme, -1 AS n FROM former
    CROSS JOIN LATERAL unnest(array_append(tsvector_to_array(former.vector), '')) AS lexeme
    UNION ALL
    SELECT lexeme, n FROM unnest(CAST(:lexemes AS text[]), CAST(:counts AS integer[])) AS added(lexeme, n)
)
INSERT INTO search_terms (lexeme, entries)
SELECT lexeme, sum(n) FROM changes GROUP BY lexeme ORDER BY lexeme
ON CONFLICT (lexeme) DO UPDATE SET entries = search_terms.entries + EXCLUDED.entries,
    version = nextval('search_terms_version')
"""

#: Every count anew from the rows (migration 0023, rebuild): cheaper than one change per batch.
RECOUNT_TERMS = """
INSERT INTO search_terms (lexeme, entries)
SELECT lexeme, count(*) FROM search_entries
CROSS JOIN LATERAL unnest(array_append(tsvector_to_array(vector), '')) AS lexeme
GROUP BY lexeme
"""


def document_lexemes(analysed: Analysed) -> set[str]:
    """The lexemes of a row's tsvector (postgres_rows.row_of writes every field's terms)."""
    return {*analysed.name, *analysed.summary, *analysed.places, *analysed.labels, *analysed.body}


def count_terms(connection, keys: list[tuple[str, int]], written: Iterable[Analysed]) -> None:
    """Before the rows of `keys` are written anew (with `written`'s terms) or removed (none)."""
    added: Counter[str] = Counter()
    for analysed in written:
        added.update(document_lexemes(analysed))
        added[ROWS] += 1
    lexemes = sorted(added)
    connection.execute(
        text(TERM_CHANGES),
        {
            "types": [kind for kind, _id in keys],
            "ids": [int(entry_id) for _kind, entry_id in keys],
            "lexemes": lexemes,
            "counts": [added[lexeme] for lexeme in lexemes],
        },
    )


def idf_weights(session, lexemes: Iterable[str]) -> dict[str, float]:
    """BM25's idf of each lexeme (a lexeme no row has weighs as one in a single row)."""
    wanted = sorted(set(lexemes))
    rows = dict(
        session.execute(
            text("SELECT lexeme, entries FROM search_terms WHERE lexeme = ANY(:lexemes)"),
            {"lexemes": [ROWS, *wanted]},
        ).all()
    )
    total = max(1, rows.get(ROWS, 0))
    return {lexeme: idf(total, max(1, rows.get(lexeme, 0))) for lexeme in wanted}


def idf(total: int, frequency: int) -> float:
    return math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))
