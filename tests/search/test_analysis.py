"""German analysis: folding, stemming, compounds, stop words."""

import pytest

from zwk_network.search.analysis import MAX_WORD_LENGTH, compound_parts, terms


@pytest.mark.parametrize(
    "spellings",
    [
        ("Begegnungsstaette", "Begegnungsstätte", "begegnungsstatte", "BEGEGNUNGSSTÄTTE"),
        ("Straße", "Strasse"),
        ("Frühstück", "Fruehstueck", "fruhstuck"),
        ("Jugendliche", "Jugend"),
        ("Begegnungen", "Begegnung"),
        ("Senioren", "Senior"),
    ],
)
def test_spellings_and_inflections_meet(spellings):
    """The whole word's term, which queries match, is the same for every spelling."""
    assert len({terms(word)[0] for word in spellings}) == 1, [terms(word) for word in spellings]


def test_umlaut_digraphs_split_like_umlauts():
    assert terms("Begegnungsstaette") == terms("Begegnungsstätte") == ["begegnungsstatt", "begegn", "statt"]


@pytest.mark.parametrize(
    ("compound", "part"),
    [
        ("Seniorenfrühstück", "Frühstück"),
        ("Elternfrühstück", "Frühstück"),
        ("Jugendclub", "Jugend"),
        ("Jugendclub", "Club"),
        ("Begegnungszentrum", "Zentrum"),
        ("Begegnungszentrum", "Begegnung"),
        ("Dorfgemeinschaftshaus", "Haus"),
        ("Dorfgemeinschaftshaus", "Gemeinschaft"),
        ("Nachbarschaftshilfe", "Hilfe"),
        ("Fahrdienst", "Dienst"),
    ],
)
def test_compounds_are_indexed_with_their_parts(compound, part):
    assert terms(part)[0] in terms(compound)


def test_words_that_are_not_compounds_stay_whole():
    assert compound_parts("jugendliche") == ()
    assert compound_parts("frühstück") == ()
    assert terms("Kinder") == ["kind"]


def test_stop_words_and_punctuation_are_dropped():
    assert terms("Frühstück für die Senioren, und mehr!") == ["fruhstuck", "senior", "mehr"]
    assert terms("") == [] and terms("!!! ??? ...") == []


def test_hyphenated_words_are_found_by_their_pieces():
    from zwk_network.search.analysis import german_analyzer

    tokens = [token.text for token in german_analyzer()("Kinderchor Westdorf-Ost")]
    assert "westdorf" in tokens and "ost" in tokens and "westdorf-ost" in tokens


def test_a_run_of_letters_longer_than_any_word_is_not_indexed():
    """A 10 000-letter "word" (a pasted hash, a bot's filler) is no term: PostgreSQL refuses a lexeme over
    2 047 bytes, and decompounding it would cost the analysis; the real words around it stay."""
    longest = "donaudampfschifffahrtsgesellschaftskapitänsmütze"
    found = terms(f"Jugendclub {'x' * 10_000} {longest} {'ä' * (MAX_WORD_LENGTH + 1)}")
    assert "jugendclub" in found and any(term.startswith("donaudampf") for term in found)
    assert all(len(term) <= MAX_WORD_LENGTH for term in found)


def test_a_texts_terms_are_its_tokens_terms_as_the_whole_analyzer_gives_them():
    """terms() and an index write analyse each token once per process (cached) instead of running
    the text through the filter chain: the same terms in the same order at the same positions, for
    every text of the labelled set, the queries, and texts built to trip a tokenizer – for index
    writes, queries and highlights (characters, stop words kept) alike."""
    import itertools
    import json
    from pathlib import Path

    from zwk_network.search.analysis import german_analyzer, german_chain

    labels = json.loads((Path(__file__).parents[1] / "data" / "search_labels.json").read_text())
    texts = [str(value) for entry in labels["entries"] for value in entry.values() if isinstance(value, str)]
    texts += [query["q"] for query in labels["queries"]]
    texts += [
        "Westdorf-Ost, Groß-Klein; d'Artagnan's Café – 24/7 Jugend-Café!",
        "der die das und ODER in im 1 a ä ab 12 Uhr",
        "x" * (MAX_WORD_LENGTH + 1) + " Seniorentreff " + "Bürgerbus-" * 30,
        "Begegnungsstaette\tBEGEGNUNGSSTÄTTE\nFruehstueck  Straße_Nord __ -- ''",
        "{{7*7}} <script>alert(1)</script> ' OR 1=1 --",
        "",
    ]
    chain, analyzer = german_chain(), german_analyzer()

    ATTRIBUTES = ("text", "pos", "boost", "stopped", "startchar", "endchar", "removestops", "mode")

    def stream(analyse, text, **options):
        return [tuple(getattr(t, name, None) for name in ATTRIBUTES) for t in analyse(text, **options)]

    for text in texts:
        assert terms(text) == [token.text for token in chain(text)], text
        # What an index write asks (a field's values go on at start_pos), a query, a highlight
        # (characters, stop words kept and marked), and everything between.
        for positions, chars, removestops, mode, start in itertools.product(
            (True, False), (True, False), (True, False), ("index", "query", ""), (0, 7)
        ):
            options = {
                "positions": positions,
                "chars": chars,
                "removestops": removestops,
                "mode": mode,
                "start_pos": start,
                "start_char": start * 3,
                "boosts": True,
            }
            assert stream(analyzer, text, **options) == stream(chain, text, **options), (text, options)


def test_a_snippet_skips_a_text_only_where_highlighting_would_mark_nothing():
    """snippets.snippet() highlights a text only when analysis.mentions() finds one of the terms in
    it: for every text of the labelled set and terms taken from it, from other texts, of stop words
    (a highlight sees them too) and of nothing, mentions() holds exactly where the highlighter
    marks something."""
    import json
    import random
    from pathlib import Path

    from whoosh.highlight import highlight

    from zwk_network.search.analysis import GERMAN_STOP_WORDS, german_chain, mentions
    from zwk_network.search.snippets import _formatter, _fragmenter

    labels = json.loads((Path(__file__).parents[1] / "data" / "search_labels.json").read_text())
    texts = [str(value) for entry in labels["entries"] for value in entry.values() if isinstance(value, str)]
    texts += ["der die das und in im", "Bürgerbus-Fahrdienst, Westdorf-Ost!", ""]
    every_term = sorted({term for text in texts for term in terms(text)})
    stopped = sorted({token.text for token in german_chain()(" ".join(GERMAN_STOP_WORDS), removestops=False)})
    rng = random.Random(5)
    chain, marked = german_chain(), 0
    for text in texts:
        own = terms(text)
        for chosen in (
            set(rng.sample(own, min(2, len(own)))),
            set(rng.sample(every_term, 3)),
            set(rng.sample(stopped, 5)),
            {"nichtsdergleichen"},
        ):
            chosen = frozenset(chosen)
            found = bool(highlight(text, chosen, chain, _fragmenter, _formatter, top=2))
            assert mentions(text, chosen) == found, (text, chosen)
            marked += found
    assert marked > len(texts) // 2  # the highlighter marked something in many of the cases


def test_an_index_write_never_splits_a_run_of_letters_longer_than_any_word(monkeypatch):
    """A pasted hash or filler of 10 000 letters is stopped, not analysed: splitting it with the
    n-gram model would cost seconds per process (its cost grows with the cube of the length)."""
    from zwk_network.search import analysis

    asked = []
    word_parts = analysis.word_parts
    monkeypatch.setattr(analysis, "word_parts", lambda word: asked.append(word) or word_parts(word))
    analysis._word_analysis.cache_clear()
    analysis._token_terms.cache_clear()
    text = "Jugendclub " + "x" * 10_000 + " Treff"
    written = [token.text for token in analysis.german_analyzer()(text, positions=True, mode="index")]
    assert written == analysis.terms(text) == ["jugendclub", "jugend", "club", "treff"]
    assert asked and max(len(word) for word in asked) <= MAX_WORD_LENGTH
