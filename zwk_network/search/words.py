"""What people type, as the words a search looks for: no syntax, bounded, whatever is typed.

Lower-cased letters and digits; stop words and the lexicon's filler words („gibt es“, „Angebot“)
are left out. What one query may cost is bounded: the first MAX_QUERY_CHARS characters, of those
the first MAX_WORDS words, each cut to MAX_WORD_LENGTH. related_stems() gives the lexicon's related
words of a stem (taxonomy/lexicon.toml: „Jugendzentrum“ finds „Jugendclub“). Every engine builds
its query from these words, so all of them search for the same thing.
"""

import re
from functools import lru_cache

from ..taxonomy.lexicon import lexicon
from .analysis import GERMAN_STOP_WORDS, fold, stem

MAX_QUERY_CHARS = 300
MAX_WORDS = 12
MAX_WORD_LENGTH = 60
MAX_FUZZY_WORDS = 4  # words that get spelling tolerance and suggestions
LONG_QUERY_WORDS = 6  # a query with more words (or characters) than these is "long" (rate limits)
LONG_QUERY_CHARS = 120
SCANNED_CHARS = 20_000  # longer queries are only looked at this far (to tell what was left out)
_LAST_WORD = re.compile(r"\w+$")
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
