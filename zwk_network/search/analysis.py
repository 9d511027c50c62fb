"""German text analysis for the search index.

One analyzer serves indexing and querying, so both sides see the same terms:
- tokens of letters and digits, lower-cased, accents folded ("Café" = "Cafe");
- compounds are split: first at the word parts of the lexicon ("Bürgerbus" → bürger + bus,
  taxonomy/lexicon.toml), else with compound-split's model (the CharSplit n-gram method trained
  on German Wikipedia, memory-mapped from one file shared by all processes: compound_model.py):
  "Seniorenfrühstück" is indexed as itself and as "Senioren" + "Frühstück";
- the Snowball German stemmer (PyStemmer) folds umlauts, ae/oe/ue and ß and strips
  inflections: "Begegnungsstaette" = "Begegnungsstätte", "Jugendliche" = "Jugend";
- German stop words are dropped.
"""

import re
import unicodedata
from functools import lru_cache

import Stemmer
from whoosh.analysis import Composable, Filter, LowercaseFilter, RegexTokenizer, StopFilter, Token

from ..taxonomy.lexicon import lexicon
from . import compound_model

#: Only words (and parts) at least this long are split ("Jugendclub", not "Frühstück"),
#: and no part may be shorter than MIN_PART_LENGTH.
MIN_COMPOUND_LENGTH = 10
MIN_PART_LENGTH = 3
#: CharSplit scores range from about -2 to 1; above this a split is reliable on our texts.
SPLIT_THRESHOLD = 0.3

GERMAN_STOP_WORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
    auch auf aus bei bin bis bist da damit dann das dass dein deine dem den der des dessen die dies
    diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines er es
    etwas euer eure für hat hatte hier hin ich ihr ihre im in ist jede jedem jeden jeder jedes jene
    jetzt kann kein keine mein meine mit muss nach nicht noch nun nur ob oder ohne sehr sein seine
    sich sie sind so solche soll sondern um und uns unser unter viel vom von vor war waren was weil
    wenn wer werden wie wir wird wo zu zum zur über
    """.split()  # noqa: SIM905  (a word list reads better as text)
)

_stemmer = Stemmer.Stemmer("german")


#: What clings to a word in running text and is no part of it (matching reads a text word by word).
PUNCTUATION = ".,;:!?()„“\"'»«–"


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Accents and umlauts without their marks: "café" → "cafe", "grün" → "grun" (the stemmer
    folds umlauts and ae/oe/ue alike, so both spellings meet)."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def split_once(word: str) -> tuple[str, str] | None:
    """The two parts of a German compound, or None when the word is not split reliably.

    A word that ends in one of the lexicon's word parts is split there ("burgerbus" → burger,
    bus); others by the n-gram model, which knows umlauts ("begegnungsstaette" is tried as
    "begegnungsstätte" too)."""
    if not word.isalpha():
        return None
    folded = fold(word)
    for part in _word_parts():
        if folded.endswith(part) and len(folded) - len(part) >= MIN_PART_LENGTH:
            return folded[: -len(part)], part
    if len(word) < MIN_COMPOUND_LENGTH:
        return None
    for spelling in dict.fromkeys((word, _UMLAUT_DIGRAPHS.sub(_as_umlaut, word))):
        score, head, tail = compound_model.model().best_split(spelling)
        if score >= SPLIT_THRESHOLD and min(len(head), len(tail)) >= MIN_PART_LENGTH:
            return head.lower(), tail.lower()
    return None


_UMLAUT_DIGRAPHS = re.compile(r"(?<!q)(ae|oe|ue)")


def _as_umlaut(match) -> str:
    return {"ae": "ä", "oe": "ö", "ue": "ü"}[match.group(1)]


@lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """All parts of a compound, long parts split again: "dorfgemeinschaftshaus" →
    dorfgemeinschafts, dorf, gemeinschafts, haus."""
    split = split_once(word)
    if split is None:
        return ()
    parts = []
    for part in split:
        parts.append(part)
        parts.extend(compound_parts(part))
    return tuple(parts)


@lru_cache(maxsize=200_000)
def word_parts(word: str) -> tuple[str, ...]:
    """Compound parts, and for hyphenated words ("Westdorf-Ost") each piece with its parts:
    the query splits at hyphens, so the index must hold the pieces too."""
    parts = list(compound_parts(word))
    if "-" in word or "'" in word:
        for piece in re.split(r"[-']", word):
            if len(piece) >= 2 and piece not in GERMAN_STOP_WORDS:
                parts += [piece, *compound_parts(piece)]
    return tuple(dict.fromkeys(parts))


class DecompoundFilter(Filter):
    """Adds the parts of compounds at the compound's position (like synonyms)."""

    def __call__(self, tokens):
        for token in tokens:
            # Whoosh reuses one token object and later filters change its text: read it first.
            parts = word_parts(token.text)
            yield token
            for part in parts:
                extra = token.copy()
                extra.text = part
                yield extra


@lru_cache(maxsize=1)
def _word_parts() -> tuple[str, ...]:
    return tuple(dict.fromkeys(fold(part) for part in lexicon().word_parts))


class FoldFilter(Filter):
    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


class GermanStemFilter(Filter):
    def __call__(self, tokens):
        for token in tokens:
            token.text = stem(token.text)
            yield token


#: Longer "words" are no words (German's longest are under 80 letters) and are not indexed: splitting
#: them would cost the analysis, and PostgreSQL refuses a lexeme of more than 2 047 bytes.
MAX_WORD_LENGTH = 100


#: What a word is: letters and digits, with inner hyphens and apostrophes ("Westdorf-Ost").
TOKEN_PATTERN = r"\w+(?:[-']\w+)*"
_TOKENS = re.compile(TOKEN_PATTERN)


def german_chain():
    """Tokenize, lower-case, drop stop words and non-words, split compounds, fold accents, stem."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=GERMAN_STOP_WORDS, minsize=2, maxsize=MAX_WORD_LENGTH)
        | DecompoundFilter()  # before folding: the n-gram model knows umlauts
        | FoldFilter()
        | GermanStemFilter()
    )


class GermanAnalyzer(Composable):
    """german_chain(), with each word's tokens taken from a per-word cache.

    Every filter of the chain works on one token at a time, so a text's tokens are its words'
    tokens: the tokenizer's words (positions and character offsets from the match), each analysed
    once per process (_word_analysis), with the positions the chain gives (stop words dropped and
    the positions after them renumbered, or kept and marked as stopped; a compound's parts at its
    position and characters). The chain's generators cost ~25 µs per token, and an import's texts
    and a page's snippets repeat their words. Only keeporiginal and untokenized values go through
    the chain itself."""

    def __init__(self):
        self.chain = german_chain()

    def __eq__(self, other):
        return isinstance(other, GermanAnalyzer)

    def __hash__(self):
        return hash(GermanAnalyzer)

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        if keeporiginal or not tokenize:
            yield from self.chain(
                value,
                positions=positions,
                chars=chars,
                keeporiginal=keeporiginal,
                removestops=removestops,
                start_pos=start_pos,
                start_char=start_char,
                tokenize=tokenize,
                mode=mode,
                **kwargs,
            )
            return
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        renumbered = None  # the StopFilter's: the first word kept keeps its position, the next follow
        for number, match in enumerate(_TOKENS.finditer(value)):
            if removestops and _stopped(match.group()):  # dropped: not analysed (not split)
                continue
            stopped, analysed = _word_analysis(match.group())
            if stopped:
                if removestops:
                    continue
                pos = start_pos + number
            else:
                renumbered = pos = start_pos + number if renumbered is None else renumbered + 1
            for term in analysed:
                token.text, token.boost, token.stopped = term, 1.0, stopped
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar, token.endchar = start_char + match.start(), start_char + match.end()
                yield token


def _stopped(word: str) -> bool:
    """What german_chain()'s StopFilter stops: stop words, and „words“ shorter than 2 or longer
    than MAX_WORD_LENGTH characters once lower-cased (a run of 10 000 letters is never split)."""
    lowered = word.lower()
    return not 2 <= len(lowered) <= MAX_WORD_LENGTH or lowered in GERMAN_STOP_WORDS


@lru_cache(maxsize=100_000)
def _word_analysis(word: str) -> tuple[bool, tuple[str, ...]]:
    """Whether the chain stops a word, and the texts of its tokens (stopped or not)."""
    tokens = [(token.text, token.stopped) for token in _shared_chain()(word, removestops=False)]
    return bool(tokens and tokens[0][1]), tuple(text for text, _stopped in tokens)


@lru_cache(maxsize=1)
def german_analyzer() -> GermanAnalyzer:
    """One per process: it keeps no state between calls (each makes its own token); building its
    chain for every snippet cost ~0.5 ms of a page of 20 hits."""
    return GermanAnalyzer()


def mentions(text: str, terms: frozenset[str]) -> bool:
    """Whether any token the analyzer gives the text (stop words too, as a highlight sees them)
    is one of `terms`."""
    return any(term in terms for word in _TOKENS.findall(text) for term in _word_analysis(word)[1])


def folding_analyzer():
    """For suggestions ("Meinten Sie …?"): whole words, lower-cased, umlauts kept."""
    return (
        RegexTokenizer(r"\w+")
        | LowercaseFilter()
        | StopFilter(stoplist=GERMAN_STOP_WORDS, minsize=3, maxsize=MAX_WORD_LENGTH)
    )


@lru_cache(maxsize=1)
def _shared_chain():
    """One analyzer for terms(): building the chain costs more than analysing a word (~0.4 ms),
    and it keeps no state between calls (each call makes its own token), so threads share it."""
    return german_chain()


def terms(text: str) -> list[str]:
    """The index terms of a text (for tests, query building, kinds of help, the PostgreSQL rows).

    Every filter of the analyzer works on one token at a time, so a text's terms are its tokens'
    terms in order: each token is analysed once per process (cached), not at every occurrence –
    a large import's texts repeat their words (~3 µs per token instead of ~25)."""
    return [term for token in _TOKENS.findall(text) for term in _token_terms(token)]


@lru_cache(maxsize=100_000)
def _token_terms(token: str) -> tuple[str, ...]:
    return tuple(t.text for t in _shared_chain()(token))


@lru_cache(maxsize=20_000)
def word_terms(word: str) -> tuple[str, ...]:
    """terms() of one word, cached: texts are read word by word (kinds of help) and repeat them."""
    return tuple(terms(word))
