"""What people type: word parts, related words, accents, filler, most-of-the-words, a place in the text."""

import re

import pytest

from tests.factories import make_kommune, make_listing
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.taxonomy.lexicon import LexiconError, load_lexicon

DE = {"Accept-Language": "de"}


def names(client, q, **params):
    body = client.get("/api/search", query_string={"q": q, **params}).get_json()
    return [hit["name"] for hit in body["results"]], body


@pytest.fixture
def entries(app):
    make_kommune()
    make_listing(Initiative, "Bürgerbus-Verein Westdorf", summary="Fahrten zum Arzt", themes=["mobilitaet"])
    make_listing(
        Initiative, "Rufbus-Freunde Ostdorf", lon=12.3, summary="Hilfe beim Bestellen", themes=["mobilitaet"]
    )
    make_listing(MeetingPlace, "Dorfcafé Westdorf", summary="Kuchen am Sonntag")
    make_listing(MeetingPlace, "Treff für Senioren Ostdorf", lon=12.3, summary="Spielenachmittag")
    make_listing(MeetingPlace, "Jugendclub Westdorf", summary="Billard und Kicker", themes=["jugend"])
    make_listing(MeetingPlace, "Jugendzentrum Ostdorf", lon=12.3, summary="Offene Tür", themes=["jugend"])
    make_listing(
        Initiative,
        "Chor Ostdorf",
        lon=12.3,
        summary="Wir singen montags",
        themes=["kultur"],
        target_groups=["erwachsene"],
    )


def test_a_word_finds_the_compounds_it_ends(client, entries):
    found, _ = names(client, "Bus")
    assert set(found) >= {"Bürgerbus-Verein Westdorf", "Rufbus-Freunde Ostdorf"}


@pytest.mark.parametrize("typed", ["Cafe", "Café", "CAFÉ", "dorfcafe"])
def test_accents_fold_both_ways(client, entries, typed):
    assert names(client, typed)[0][0] == "Dorfcafé Westdorf"


def test_a_compound_finds_its_parts(client, entries):
    assert "Treff für Senioren Ostdorf" in names(client, "Seniorentreff")[0]


def test_related_words_rank_below_the_word_itself(client, entries):
    found, _ = names(client, "Jugendzentrum")
    assert found[:2] == ["Jugendzentrum Ostdorf", "Jugendclub Westdorf"]
    found, _ = names(client, "Jugendclub")
    assert found[:2] == ["Jugendclub Westdorf", "Jugendzentrum Ostdorf"]


def test_filler_words_decide_nothing(client, entries):
    assert names(client, "gibt es einen Chor")[0] == names(client, "Chor")[0] == ["Chor Ostdorf"]


def test_entries_with_most_of_the_words_follow_with_a_notice(client, entries):
    found, body = names(client, "Chor Billard Orgel")  # no entry has all three
    assert set(found) == {"Chor Ostdorf", "Jugendclub Westdorf"}
    assert all(hit["partial"] for hit in body["results"])
    assert any("nicht alle Suchwörter" in notice for notice in body["notices"])
    html = client.get("/suche", query_string={"q": "Chor Billard Orgel"}, headers=DE).get_data(as_text=True)
    assert "enthält nicht alle Suchwörter" in html
    found, body = names(client, "Chor singen")  # all words: no notice
    assert found == ["Chor Ostdorf"] and not body["notices"]


def test_a_place_in_the_text_is_where_not_a_word(client, entries):
    found, body = names(client, "Jugendclub Ostdorf")
    assert found[:2] == ["Jugendzentrum Ostdorf", "Jugendclub Westdorf"]  # nearby first, not excluded
    assert body["notices"][0] == "Einträge in der Nähe von Ostdorf zuerst."
    assert body["results"][0]["distance_km"] == 0.0
    found, _ = names(client, "Westdorf")  # only a place: everything, nearest first
    assert found[0].endswith("Westdorf") and len(found) == 7


def test_cards_show_type_town_distance_and_no_labels(client, entries):
    html = client.get("/suche", query_string={"q": "Chor", "near": "Westdorf"}, headers=DE).get_data(
        as_text=True
    )
    assert "Begegnungsort" in html or "Initiative" in html
    assert re.search(r"Ostdorf · 13,\d km entfernt", html)  # to a tenth, in German
    assert "Kultur" not in html.split('<ol class="results">')[1].split("</ol>")[0]  # labels are not snippets
    assert 'name="sort"' in html  # with a place: Relevanz / Entfernung


def test_demo_entries_are_labelled_in_results(client, app):
    make_kommune()
    make_listing(Initiative, "Erfundener Chor", demo=True)
    html = client.get("/suche", query_string={"q": "Chor"}, headers=DE).get_data(as_text=True)
    assert "Beispieldaten" in html
    assert client.get("/api/search?q=Chor").get_json()["results"][0]["demo"] is True


def test_a_broken_lexicon_is_refused_with_one_line(tmp_path):
    path = tmp_path / "lexicon.toml"
    path.write_text('[[gruppe]]\nthema = "gibtsnicht"\nwoerter = ["a"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="group 1"):
        load_lexicon(str(path))
    path.write_text("wortteile = [", encoding="utf-8")
    with pytest.raises(LexiconError, match="cannot be read"):
        load_lexicon(str(path))
