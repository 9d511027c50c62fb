"""One need's matching reads only the entries that can change its answer, with the answer of all.

On PostgreSQL the engine selects them in SQL (search/postgres_candidates.py); the Whoosh engine
keeps its snapshot of every candidate. On both, match_nearby() must give what match() gives on
every candidate: the same scores in the same order, reasons, gap, answers in reach and coverage.
"""

from shapely.geometry import Point

from tests.factories import make_listing
from zwk_network.extensions import db
from zwk_network.matching.ranking import MATCHED_TYPES, NeedProfile, match, match_nearby
from zwk_network.matching.services import dismissed_for, load_candidates, need_profile
from zwk_network.needs.models import Need
from zwk_network.registry.models import Initiative
from zwk_network.search.backend import CandidateFilter
from zwk_network.search.engine import search_backend
from zwk_network.taxonomy.bits import THEME_BITS


def answer(result):
    """What a planner sees of a result, in its order (equal scores: the nearer first, then by type
    and id, whichever rows were read)."""
    return (
        [(m.type, m.id, m.score, tuple(m.reasons), m.answers, m.distance_km, m.band) for m in result.matches],
        result.gap,
        result.candidates_in_reach,
        result.reasons,
        result.coverage,
        result.uncovered,
    )


def test_every_seeded_need_gets_the_answer_of_all_candidates(seeded_app):
    needs = db.session.scalars(db.select(Need).order_by(Need.id)).all()
    assert len(needs) >= 10
    everything = search_backend().candidates(MATCHED_TYPES)
    for need in needs:
        profile = need_profile(need, dismissed_for(need.id))
        for limit in (3, 10):
            assert answer(match_nearby(load_candidates, profile, limit)) == answer(
                match(everything, profile, limit)
            ), need.title


def test_needs_far_from_every_entry_and_without_a_kind_get_the_answer_of_all(seeded_app):
    everything = search_backend().candidates(MATCHED_TYPES)
    needs = [
        NeedProfile("Chor", "Wir suchen einen Chor.", ["kultur"], [], Point(10.0, 50.0)),  # far south
        NeedProfile("Orte der Begegnung", "", [], ["senioren"], Point(12.3, 53.9), help_kinds=[]),
        NeedProfile("Digitale Hilfe", "Wer hilft beim Smartphone?", [], [], Point(13.0, 54.0).buffer(0.05)),
        NeedProfile("Beratung", "", ["gesundheit"], [], Point(12.1, 53.8), help_kinds=["beratung"]),
        NeedProfile("Dorfladen", "Einkaufen", ["nahversorgung"], [], None, help_kinds=["versorgung"]),
    ]
    for profile in needs:
        assert answer(match_nearby(load_candidates, profile, 10)) == answer(match(everything, profile, 10))


def test_candidates_for_holds_every_row_its_filters_pass_with_the_scores_of_all(app):
    near = make_listing(
        Initiative, "Jugendclub Nahdorf", 12.10, 53.80, themes=["jugend"], summary="Jugendtreff"
    )
    make_listing(Initiative, "Chor Nahdorf", 12.11, 53.80, themes=["kultur"], summary="Wir singen.")
    far = make_listing(
        Initiative, "Jugendclub Ferndorf", 13.60, 54.30, themes=["jugend"], summary="Jugendtreff"
    )
    backend = search_backend()
    jugend = CandidateFilter(fit_themes=THEME_BITS["jugend"], fit_terms=())
    nearby = CandidateFilter(
        fit_themes=THEME_BITS["jugend"], fit_terms=(), near=(12.1, 53.8, 12.1, 53.8), within_km=5
    )
    everything = backend.candidates(MATCHED_TYPES)
    for filters, wanted, unwanted in (
        # Near a need the box bounds what the PostgreSQL engine reads (every row in it: there nearly
        # every row fits in some part); elsewhere the fit does.
        ((nearby,), {("initiative", near.id)}, {"Jugendclub Ferndorf"}),
        ((jugend,), {("initiative", near.id), ("initiative", far.id)}, {"Chor Nahdorf"}),
    ):
        snapshot = backend.candidates_for(MATCHED_TYPES, filters)
        keys = snapshot.candidates.keys()
        assert wanted <= set(keys)
        if backend.__class__.__name__ == "PostgresBackend":  # the engine reads no more than asked
            assert not unwanted & {snapshot.entry(row).name for row in range(len(keys))}
        # Text relevance and frequencies are those of the whole index, row by row.
        terms = {"jugendtreff": 1.0, "sing": 0.5}
        scores = dict(zip(keys, snapshot.text_scores(terms), strict=True))
        all_scores = dict(zip(everything.candidates.keys(), everything.text_scores(terms), strict=True))
        assert scores == {key: all_scores[key] for key in keys}
        assert scores[("initiative", near.id)] > 0
        assert snapshot.document_frequency("jugendtreff") == everything.document_frequency("jugendtreff")


def test_a_workers_kept_postings_follow_every_commit(app):
    """The PostgreSQL engine keeps the postings of terms it read (postgres_candidates.PostingsCache)
    while their version in search_terms holds: an edit that changes where a word stands but not how
    many entries have it, a new entry and a deletion must all show in the next snapshot, on any
    server – the scores equal those read with nothing kept."""
    backend = search_backend()
    if backend.__class__.__name__ != "PostgresBackend":
        return
    from zwk_network.search.postgres_candidates import POSTINGS

    chor = make_listing(Initiative, "Singkreis Nahdorf", 12.10, 53.80, themes=["kultur"], summary="Chor")
    make_listing(Initiative, "Chor Ferndorf", 12.20, 53.80, themes=["kultur"], summary="Wir singen.")
    terms = {"chor": 1.0, "sing": 0.5}

    def scores():
        snapshot = backend.candidates(MATCHED_TYPES)
        return dict(zip(snapshot.candidates.keys(), snapshot.text_scores(terms).tolist(), strict=True))

    def fresh():
        POSTINGS.clear()
        return scores()

    first = scores()  # kept from here on
    chor.name, chor.summary = "Chor Nahdorf", "Wir proben."  # „Chor“ moves to the name: same count
    db.session.commit()
    moved = scores()
    assert moved != first
    assert moved == fresh()
    added = make_listing(Initiative, "Kinderchor", 12.11, 53.80, themes=["kultur"], summary="Chor für Kinder")
    grown = scores()
    assert grown[("initiative", added.id)] > 0
    assert grown == fresh()
    db.session.delete(added)
    db.session.commit()
    left = scores()
    assert ("initiative", added.id) not in left
    assert left == fresh() == moved


def test_equal_scores_are_ranked_nearer_first_then_by_id(app):
    """Entries that fit a need equally well – the same kind, theme and words, at the same distance –
    share a score; the list shows them by id, and among near-equal ones the nearer first, the same on
    every engine and whichever rows an engine read (before, the order among them was the partition's)."""
    lons = [12.10 + 0.001 * (n % 6) for n in range(24)]
    made = [
        make_listing(Initiative, f"Chor {n}", lon, 53.80, themes=["kultur"], summary="Wir singen im Chor.")
        for n, lon in enumerate(lons)
    ]
    inside = NeedProfile("Chor", "Wir suchen einen Chor.", ["kultur"], [], Point(12.10, 53.80).buffer(0.05))
    at_point = NeedProfile("Chor", "Wir suchen einen Chor.", ["kultur"], [], Point(12.10, 53.80))
    everything = search_backend().candidates(MATCHED_TYPES)
    for result in (match(everything, inside, 10), match_nearby(load_candidates, inside, 10)):
        assert {m.distance_km for m in result.matches} == {0.0}
        assert [m.id for m in result.matches] == [entry.id for entry in made[:10]]
    nearest = sorted(made, key=lambda entry: (lons[made.index(entry)], entry.id))[:10]
    for result in (match(everything, at_point, 10), match_nearby(load_candidates, at_point, 10)):
        assert [m.id for m in result.matches] == [entry.id for entry in nearest]
