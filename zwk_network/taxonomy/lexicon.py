"""The lexicon of related words (lexicon.toml): one file for search and matching, as data.

Search: a word also finds the other words of its group, ranked below itself; the `wortteile`
split compounds that end in them („Bürgerbus“ → bürger + bus); `fuellwoerter` never decide a
result. Matching: all groups of one theme form a concept („Bus ~ Mobilität“).
An installation may name its own file (ZWK_LEXICON_FILE); the default is the one beside this module.
"""

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app, has_app_context

DEFAULT_FILE = Path(__file__).resolve().parent / "lexicon.toml"


class LexiconError(ValueError):
    """The lexicon file cannot be read (start-up reports it in one line)."""


@dataclass(frozen=True)
class Group:
    theme: str
    words: tuple[str, ...]
    search_only: tuple[str, ...] = ()  # lead a search to the group, are not looked for themselves


@dataclass(frozen=True)
class Lexicon:
    groups: tuple[Group, ...]
    word_parts: tuple[str, ...]  # lower-cased, longest first
    fillers: frozenset[str]
    #: Words that say nothing about what a need asks (matching only): directions, times of day …
    need_fillers: frozenset[str] = frozenset()
    #: Words by which a kind of help is recognised in a text nobody tagged: {kind slug: words}.
    help_kind_words: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Words by which a text shows whom it is for: {target group slug: words}.
    group_words: tuple[tuple[str, tuple[str, ...]], ...] = ()


def lexicon() -> Lexicon:
    """The lexicon of this installation (ZWK_LEXICON_FILE, else the default)."""
    path = current_app.config.get("LEXICON_FILE") if has_app_context() else None
    return load_lexicon(str(path or DEFAULT_FILE))


@lru_cache(maxsize=4)
def load_lexicon(path: str) -> Lexicon:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise LexiconError(f"the lexicon {path} cannot be read: {error}") from None
    from . import HELP_KINDS, THEMES

    groups = []
    for number, group in enumerate(data.get("gruppe", []), start=1):
        theme, words, search_only = group.get("thema"), group.get("woerter"), group.get("nur_suche", [])
        if theme not in THEMES or not _word_list(words) or not _word_list(search_only):
            raise LexiconError(
                f"the lexicon {path}: group {number} needs a known thema and a list of woerter"
            )
        groups.append(Group(theme, tuple(words), tuple(search_only)))
    from . import TARGET_GROUPS

    groups_words = data.get("zielgruppen", {})
    if not isinstance(groups_words, dict) or any(
        slug not in TARGET_GROUPS or not _word_list(words) for slug, words in groups_words.items()
    ):
        raise LexiconError(f"the lexicon {path}: [zielgruppen] needs known target groups with lists of words")
    kinds = data.get("arten", {})
    if not isinstance(kinds, dict) or any(k not in HELP_KINDS or not _word_list(w) for k, w in kinds.items()):
        raise LexiconError(f"the lexicon {path}: [arten] needs known kinds of help with lists of words")
    parts = sorted({str(part).lower() for part in data.get("wortteile", [])}, key=lambda p: (-len(p), p))
    fillers = frozenset(str(word).lower() for word in data.get("fuellwoerter", []))
    need_fillers = frozenset(str(word).lower() for word in data.get("fuellwoerter_abgleich", []))
    return Lexicon(
        tuple(groups),
        tuple(parts),
        fillers,
        need_fillers,
        tuple((kind, tuple(words)) for kind, words in kinds.items()),
        tuple((slug, tuple(words)) for slug, words in groups_words.items()),
    )


def _word_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(word, str) for word in value)
