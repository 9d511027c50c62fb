"""Word queries computed as arrays find the documents Whoosh's matchers find, with their scores."""

import numpy as np
import pytest
from whoosh import index as whoosh_index

from zwk_network.search.whoosh_arrays import WordArrays, ranked, top_ranked
from zwk_network.search.whoosh_query import text_query, word_queries
from zwk_network.search.whoosh_schema import build_schema
from zwk_network.search.whoosh_scoring import PostingCache
from zwk_network.search.words import query_words

BATCHES = [
    [
        ("Jugendclub Westdorf", "Billard und Kicker für Jugendliche", "Westdorf"),
        ("Jugendzentrum Ostdorf", "Offene Tür, Treff am Abend", "Ostdorf"),
        ("Bürgerbus-Verein Westdorf", "Fahrten zum Arzt und zum Einkaufen", "Westdorf"),
    ],
    [
        ("Rufbus-Freunde Ostdorf", "Hilfe beim Bestellen des Rufbusses", "Ostdorf"),
        ("Seniorentreff am Markt", "Kaffee und Kuchen, Spielenachmittag für Senioren", "Markt"),
        ("Jugendclub Altdorf", "wird gelöscht", "Altdorf"),
    ],
    [
        ("Treff für Senioren Ostdorf", "Frühstück jeden Dienstag", "Ostdorf"),
        ("Chor Ostdorf", "Wir singen montags, Jugendliche willkommen", "Ostdorf"),
        ("Jugendhaus Süd", "Hausaufgabenhilfe und Club am Freitag, Jugendclub im Keller", "Süd"),
    ],
]


@pytest.fixture
def searcher(tmp_path):
    """Three segments (no merging), one with a deleted document."""
    index = whoosh_index.create_in(str(tmp_path), build_schema())
    number = 0
    for batch in BATCHES:
        writer = index.writer()
        for name, summary, place in batch:
            number += 1
            writer.add_document(
                key=f"initiative:{number}", name=name, summary=summary, places=place, body=summary, labels=""
            )
        writer.commit(merge=False)
    writer = index.writer()
    writer.delete_by_term("key", "initiative:6")
    writer.commit(merge=False)
    with index.searcher() as opened:
        assert len(opened.reader().leaf_readers()) == 3 and opened.reader().has_deletions()
        yield opened


@pytest.mark.parametrize(
    "text",
    [
        "Jugendclub",
        "Jugendzentrum",
        "Bus Arzt",
        "Treff Senioren",
        "Jugenclub",
        "Frühstück für Senioren",
        "Club Jugendliche Westdorf",
    ],
)
def test_the_same_documents_and_scores_as_whoosh(searcher, text):
    words = query_words(text)
    queries = [
        text_query(words),
        text_query(words, related=True),
        text_query(words, fuzzy_reader=searcher.reader(), related=True),
        *word_queries(words, related=True),
    ]
    cache = PostingCache()
    for query in queries:
        expected = {docnum: score for score, docnum in searcher.search(query, limit=None).top_n}
        matched, scores = WordArrays(searcher, cache, searcher.doc_count_all()).evaluate(query)
        assert set(np.flatnonzero(matched).tolist()) == set(expected)
        assert scores[list(expected)].tolist() == pytest.approx(list(expected.values()), rel=1e-12)
        assert not scores[~matched].any()
    assert any(searcher.search(query, limit=None).top_n for query in queries)  # the words find something


def test_ties_go_to_the_lower_document_number_and_deleted_documents_never_match(searcher):
    matched, scores = WordArrays(searcher, PostingCache(), searcher.doc_count_all()).evaluate(
        text_query(["jugendclub"], related=True)
    )
    docnums, found = ranked(matched, scores)
    assert 5 not in docnums  # „Jugendclub Altdorf“, deleted
    assert all(
        a > b or (a == pytest.approx(b) and d < e)
        for a, b, d, e in zip(found, found[1:], docnums, docnums[1:], strict=False)
    )


@pytest.mark.parametrize("count", [0, 1, 3, 4, 7, 40, 41, 200])
def test_the_first_of_a_page_are_those_of_the_whole_ranking_with_ties_by_document_number(count):
    rng = np.random.default_rng(7)
    matched = rng.random(300) < 0.6
    scores = np.where(matched, rng.choice([0.5, 1.25, 2.0, 3.0], size=300), 0.0)
    scores[::7] += 1e-12  # differs only below the 9 decimals the ranking compares
    docnums = np.flatnonzero(matched)
    whole = ranked(matched, scores)
    first = top_ranked(docnums, scores[docnums], count)
    assert first[0].tolist() == whole[0][:count].tolist()
    assert first[1].tolist() == whole[1][:count].tolist()
