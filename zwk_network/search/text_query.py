"""From what people type to a Whoosh query: no syntax, every word must match somewhere.

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

import re
from functools import lru_cache

from whoosh.automata.lev import levenshtein_automaton
from whoosh.codec.base import Automata
from whoosh.query import And, NullQuery, Or, Term
from whoosh.support.levenshtein import distance

from ..taxonomy.lexicon import lexicon
from .analysis import GERMAN_STOP_WORDS, fold, split_once, stem
from .whoosh_schema import TEXT_FIELDS

MAX_QUERY_CHARS = 300
MAX_WORDS = 12
MAX_WORD_LENGTH = 60
MAX_FUZZY_WORDS = 4
MAX_EXPANSIONS = 8  # similar terms per word and field
MAX_CANDIDATES = 64  # similar terms looked at per word and field, before the closest are kept
LONG_QUERY_WORDS = 6  # a query with more words (or characters) than these is "long" (rate limits)
LONG_QUERY_CHARS = 120
SCANNED_CHARS = 20_000  # longer queries are only looked at this far (to tell what was left out)
FUZZY_FIELDS = ("name", "summary", "places", "body")
_LAST_WORD = re.compile(r"\w+$")
SPELL_FIELD = "spell"
#: A related word of the lexicon counts this much of the word itself.
RELATED_WEIGHT = 0.35


def query_words(text: str) -> list[str]:
    """The words of a query: lower-cased letters and digits, without stop words, bounded."""
    return _all_words(_searched_part(text))[:MAX_WORDS]


def words_left_out(text: str) -> bool:
    """Whether the query has words that are not searched (too many words or characters)."""
    if len(text) > SCANNED_CHARS:
        return True
    return bool(set(_all_words(text)) - set(query_words(text)))


def is_long_query(text: str) -> bool:
    """A query that costs more than people's usual two or three words (for rate limits)."""
    return len(text) > LONG_QUERY_CHARS or len(_all_words(_searched_part(text))) > LONG_QUERY_WORDS


def _searched_part(text: str) -> str:
    """The first MAX_QUERY_CHARS characters, without a word cut in two at the end."""
    if len(text) <= MAX_QUERY_CHARS:
        return text
    part = text[:MAX_QUERY_CHARS]
    return _LAST_WORD.sub("", part) if text[MAX_QUERY_CHARS].isalnum() else part


def _all_words(text: str) -> list[str]:
    words, fillers = [], lexicon().fillers
    for raw in "".join(c if c.isalnum() else " " for c in text.lower()).split():
        if raw not in GERMAN_STOP_WORDS and raw not in fillers and len(raw) >= 2:
            words.append(raw[:MAX_WORD_LENGTH])
    return list(dict.fromkeys(words))


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


@lru_cache(maxsize=1)
def _related_index() -> dict[str, frozenset[str]]:
    """Each lexicon word's stem → the stems of the other words of its groups."""
    index: dict[str, set[str]] = {}
    for group in lexicon().groups:
        members = {stem(fold(word.lower())) for word in group.words if " " not in word}
        for member in members:
            index.setdefault(member, set()).update(members - {member})
        for word in group.search_only:  # leads to the group; is not looked for by the others
            index.setdefault(stem(fold(word.lower())), set()).update(members)
    return {member: frozenset(related) for member, related in index.items()}


def related_stems(stemmed: str) -> frozenset[str]:
    return _related_index().get(stemmed, frozenset())


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
