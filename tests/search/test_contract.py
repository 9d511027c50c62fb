"""The contract of a search engine: the same cases against every registered engine (issue 16).

Each test runs once per engine of search/engine.py that can run on the test's database: the
app's engine is replaced by a fresh one of that name, so the entries the test writes reach it
through the sync, as in production. A new engine is registered there and must pass this file,
the labelled search set and both labelled matching sets.
"""

import re

import numpy as np
import pytest
from sqlalchemy import text

from tests.factories import make_kommune, make_listing
from zwk_network.extensions import db, limiter
from zwk_network.geo.clusters import CELL_PIXELS, TILE_PIXELS, grid_clusters
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.search.analysis import fold, stem
from zwk_network.search.backend import SearchQuery
from zwk_network.search.documents import indexable_documents
from zwk_network.search.engine import ENGINES, EXTENSION_KEY, engine_class, search_backend
from zwk_network.taxonomy.bits import THEME_BITS

WESTDORF, OSTDORF = (12.1, 53.8), (12.3, 53.8)  # 13 km apart (tests/factories.py)
FAR = (13.0, 54.3)  # ~80 km from Westdorf


def _use_engine(app, name: str, tmp_path):
    config = {**app.config, "SEARCH_DIR": str(tmp_path / f"index-{name}")}
    cls = engine_class(name)
    if not cls.available(config):
        pytest.skip(f"the {name} engine does not run on this database")
    original = app.extensions[EXTENSION_KEY]
    engine = app.extensions[EXTENSION_KEY] = cls.from_config(config)
    engine.on_incomplete = None
    return original, engine


@pytest.fixture(params=sorted(ENGINES))
def engine(request, app, tmp_path):
    """The engine under test, on the empty database; it follows the test's commits."""
    original, engine = _use_engine(app, request.param, tmp_path)
    engine.rebuild([])  # an engine in the database keeps the rows of the test before
    yield engine
    app.extensions[EXTENSION_KEY] = original


@pytest.fixture(params=sorted(ENGINES))
def seeded_engine(request, seeded_app, tmp_path):
    """The engine under test, filled from the seeded database."""
    original, engine = _use_engine(seeded_app, request.param, tmp_path)
    engine.rebuild(indexable_documents())
    yield engine
    seeded_app.extensions[EXTENSION_KEY] = original


@pytest.fixture
def corpus(engine):
    """A few entries in the test Kommune: what the cases below search for."""
    kommune = make_kommune()
    entries = {
        "breakfast": make_listing(
            name="Seniorenfrühstück Westdorf",
            summary="Gemeinsames Frühstück am Dienstag",
            description="Wir treffen uns im Gemeindehaus. <script>alert(1)</script>",
            themes=["begegnung"],
            target_groups=["senioren"],
            lon=WESTDORF[0],
            lat=WESTDORF[1],
        ),
        "club": make_listing(
            name="Jugendclub Ostdorf",
            summary="Treffpunkt für Jugendliche mit Billard",
            themes=["jugend"],
            target_groups=["jugendliche"],
            lon=OSTDORF[0],
            lat=OSTDORF[1],
        ),
        "hall": make_listing(
            MeetingPlace,
            name="Begegnungsstätte am Markt",
            summary="Räume für Vereine",
            themes=["begegnung"],
            target_groups=["senioren", "familien"],
            lon=OSTDORF[0] + 0.01,
            lat=OSTDORF[1],
        ),
        "driving": make_listing(
            name="Fahrdienst zum Arzt",
            summary="Ehrenamtliche fahren Senioren zum Arzt",
            themes=["mobilitaet"],
            target_groups=["senioren"],
            lon=FAR[0],
            lat=FAR[1],
        ),
        "pending": make_listing(name="Geheimer Chor Westdorf", summary="Wir singen", status="pending"),
    }
    return kommune, entries


def run(text="", **options):
    options.setdefault("per_page", 50)
    return search_backend().search(SearchQuery(text=text, **options))


def names(result) -> list[str]:
    return [hit.name for hit in result.hits]


def test_text_finds_by_name_summary_and_description(corpus):
    assert names(run("Billard")) == ["Jugendclub Ostdorf"]
    assert names(run("Gemeindehaus"))[0] == "Seniorenfrühstück Westdorf"
    assert run("xqzvw").total == 0


@pytest.mark.parametrize(
    "hostile", ["'); DELETE FROM search_entries; --", "a & | ! :* ( \\ ' <->", "Billard' | 'chor", "%_\\%"]
)
def test_query_syntax_is_only_words(corpus, hostile):
    run(hostile)
    run(hostile, sort="name", point=WESTDORF, radius_km=5)
    assert names(run("Billard")) == ["Jugendclub Ostdorf"]  # nothing was changed or broken


@pytest.mark.parametrize("spelling", ["Begegnungsstaette", "Begegnungsstätte", "begegnungsstatte"])
def test_german_spellings_and_stems(corpus, spelling):
    assert names(run(spelling))[0] == "Begegnungsstätte am Markt"  # the others by their theme
    assert "Jugendclub Ostdorf" in names(run("Jugendlicher"))


def test_compound_parts_are_found(corpus):
    assert "Seniorenfrühstück Westdorf" in names(run("Senioren"))
    assert names(run("Frühstück"))[0] == "Seniorenfrühstück Westdorf"


def test_typos_are_tolerated_and_a_spelling_is_suggested(corpus):
    result = run("Jugenclub")
    assert result.fuzzy and names(result) == ["Jugendclub Ostdorf"]
    assert result.suggestion == "jugendclub"


def test_partial_matches_follow_when_few_have_all_words(corpus):
    result = run("Billard Arzt")
    assert result.partial and result.total == 2
    assert all(hit.partial for hit in result.hits)
    assert set(names(result)) == {"Jugendclub Ostdorf", "Fahrdienst zum Arzt"}


def test_filters(corpus):
    kommune, _entries = corpus
    assert names(run(types=("place",))) == ["Begegnungsstätte am Markt"]
    assert set(names(run(theme="begegnung"))) == {"Seniorenfrühstück Westdorf", "Begegnungsstätte am Markt"}
    assert names(run(target_group="jugendliche")) == ["Jugendclub Ostdorf"]
    assert run(kommune_id=kommune.id).total == 3 and run(kommune_id=-1).total == 0


def test_radius_and_distance_order(corpus):
    near = run(point=WESTDORF, radius_km=20)
    assert names(near) == ["Seniorenfrühstück Westdorf", "Jugendclub Ostdorf", "Begegnungsstätte am Markt"]
    assert near.hits[0].distance_km == 0 and 12 < near.hits[1].distance_km < 15
    assert names(run(point=WESTDORF, radius_km=5)) == ["Seniorenfrühstück Westdorf"]
    assert names(run(point=FAR, sort="distance"))[0] == "Fahrdienst zum Arzt"


def test_bbox(corpus):
    result = run(bbox=(12.2, 53.7, 12.4, 53.9))
    assert set(names(result)) == {"Jugendclub Ostdorf", "Begegnungsstätte am Markt"}


def test_facets_count_with_every_filter_but_their_own(corpus):
    everything = run()
    assert everything.facets["type"]["initiative"] == 3 and everything.facets["type"]["place"] == 1
    places = run(types=("place",))
    assert places.facets["type"] == everything.facets["type"]
    assert places.facets["theme"]["begegnung"] == 1
    assert everything.facets["target_group"]["senioren"] == 3
    assert sum(everything.facets["region"].values()) == 3  # the far one is outside the Kommune


def test_sort_by_name_and_pagination(corpus):
    by_name = run(sort="name", per_page=2)
    assert by_name.total == 4
    assert names(by_name) == ["Begegnungsstätte am Markt", "Fahrdienst zum Arzt"]
    second = run(sort="name", per_page=2, page=2)
    assert names(second) == ["Jugendclub Ostdorf", "Seniorenfrühstück Westdorf"]
    assert run(sort="name", per_page=2, page=3).hits == []


def test_snippets_mark_the_words_and_escape_the_rest(corpus):
    hit = run("Gemeindehaus").hits[0]
    assert re.search(r'<b class="match[^"]*">Gemeindehaus</b>', hit.snippet)
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet


def test_map_view_gives_entries_or_clusters(corpus):
    query = SearchQuery(types=("initiative", "place"))
    detailed = search_backend().map_view(query, zoom=9, detail_limit=100)
    assert detailed.total == 4 and detailed.clusters is None
    assert {entry.name for entry in detailed.entries} >= {"Jugendclub Ostdorf"}
    club = next(entry for entry in detailed.entries if entry.name == "Jugendclub Ostdorf")
    assert (club.type, club.themes, club.lon, club.lat) == ("initiative", ["jugend"], *OSTDORF)
    clustered = search_backend().map_view(query, zoom=9, detail_limit=2)
    assert clustered.entries is None and clustered.cluster_zoom == 9
    assert sum(cluster.count for cluster in clustered.clusters) == 4
    east = max(clustered.clusters, key=lambda cluster: cluster.count)
    assert east.counts_by_type == {"initiative": 1, "place": 1}  # Ostdorf's club and hall
    assert east.bbox[0] <= OSTDORF[0] <= east.bbox[2]


def test_map_clusters_hold_only_the_matches_in_view(corpus):
    """The clusters count what the view holds, and the same as the total: not the Fahrdienst north
    of the view in its longitudes (the PostgreSQL engine once took the Mercator limit for the
    view's northern edge), whether the view's grid or the matches' extent sets the grid's zoom."""
    view = (12.0, 53.7, 13.1, 53.9)  # Westdorf and Ostdorf; FAR lies north of it
    for zoom in (9, 18):  # 18: the view spans too many cells, the grid is coarser
        clustered = search_backend().map_view(SearchQuery(bbox=view), zoom=zoom, detail_limit=2)
        assert clustered.entries is None and clustered.total == 3
        assert sum(cluster.count for cluster in clustered.clusters) == 3
        assert all(view[1] <= cluster.bbox[1] <= cluster.bbox[3] <= view[3] for cluster in clustered.clusters)
    assert search_backend().map_view(SearchQuery(bbox=view), zoom=9, detail_limit=3).total == 3
    everywhere = search_backend().map_view(SearchQuery(), zoom=9, detail_limit=3)
    assert everywhere.entries is None and sum(cluster.count for cluster in everywhere.clusters) == 4


def test_map_clusters_are_the_grid_of_the_matches(corpus):
    """Every engine's clusters are geo/clusters.grid_clusters() of its matches: the same cells (two
    entries on either side of a cell's western edge at zoom 9 and finer), counts, bounding boxes and
    types, in the same order (largest first, then west first, then north first), at every zoom."""
    edge = -180 + 874 * 360 * CELL_PIXELS / (TILE_PIXELS * 2**9)  # 12.041015625: exact in binary
    make_listing(name="Am Rand", lon=edge, lat=53.8)
    make_listing(MeetingPlace, name="Knapp davor", lon=edge - 1e-9, lat=53.8)
    for zoom in (7, 9, 12, 18):
        matches = search_backend().map_view(SearchQuery(), zoom=zoom, detail_limit=100).entries
        clustered = search_backend().map_view(SearchQuery(), zoom=zoom, detail_limit=1)
        codes = sorted({entry.type for entry in matches})
        expected = grid_clusters(
            np.array([entry.lon for entry in matches]),
            np.array([entry.lat for entry in matches]),
            np.array([codes.index(entry.type) for entry in matches]),
            clustered.cluster_zoom,
        )
        assert [(c.count, c.bbox, c.counts_by_type) for c in clustered.clusters] == [
            (c.count, c.bbox, {codes[code]: n for code, n in c.counts_by_type.items()}) for c in expected
        ]
        centres = [(c.lon, c.lat) for c in clustered.clusters]
        assert centres == [pytest.approx((c.lon, c.lat), rel=1e-12) for c in expected]


def test_matching_candidates(corpus):
    _kommune, entries = corpus
    snapshot = search_backend().candidates(("initiative", "place"))
    rows = {(kind, int(entry_id)): row for row, (kind, entry_id) in enumerate(snapshot.candidates.keys())}
    assert set(rows) == {
        ("initiative", entries["breakfast"].id),
        ("initiative", entries["club"].id),
        ("place", entries["hall"].id),
        ("initiative", entries["driving"].id),
    }
    candidates = snapshot.candidates
    hall = rows["place", entries["hall"].id]
    assert candidates.themes[hall] == THEME_BITS["begegnung"]
    assert (candidates.lon[hall], candidates.lat[hall]) == (OSTDORF[0] + 0.01, OSTDORF[1])
    scores = snapshot.text_scores({stem(fold("frühstück")): 1.0})
    breakfast = rows["initiative", entries["breakfast"].id]
    assert scores[breakfast] > 0 and (scores > 0).sum() == 1
    assert snapshot.entry(breakfast).name == "Seniorenfrühstück Westdorf"
    assert snapshot.document_frequency(stem("billard")) == (1, 4)
    only_places = search_backend().candidates(("place",))
    assert len(only_places.candidates) == 1


def test_entries_by_key(corpus):
    _kommune, entries = corpus
    club, pending = ("initiative", entries["club"].id), ("initiative", entries["pending"].id)
    found = search_backend().entries([club, pending, ("place", 9999)])
    assert list(found) == [club]
    assert found[club].name == "Jugendclub Ostdorf" and found[club].town


def test_unapproved_entries_are_nowhere_until_approved(corpus):
    _kommune, entries = corpus
    secret = entries["pending"]
    key = ("initiative", secret.id)

    def everywhere() -> set[bool]:
        map_entries = search_backend().map_view(SearchQuery(), zoom=9, detail_limit=100).entries
        candidates = search_backend().candidates(("initiative",))
        return {
            "Geheimer Chor Westdorf" in names(run("Chor")),
            any(entry.name == "Geheimer Chor Westdorf" for entry in map_entries),
            key in set(candidates.candidates.keys()),
            key in search_backend().entries([key]),
        }

    assert everywhere() == {False}
    secret.status = "approved"
    db.session.commit()
    assert everywhere() == {True}
    secret.name = "Offener Chor Westdorf"
    db.session.commit()
    assert names(run("Offener Chor")) == ["Offener Chor Westdorf"]
    secret.status = "rejected"
    db.session.commit()
    assert run("Chor").total == 0
    db.session.delete(db.session.get(Initiative, entries["club"].id))
    db.session.commit()
    assert run("Billard").total == 0 and search_backend().document_count() == 3


def test_labelled_search_set(engine, app, client):
    from .labels import evaluate_queries, labelled_set, load_entries, load_geography

    load_geography()
    data = labelled_set()
    load_entries(data)
    limiter.enabled = False
    try:
        scores = evaluate_queries(client, data)
    finally:
        limiter.enabled = True
    misses = [(row["q"], row["top"]) for row in scores["rows"] if not row["success"]]
    assert scores["success_at_5"] >= 0.95 and scores["mrr"] >= 0.9, misses


def test_labelled_matching_set(engine):
    from tests.matching.labels import evaluate_needs, load_labelled_set

    scores = evaluate_needs(load_labelled_set(make_kommune()))
    assert scores["ndcg5"] >= 0.75 and scores["recall10"] >= 0.85, scores["per_need"]


def test_seeded_labelled_matching_set(seeded_engine):
    from tests.matching.seed_labels import evaluate_seeded

    scores = evaluate_seeded()
    assert scores["gap_recall"] >= 0.9 and scores["gap_precision"] >= 0.9, scores["per_need"]
    assert scores["ndcg5"] >= 0.85, scores


def test_reindex_and_check_commands(corpus, app):
    runner = app.test_cli_runner()
    reindexed = runner.invoke(args=["search", "reindex"])
    assert reindexed.exit_code == 0 and "indexed 4 entries" in reindexed.output, reindexed.output
    checked = runner.invoke(args=["search", "check"])
    assert checked.exit_code == 0 and "matches the database" in checked.output, checked.output
    assert names(run("Billard")) == ["Jugendclub Ostdorf"]


# Ranking by how rare a word is (idf): ts_rank_cd alone weighs every word alike, and „Smartphone
# Hilfe“ put an entry with „Hilfe“ three times before one named for the smartphone (issue 16).
@pytest.fixture
def common_and_rare(engine):
    make_kommune()
    for number in range(12):
        make_listing(name=f"Hilfe im Alltag {number}", summary="Nachbarn helfen bei Wegen")
    make_listing(
        name="Nachbarschaftshilfe Hilfe für Nachbarn",
        summary="Hilfe beim Einkaufen, Hilfe im Garten, Hilfe im Haus",
        description="Auch das Smartphone erklären wir.",
    )
    make_listing(
        name="Smartphone-Sprechstunde", summary="Fragen zum Telefon", description="Hilfe ohne Termin"
    )
    return engine


def test_a_rare_word_counts_more_than_a_common_one(common_and_rare):
    found = names(run("Smartphone Hilfe"))
    assert found[:2] == ["Smartphone-Sprechstunde", "Nachbarschaftshilfe Hilfe für Nachbarn"]


def _counted(connection) -> dict[str, int]:
    return dict(connection.execute(text("SELECT lexeme, entries FROM search_terms")).all())


def _recounted(connection) -> dict[str, int]:
    rows = connection.execute(
        text(
            "SELECT lexeme, count(*) FROM search_entries "
            "CROSS JOIN LATERAL unnest(array_append(tsvector_to_array(vector), '')) AS lexeme GROUP BY lexeme"
        )
    )
    return dict(rows.all())


def test_postgres_term_counts_follow_every_write(common_and_rare, request):
    if request.node.callspec.params.get("engine") != "postgres":
        pytest.skip("the counts are the PostgreSQL engine's")
    session = db.session
    assert _counted(session)[""] == 14
    assert _counted(session)["smartphon"] == 2
    entry = make_listing(name="Erzählcafé", summary="Geschichten erzählen")
    entry.summary = "Smartphone-Fotos zeigen"
    db.session.commit()
    assert _counted(session)["smartphon"] == 3
    entry.status = "pending"
    db.session.commit()
    counted = {lexeme: n for lexeme, n in _counted(session).items() if n}
    assert counted == _recounted(session)
    assert counted["smartphon"] == 2
    common_and_rare.rebuild([])
    assert not any(_counted(session).values())
