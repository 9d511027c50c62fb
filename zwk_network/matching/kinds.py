"""Kinds of help (Art der Hilfe) an entry offers or a need asks for: given, or suggested from the text.

Kinds are set in the forms and imports. An entry or need that has none (everything registered before
kinds existed, an import without the column) gets a suggestion from its words: the lexicon's [arten]
lists (taxonomy/lexicon.toml), compared as the search index compares words (stems, compound parts:
„Seniorentreff“ has „Treff“). A meeting place is always a Treffpunkt. Suggestions are used by matching
and shown to planners as suggestions („vorgeschlagen“), never stored behind anyone's back; the command
`flask help-kinds suggest --apply` stores them for entries without kinds.
"""

from dataclasses import dataclass
from functools import lru_cache

from ..search.analysis import PUNCTUATION, fold, stem, word_terms
from ..taxonomy.lexicon import lexicon

MEETING_PLACE_KIND = "treffpunkt"
MAX_SUGGESTED = 3
#: How often a kind's words must occur: once in the name or summary, else twice in the description.
TITLE_WEIGHT = 2
NEEDED = 2


@dataclass(frozen=True)
class Kinds:
    slugs: tuple[str, ...]
    suggested: bool  # found in the text, not given by anyone


def kinds_of(entry_type: str, given: list[str], title: str, summary: str = "", body: str = "") -> Kinds:
    """The kinds of help of an entry or a need: the given ones, else a suggestion from its text."""
    if given:
        return Kinds(tuple(given), suggested=False)
    return Kinds(suggest_kinds(entry_type, title, summary, body), suggested=True)


def suggest_kinds(entry_type: str, title: str, summary: str = "", body: str = "") -> tuple[str, ...]:
    """The kinds of help a text speaks of, most often named first (at most MAX_SUGGESTED); of kinds
    named equally often, the one listed first in the lexicon. (The order among them once followed the
    order of a set of words, i.e. each process's string hashes: which three of four equal kinds were
    suggested, and the index document's version, differed between processes.)"""
    counts: dict[str, int] = {}
    for text, weight in ((f"{title} {summary}", TITLE_WEIGHT), (body, 1)):
        for kind, hits in _kind_hits(text or "").items():
            counts[kind] = counts.get(kind, 0) + weight * hits
    order = _kind_terms_of(lexicon().help_kind_words).order  # ties: in the lexicon's order, in every process
    ranked = sorted(
        (kind for kind, count in counts.items() if count >= NEEDED), key=lambda k: (-counts[k], order[k])
    )
    if entry_type == "place":
        ranked = [MEETING_PLACE_KIND, *(kind for kind in ranked if kind != MEETING_PLACE_KIND)]
    return tuple(ranked[:MAX_SUGGESTED])


@lru_cache(maxsize=4)
def _kind_terms_of(words: tuple[tuple[str, tuple[str, ...]], ...]) -> "_KindTerms":
    return _KindTerms(
        {kind: frozenset(stem(fold(word.lower())) for word in members) for kind, members in words}
    )


class _KindTerms:
    """The lexicon's index terms per kind, and what each text word counts for (cached per word: a
    large import reads millions of words, most of them again and again)."""

    MAX_WORDS = 200_000  # distinct words remembered; then forgotten at once and gathered anew

    def __init__(self, lists: dict[str, frozenset[str]]):
        self.lists = lists
        self.order = {kind: number for number, kind in enumerate(lists)}
        self._hits: dict[str, tuple[tuple[str, str], ...]] = {}

    def hits(self, word: str) -> tuple[tuple[str, str], ...]:
        """(kind, term) for each of the lexicon's terms the word counts as."""
        found = self._hits.get(word)
        if found is None:
            if len(self._hits) >= self.MAX_WORDS:
                self._hits = {}
            found = self._hits[word] = self._word_hits(word)
        return found

    def _word_hits(self, word: str) -> tuple[tuple[str, str], ...]:
        whole = stem(fold(word.strip(PUNCTUATION).lower()))
        own = [(kind, whole) for kind, words in self.lists.items() if whole in words]
        if own:
            return tuple(own)
        parts = set(word_terms(word))
        return tuple((kind, term) for kind, words in self.lists.items() for term in sorted(words & parts))


def kind_terms() -> dict[str, frozenset[str]]:
    """The index terms of the lexicon's words for each kind of help ([arten])."""
    return _kind_terms_of(lexicon().help_kind_words).lists


def _kind_hits(text: str) -> dict[str, int]:
    """How many of each kind's words a text has. A word the lexicon lists as a whole counts for its
    kinds only: „Einkaufshilfe“ is a Besuchsdienst, not the „Einkauf“ of Versorgung, and
    „Ausbildung“ is no „Bildung“; other words count by their compound parts („Seniorentreff“).
    The set of distinct words is counted, as before: a word said twice is one hit."""
    found: dict[str, set[str]] = {}
    terms = _kind_terms_of(lexicon().help_kind_words)
    for word in set(text.split()):
        for kind, term in terms.hits(word):
            found.setdefault(kind, set()).add(term)
    return {kind: len(words) for kind, words in found.items()}


#: The fields an entry's suggestion reads, as the search index reads them (search/documents.py).
BODY_FIELDS = ("description", "kind", "opening_times", "accessibility_notes", "rooms")


def suggest_kinds_for(entry_type: str, fields) -> tuple[str, ...]:
    """The suggestion for an entry or need given as a record (a dict) or as the object itself."""
    get = fields.get if isinstance(fields, dict) else lambda name: getattr(fields, name, None)
    if entry_type == "need":
        return suggest_kinds("need", get("title") or "", "", get("description") or "")
    body = "\n".join(text for text in (get(name) for name in BODY_FIELDS) if isinstance(text, str) and text)
    return suggest_kinds(entry_type, get("name") or "", get("summary") or "", body)


def suggested_unless_given(entry_type: str, entry) -> tuple[str, ...]:
    """For pages: the suggested kinds of an entry or need that has none stored, else ()."""
    return () if entry.help_kinds else suggest_kinds_for(entry_type, entry)


def suggested_for_viewer(user, entry_type: str, entry) -> tuple[str, ...]:
    """For public pages: signed-in staff see the kinds of help the text suggests when none are
    stored; everyone else sees none (())."""
    return suggested_unless_given(entry_type, entry) if user.is_authenticated else ()
