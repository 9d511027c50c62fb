"""Searching the seeded registry: German words, typos, filters, geo, facets, snippets."""

import pytest

from zwk_network.extensions import db
from zwk_network.municipalities.models import Region
from zwk_network.search.backend import SearchQuery
from zwk_network.search.engine import search_backend
from zwk_network.search.reconcile import repair_drift


@pytest.fixture
def search(seeded_app):
    repair_drift()  # the seeded database was filled before this app's index existed

    def run(text="", **options):
        return search_backend().search(SearchQuery(text=text, per_page=200, **options))

    return run


def names(result):
    return [hit.name for hit in result.hits]


@pytest.mark.parametrize("spelling", ["Begegnungsstaette", "Begegnungsstätte", "begegnungsstatte"])
def test_umlaut_spellings_find_the_same(search, spelling):
    assert set(names(search(spelling))) == set(names(search("Begegnungsstätte"))) != set()


def test_compounds_and_stems(search):
    assert "Jugendclub Bentwisch e. V." in names(search("Jugend"))
    assert "Gesundheits- und Begegnungszentrum Neubukow" in names(search("Zentrum"))
    assert set(names(search("Jugendliche"))) >= {"Jugendclub Bentwisch e. V."}
    # Its summary says "Elternfrühstück"; the word "Frühstück" alone appears nowhere in it.
    assert "Elterncafé Walkendorf" in names(search("Frühstück"))
    assert "Elterncafé Walkendorf" in names(search("Frühstück Eltern"))


def test_typos_find_and_suggest(search):
    result = search("Jugenclub")
    assert result.fuzzy and "Jugendclub Bentwisch e. V." in names(result)
    assert result.suggestion == "jugendclub"
    nothing = search("xqzvw")
    assert nothing.total == 0 and nothing.hits == []


def test_names_weigh_more_than_descriptions(search):
    result = search("Jugendclub")
    assert result.hits[0].name.startswith("Jugendclub") and result.hits[0].score >= result.hits[-1].score


def test_filters_and_facets_reflect_the_other_filters(search):
    everything = search()
    assert everything.total == sum(everything.facets["type"].values())
    only_places = search(types=("place",))
    assert only_places.total == everything.facets["type"]["place"]
    assert only_places.facets["type"] == everything.facets["type"]  # its own filter is left out
    sport = search(theme="sport")
    assert sport.total == everything.facets["theme"]["sport"] > 0
    region = db.session.scalar(db.select(Region).where(Region.slug == "sued-ost"))
    south_east = search(region_ids=(region.id,))
    assert south_east.total == everything.facets["region"][region.id]
    both = search(theme="sport", region_ids=(region.id,))
    assert both.total == south_east.facets["theme"]["sport"] == sport.facets["region"].get(region.id, 0)


def test_radius_and_distance_order(search):
    teterow = (12.57, 53.776)
    near = search(point=teterow, radius_km=15)
    distances = [hit.distance_km for hit in near.hits]
    assert near.total > 0 and distances == sorted(distances) and distances[-1] <= 15
    wider = search(point=teterow, radius_km=40)
    assert {h.key for h in near.hits} < {h.key for h in wider.hits}
    text_near = search("Verein", point=teterow, radius_km=40)
    assert all(hit.distance_km <= 40 for hit in text_near.hits) and text_near.hits[0].score is not None


def test_snippets_are_escaped_and_highlighted(search):
    hit = search("Kleinbus").hits[0]
    assert '<b class="match' in hit.snippet and "Kleinbus" in hit.snippet
    assert "<script" not in hit.snippet


def test_name_order_holds_across_pages_and_segments(app):
    from tests.factories import make_kommune, make_listing
    from zwk_network.registry.models import Initiative

    make_kommune()
    names_written = [
        "Zeltlager",
        "ärztehaus",
        "Alpha",
        "Bürgerbus",
        "beta",
        "Chor",
        "Öko-Garten",
        "Dorfladen",
    ]
    for name in names_written:  # one commit each: several index segments
        make_listing(Initiative, name, 12.1, 53.8)
        db.session.commit()
    pages = [
        search_backend().search(SearchQuery(sort="name", page=page, per_page=3)).hits for page in (1, 2, 3)
    ]
    found = [hit.name for hits in pages for hit in hits]
    assert found == [
        "Alpha",
        "ärztehaus",
        "beta",
        "Bürgerbus",
        "Chor",
        "Dorfladen",
        "Öko-Garten",
        "Zeltlager",
    ]
