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
    from . import THEMES

    groups = []
    for number, group in enumerate(data.get("gruppe", []), start=1):
        theme, words = group.get("thema"), group.get("woerter")
        if theme not in THEMES or not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise LexiconError(
                f"the lexicon {path}: group {number} needs a known thema and a list of woerter"
            )
        groups.append(Group(theme, tuple(words)))
    parts = sorted({str(part).lower() for part in data.get("wortteile", [])}, key=lambda p: (-len(p), p))
    fillers = frozenset(str(word).lower() for word in data.get("fuellwoerter", []))
    return Lexicon(tuple(groups), tuple(parts), fillers)


def _word_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(word, str) for word in value)
