"""Related words, so that a need's words meet an entry's words that mean the same thing.

"kein Bus mehr" and "Fahrgemeinschaften" share no word; both belong to getting around. The
concepts are the lexicon's groups (taxonomy/lexicon.toml, shared with search) taken together
per theme; their words are analysed like the search index (stems), so "Bürgerbus", "Busse" and
"Rufbus" all reach the concept. A need's words that belong to a concept bring that concept's
other words into its text query, at a lower weight than its own words.
"""

from functools import lru_cache

from ..search.analysis import fold, stem
from ..taxonomy.lexicon import lexicon


def need_stop_words() -> frozenset[str]:
    """Words that say nothing about what is needed ("es gibt keinen Bus mehr"): the lexicon's filler."""
    return lexicon().fillers


@lru_cache(maxsize=1)
def concept_terms() -> dict[str, frozenset[str]]:
    """Each concept (a theme's slug) with its terms: the stem of each whole word of its groups
    (compound parts such as "gemeinschaft" in "Fahrgemeinschaft" would tie unrelated words together)."""
    concepts: dict[str, set[str]] = {}
    for group in lexicon().groups:
        words = [*group.words, *group.search_only]
        concepts.setdefault(group.theme, set()).update(
            stem(fold(word.lower())) for word in words if " " not in word
        )
    return {name: frozenset(members) for name, members in concepts.items()}


def related_terms(need_terms: set[str]) -> dict[str, str]:
    """Terms of the concepts a need's terms belong to, each with its concept: {term: concept}."""
    related = {}
    for concept, members in concept_terms().items():
        if members & need_terms:
            for term in members - need_terms:
                related.setdefault(term, concept)
    return related
