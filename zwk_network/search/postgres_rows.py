"""What the PostgreSQL engine writes: one row per document, its tsvector from the project's analysis.

The tsvector is not made by a PostgreSQL text configuration but written term by term from
search/analysis.py (the same stems, compound parts, folding as the Whoosh engine), so both
engines index the same terms. Weights: A name, B summary, C place names and labels, D the
description. Positions count up through the fields (compound parts get a position of their own,
so a term's number of positions is its frequency, as in Whoosh).
"""

from dataclasses import dataclass

from ..taxonomy.bits import GROUP_BITS, KIND_BITS, THEME_BITS, bits_of
from .analysis import GERMAN_STOP_WORDS, terms
from .documents import SearchDocument

#: Changes whenever the analysis indexes other terms: rows of another value are written anew.
ANALYSIS_MARKER = "analysis_4"
MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
#: ts_rank_cd's weights of D, C, B, A: description 1, places 1.5, summary 2, name 4 (Whoosh's boosts / 4).
RANK_WEIGHTS = "{0.25, 0.375, 0.5, 1.0}"
_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
COLUMNS = (
    "type",
    "entry_id",
    "version",
    "analysis",
    "name",
    "summary",
    "body",
    "town",
    "demo",
    "kinds_suggested",
    "sort_name",
    "kommune_id",
    "region_id",
    "themes",
    "groups",
    "kinds",
    "lon",
    "lat",
    "radius_km",
    "vector",
)


def quoted(lexeme: str) -> str:
    """A lexeme as tsvector and tsquery text read it: quoted, quotes and backslashes escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True)
class Analysed:
    """A document's index terms per field: each field is analysed once for everything written."""

    name: list[str]
    summary: list[str]
    places: list[str]
    labels: list[str]
    body: list[str]

    @classmethod
    def of(cls, document: SearchDocument) -> "Analysed":
        def analysed(value: str) -> list[str]:
            return terms(value) if value else []

        return cls(
            name=analysed(document.name),
            summary=analysed(document.summary),
            places=analysed(document.place_names),
            labels=analysed(document.labels),
            body=analysed(document.body),
        )


def tsvector_text(fields: list[tuple[list[str], str]]) -> str:
    """The tsvector of (terms, weight) pairs, as text: 'term':1A,7A 'other':2B …"""
    positions: dict[str, list[str]] = {}
    position = 0
    for field_terms, weight in fields:
        for term in field_terms:
            position = min(position + 1, MAX_POSITION)
            positions.setdefault(term, []).append(f"{position}{weight}")
    return " ".join(f"{quoted(term)}:{','.join(places)}" for term, places in positions.items())


def spelling_words(document: SearchDocument) -> set[str]:
    """Whole words for „Meinten Sie …?“: lower-cased, umlauts kept (Whoosh's spell field)."""
    text = " ".join([document.name, document.summary, document.place_names]).lower()
    words = "".join(c if c.isalnum() else " " for c in text).split()
    return {word for word in words if len(word) >= 3 and word not in GERMAN_STOP_WORDS}


def index_stems(analysed: Analysed) -> set[str]:
    """The terms that spelling tolerance may reach (Whoosh's fuzzy fields: not the labels)."""
    return {*analysed.name, *analysed.summary, *analysed.places, *analysed.body}


def german_sort_key(name: str) -> str:
    """Names in the order of a German list (DIN 5007-1): Ärztehaus with A, Öko with O."""
    return name.casefold().translate(_UMLAUTS)


def row_of(document: SearchDocument, analysed: Analysed) -> dict:
    """The row of a document (one record of INSERT_ROWS)."""
    vector = tsvector_text(
        [
            (analysed.name, "A"),
            (analysed.summary, "B"),
            (analysed.places + analysed.labels, "C"),
            (analysed.body, "D"),
        ]
    )
    return {
        "type": document.type,
        "entry_id": document.entry_id,
        "version": document.version,
        "analysis": ANALYSIS_MARKER,
        "name": document.name,
        "summary": document.summary,
        "body": document.body,
        "town": document.town,
        "demo": document.demo,
        "kinds_suggested": document.help_kinds_suggested,
        "sort_name": german_sort_key(document.name),
        "kommune_id": document.kommune_id,
        "region_id": document.region_id,
        "themes": bits_of(document.themes, THEME_BITS),
        "groups": bits_of(document.target_groups, GROUP_BITS),
        "kinds": bits_of(document.help_kinds, KIND_BITS),
        "lon": document.lon,
        "lat": document.lat,
        "radius_km": document.service_radius_km or 0.0,
        "vector": vector,
    }


INSERT_ROWS = f"""
INSERT INTO search_entries ({", ".join(COLUMNS)}, location)
SELECT {", ".join(COLUMNS[:-1])}, CAST(vector AS tsvector),
       CASE WHEN lon IS NULL THEN NULL
            ELSE CAST(ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS geography) END
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(
    type text, entry_id integer, version text, analysis text, name text, summary text, body text,
    town text, demo boolean, kinds_suggested boolean, sort_name text, kommune_id integer,
    region_id integer, themes bigint, groups bigint, kinds bigint, lon double precision,
    lat double precision, radius_km real, vector text)
ON CONFLICT (type, entry_id) DO UPDATE SET
{", ".join(f"{column} = EXCLUDED.{column}" for column in COLUMNS[2:])}, location = EXCLUDED.location
"""
INSERT_WORDS = """
INSERT INTO search_words (kind, word)
SELECT :kind, word FROM unnest(CAST(:words AS text[])) AS word
ON CONFLICT DO NOTHING
"""


def postings_of(document: SearchDocument, analysed: Analysed) -> list[list]:
    """[lexeme, type, id, frequency in name, summary, description] of every term of those fields."""
    counts: dict[str, list[int]] = {}
    for field, field_terms in enumerate((analysed.name, analysed.summary, analysed.body)):
        for term in field_terms:
            counts.setdefault(term, [0, 0, 0])[field] += 1
    return [
        [term, document.type, document.entry_id, *(min(n, 32767) for n in tf)] for term, tf in counts.items()
    ]


INSERT_POSTINGS = """
INSERT INTO search_postings (lexeme, type, entry_id, name_tf, summary_tf, body_tf)
SELECT p ->> 0, p ->> 1, CAST(p ->> 2 AS integer), CAST(p ->> 3 AS smallint), CAST(p ->> 4 AS smallint),
       CAST(p ->> 5 AS smallint)
FROM jsonb_array_elements(CAST(:postings AS jsonb)) AS p
"""
DELETE_POSTINGS = """
DELETE FROM search_postings WHERE (type, entry_id) IN
(SELECT * FROM unnest(CAST(:types AS text[]), CAST(:ids AS integer[])))
"""
