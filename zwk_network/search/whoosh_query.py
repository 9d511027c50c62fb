"""The words of a query (words.py) as a Whoosh query: every word must match somewhere.

Each word matches its stem in any text field, or its compound parts together, so
"Seniorenfrühstück" also finds "Frühstück für Senioren"; and, ranked below, the related words
of its group in the lexicon (taxonomy/lexicon.toml: „Jugendzentrum“ finds „Jugendclub“).
Filler words of the lexicon („gibt es“, „Angebot“) are left out. With spelling tolerance (used
when the exact words find nothing) a word also matches terms one or two edits away.
word_queries() gives each word's query alone, for the results that have most, not all, words.

What one query may cost is bounded, whatever is typed: the first MAX_QUERY_CHARS characters,
of those the first MAX_WORDS words (each cut to MAX_WORD_LENGTH, split into at most two compound
parts); spelling tolerance and suggestions for the first MAX_FUZZY_WORDS words only, each with
at most MAX_EXPANSIONS similar terms per field. Similar terms are found with one Levenshtein
automaton per word, shared by all fields and segments (Whoosh's FuzzyTerm builds one per field
and segment, and builds it again to estimate sizes: seconds for a long query).
"""

from functools import lru_cache

from whoosh.automata.lev import levenshtein_automaton
from whoosh.codec.base import Automata
from whoosh.query import And, NullQuery, Or, Term
from whoosh.support.levenshtein import distance

from .analysis import fold, split_once, stem
from .whoosh_schema import TEXT_FIELDS
from .words import MAX_FUZZY_WORDS, RELATED_WEIGHT, related_stems

MAX_EXPANSIONS = 8  # similar terms per word and field
MAX_CANDIDATES = 64  # similar terms looked at per word and field, before the closest are kept
FUZZY_FIELDS = ("name", "summary", "places", "body")
SPELL_FIELD = "spell"


def text_query(words: list[str], fuzzy_reader=None, related: bool = False):
    """All words must match; None when there are no words. With a reader: spelling tolerance;
    `related`: the lexicon's related words count too (ranked below the word itself)."""
    queries = word_queries(words, fuzzy_reader, related)
    return And(queries) if queries else None


def word_queries(words: list[str], fuzzy_reader=None, related: bool = False) -> list:
    """One query per word (what it matches: itself, its parts, related words, similar terms)."""
    return [
        _word_query(word, fuzzy_reader if n < MAX_FUZZY_WORDS else None, related)
        for n, word in enumerate(words)
    ]


def _terms(stemmed: str, related: bool) -> list:
    """A stem in every text field, and its related words at a lower weight."""
    found = [Term(field, stemmed) for field in TEXT_FIELDS]
    if related:
        found += [
            Term(field, other, boost=RELATED_WEIGHT)
            for other in sorted(related_stems(stemmed))
            for field in TEXT_FIELDS
        ]
    return found


def _word_query(word: str, fuzzy_reader, related: bool = False):
    stemmed = stem(fold(word))
    alternatives = _terms(stemmed, related)
    parts = split_once(word)
    if parts:  # "Jugendzentrum": jugend and (zentrum or treff, club, haus …)
        alternatives.append(And([Or(_terms(stem(fold(part)), related)) for part in parts]))
    if fuzzy_reader is not None and len(stemmed) >= 4:
        distance_allowed = 1 if len(stemmed) < 8 else 2
        for field in FUZZY_FIELDS:
            similar = similar_terms(fuzzy_reader, field, stemmed, distance_allowed)
            alternatives += [Term(field, term) for term in similar if term != stemmed]
    return Or(alternatives) if alternatives else NullQuery


def similar_terms(reader, field: str, word: str, maxdist: int, limit: int = MAX_EXPANSIONS) -> list[str]:
    """Terms of a field within maxdist edits of the word (same first letter), closest first."""
    automaton, candidates = _automaton(word, maxdist), set()
    for leaf, _base in reader.leaf_readers():  # Whoosh's cursor over several segments is broken
        for term in Automata.find_matches(automaton, leaf.cursor(field)):
            candidates.add(term)
            if len(candidates) >= MAX_CANDIDATES:
                break
    return sorted(candidates, key=lambda term: (distance(word, term), term))[:limit]


@lru_cache(maxsize=1024)
def _automaton(word: str, maxdist: int):
    return levenshtein_automaton(word, maxdist, prefix=1).to_dfa()


def suggestion(searcher, words: list[str]) -> str | None:
    """A respelling of the query from words in the index ("Meinten Sie …?"), if one differs.

    Per word (the first MAX_FUZZY_WORDS): the most frequent of the closest known words."""
    reader = searcher.reader()
    suggested = []
    for number, word in enumerate(words):
        candidates = (
            similar_terms(reader, SPELL_FIELD, word, 2, limit=MAX_CANDIDATES)
            if number < MAX_FUZZY_WORDS
            else []
        )
        if word in candidates or not candidates:
            suggested.append(word)
            continue
        closest = distance(word, candidates[0])
        best = max(
            (c for c in candidates if distance(word, c) == closest),
            key=lambda c: (reader.doc_frequency(SPELL_FIELD, c), c),
        )
        suggested.append(best)
    return " ".join(suggested) if suggested != words else None
