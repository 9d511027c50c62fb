"""From what people type to a Whoosh query: no syntax, every word must match somewhere.

Each word matches its stem in any text field, or its compound parts together, so
"Seniorenfrühstück" also finds "Frühstück für Senioren". With spelling tolerance (used when
the exact words find nothing) a word also matches terms one or two edits away.
"""

from whoosh.query import And, FuzzyTerm, Or, Term

from .analysis import GERMAN_STOP_WORDS, split_once, stem
from .whoosh_schema import TEXT_FIELDS

MAX_WORDS = 12
MAX_WORD_LENGTH = 60
FUZZY_FIELDS = ("name", "summary", "places", "body")


def query_words(text: str) -> list[str]:
    """The words of a query: lower-cased letters and digits, without stop words, bounded."""
    words = []
    for raw in "".join(c if c.isalnum() else " " for c in text.lower()).split():
        if raw not in GERMAN_STOP_WORDS and len(raw) >= 2:
            words.append(raw[:MAX_WORD_LENGTH])
    return list(dict.fromkeys(words))[:MAX_WORDS]


def text_query(words: list[str], fuzzy: bool = False):
    """All words must match; None when there are no words."""
    if not words:
        return None
    return And([_word_query(word, fuzzy) for word in words])


def _word_query(word: str, fuzzy: bool):
    stemmed = stem(word)
    alternatives = [Term(field, stemmed) for field in TEXT_FIELDS]
    parts = split_once(word)
    if parts:
        alternatives.append(And([Or([Term(field, stem(part)) for field in TEXT_FIELDS]) for part in parts]))
    if fuzzy and len(stemmed) >= 4:
        distance = 1 if len(stemmed) < 8 else 2
        alternatives += [
            FuzzyTerm(field, stemmed, maxdist=distance, prefixlength=1) for field in FUZZY_FIELDS
        ]
    return Or(alternatives)


def suggestion(searcher, words: list[str]) -> str | None:
    """A respelling of the query from words in the index ("Meinten Sie …?"), if one differs."""
    corrector = searcher.corrector("spell")
    suggested = []
    for word in words:
        candidates = corrector.suggest(word, limit=1, maxdist=2, prefix=1)
        suggested.append(candidates[0] if candidates else word)
    return " ".join(suggested) if suggested != words else None
