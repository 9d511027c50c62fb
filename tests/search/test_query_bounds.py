"""What one query may cost is bounded; costly searches are rate-limited per client."""

import random
import string

import pytest

from zwk_network.search import whoosh_search
from zwk_network.search.engine import search_backend
from zwk_network.search.limits import LONG_LIMIT, TEXT_LIMIT
from zwk_network.search.whoosh_arrays import WordArrays
from zwk_network.search.whoosh_query import MAX_EXPANSIONS, similar_terms, text_query
from zwk_network.search.words import MAX_FUZZY_WORDS, MAX_WORDS, query_words, words_left_out

from ..factories import make_kommune, make_listing

DE = {"Accept-Language": "de"}


def nonsense(words=132, seed=1) -> str:
    rng = random.Random(seed)
    return " ".join(
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(10, 17))) for _ in range(words)
    )


def per_minute(limit: str) -> int:
    return int(limit.split()[0])


def test_a_long_query_is_searched_by_its_first_words_and_says_so(app, client):
    make_kommune()
    make_listing(name="Jugendclub Bentwisch")
    text = "Jugendclub Bentwisch " + nonsense(words=130)
    assert len(query_words(text)) == MAX_WORDS and words_left_out(text)
    body = client.get("/api/search", query_string={"q": text}).get_json()
    assert body["total"] == 0 and any("ersten 12 Wörtern" in notice for notice in body["notices"])
    html = client.get("/suche", query_string={"q": text}, headers=DE).get_data(as_text=True)
    assert "Gesucht wurde nur nach den ersten 12 Wörtern" in html
    body = client.get(
        "/api/search", query_string={"q": "Jugendclub " * 300}
    ).get_json()  # one word, 3 300 chars
    assert (body["total"], body["notices"]) == (1, []), body
    assert client.get("/api/search", query_string={"q": "Jugendclub"}).get_json()["notices"] == []


@pytest.mark.search_engine("whoosh")  # Whoosh's query and time limit
def test_the_parsed_query_has_bounded_terms(app):
    make_kommune()
    for number in range(30):  # many similar words in the index: candidates for spelling tolerance
        make_listing(name=f"Haus{string.ascii_lowercase[number % 26]}{number // 26 or ''} Verein")
    reader = search_backend()._current_searcher().reader()
    assert len(similar_terms(reader, "name", "hausz", 1)) == MAX_EXPANSIONS
    words = query_words(nonsense())
    exact, fuzzy = text_query(words), text_query(["hausq"] * 1 + words, fuzzy_reader=reader)
    assert len(words) == MAX_WORDS
    per_word = 4 + 4  # a stem in each text field; at most two compound parts in each field
    assert len(set(exact.iter_all_terms())) <= MAX_WORDS * per_word
    expanded = len(set(fuzzy.iter_all_terms())) - len(set(exact.iter_all_terms()))
    assert 0 < expanded <= MAX_FUZZY_WORDS * 4 * MAX_EXPANSIONS + per_word


class TimeRunsOutAfterTheWords(WordArrays):
    """The words themselves are matched in time; the next step (related words) finds its deadline
    passed when it reads its first new term."""

    steps = 0

    def evaluate(self, query):
        self.steps += 1
        if self.steps > 1:
            self.deadline = 0.0
        return super().evaluate(query)


def names(response) -> list[str]:
    return [hit["name"] for hit in response.get_json()["results"]]


@pytest.mark.search_engine("whoosh")  # Whoosh's query and time limit
def test_a_search_out_of_time_answers_with_what_it_found_and_a_notice(app, client, monkeypatch):
    make_kommune()
    make_listing(name="Jugendclub Westdorf")
    make_listing(name="Jugendzentrum Ostdorf")  # found through the related words only
    found = client.get("/api/search", query_string={"q": "Jugendclub"})
    assert names(found) == ["Jugendclub Westdorf", "Jugendzentrum Ostdorf"]
    monkeypatch.setattr(whoosh_search, "WordArrays", TimeRunsOutAfterTheWords)
    response = client.get("/api/search", query_string={"q": "Jugendclub"})
    assert response.status_code == 200
    assert names(response) == ["Jugendclub Westdorf"]  # found until then
    assert any("zu lange gedauert" in notice for notice in response.get_json()["notices"])
    monkeypatch.setattr(whoosh_search, "TIME_LIMIT", 0.0)
    response = client.get("/api/search", query_string={"q": "Jugendclub"})
    assert response.status_code == 200 and response.get_json()["total"] == 0
    assert any("zu lange gedauert" in notice for notice in response.get_json()["notices"])
    html = client.get("/suche", query_string={"q": "Chor"}, headers=DE)
    assert html.status_code == 200 and "zu lange gedauert" in html.get_data(as_text=True)


def test_long_queries_are_rate_limited_per_client_with_a_plain_message(app, client):
    long_query = {"q": nonsense(words=20)}
    statuses = [
        client.get("/api/search", query_string=long_query).status_code for _ in range(per_minute(LONG_LIMIT))
    ]
    assert statuses == [200] * per_minute(LONG_LIMIT)
    response = client.get("/api/search", query_string=long_query)
    assert response.status_code == 429 and response.content_type == "application/problem+json"
    assert "Zu viele Suchanfragen" in response.get_json()["detail"]
    page = client.get("/suche", query_string=long_query, headers=DE)  # the page shares the budget
    assert page.status_code == 429 and "Zu viele Anfragen" in page.get_data(as_text=True)
    other = client.get("/api/search", query_string={"q": "Chor"}, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert other.status_code == 200  # another client
    assert client.get("/api/search", query_string={"q": "Chor"}).status_code == 200  # short ones go on


def test_text_searches_have_a_generous_limit_and_filters_none(app, client):
    for _ in range(per_minute(TEXT_LIMIT)):
        assert client.get("/api/search", query_string={"q": "Chor"}).status_code == 200
    assert client.get("/suche", query_string={"q": "Chor"}).status_code == 429
    for _ in range(5):  # no words: cheap, not limited
        assert client.get("/api/search", query_string={"type": "initiative"}).status_code == 200
        assert client.get("/api/map", query_string={"bbox": "11,53,14,55", "zoom": 8}).status_code == 200
