"""Nothing pending, rejected or archived is visible anywhere public: pages, API, exports, counts."""

import json

import pytest

from zwk_network.exchange.exporter import export_entries
from zwk_network.registry.models import Initiative, MeetingPlace

from .factories import make_kommune, make_listing
from .url_map import HIDDEN_MARKERS, NOTE_MARKER, REVISION_MARKER, marker_words

HIDDEN = ("pending", "rejected", "archived")


@pytest.fixture
def entries(app):
    make_kommune()
    visible = {
        "initiative": make_listing(Initiative, name="Sichtbare Initiative"),
        "place": make_listing(MeetingPlace, name="Sichtbarer Ort"),
    }
    hidden = {}
    for status in HIDDEN:
        hidden[("initiative", status)] = make_listing(
            Initiative, name=f"Versteckt {status} Initiative", status=status
        )
        hidden[("place", status)] = make_listing(MeetingPlace, name=f"Versteckt {status} Ort", status=status)
    return visible, hidden


def test_lists_and_details_show_only_approved(client, entries):
    visible, hidden = entries
    pages = [
        "/",
        "/initiativen",
        "/orte",
        "/initiativen?theme=begegnung",
        "/orte?region=west",
        "/api/initiatives",
        "/api/places",
        "/api/initiatives?format=geojson",
        "/api/initiatives?lat=53.8&lon=12.1&radius_km=10",
        "/api/places?bbox=12,53.7,12.4,53.9",
        "/suche?q=Versteckt",
        "/suche",
        "/api/search?q=Versteckt",
        "/api/search?q=Versteckt&near=Westdorf&radius_km=50",
        "/api/search?theme=begegnung",
    ]
    for url in pages:
        body = client.get(url).get_data(as_text=True)
        for status in HIDDEN:  # the search pages echo the query word itself, never a hidden name
            assert f"Versteckt {status}" not in body, url
    assert "Sichtbare Initiative" in client.get("/initiativen").get_data(as_text=True)
    assert client.get("/api/search?q=Initiative").get_json()["total"] == 1  # only the visible one
    for (kind, _status), entry in hidden.items():
        base = "/initiativen" if kind == "initiative" else "/orte"
        api = "/api/initiatives" if kind == "initiative" else "/api/places"
        assert client.get(f"{base}/{entry.id}").status_code == 404
        assert client.get(f"{api}/{entry.id}").status_code == 404
    assert client.get(f"/initiativen/{visible['initiative'].id}").status_code == 200


def test_counts_ignore_hidden_entries(client, entries):
    assert client.get("/api/initiatives").get_json()["total"] == 1
    assert "Derzeit veröffentlicht: 1 Initiative und 1 Begegnungsort" in client.get(
        "/", headers={"Accept-Language": "de"}
    ).get_data(as_text=True)


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_exports_contain_only_approved(app, entries, tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    assert export_entries("initiatives", fmt, str(path)) == 1
    text = path.read_text(encoding="utf-8")
    assert "Versteckt" not in text and "Sichtbare Initiative" in text
    if fmt == "geojson":
        assert len(json.loads(text)["features"]) == 1


#: Query strings every public route is also asked with: a search word the hidden entries hold, the
#: list filters, the formats; the map at the zooms of points and of clusters.
PUBLIC_QUERIES = [
    "",
    "?q=Eintrag",
    "?q=ZZPENDING",
    "?kommune=testkreis&region=west&theme=begegnung",
    "?format=geojson",
    "?format=csv",
    "?lat=53.8&lon=12.1&radius_km=10",
    "?bbox=11,53,13,55&zoom=12",
    "?bbox=11,53,13,55&zoom=6",
    "?near=Westdorf&radius_km=50",
    "?per_page=100",
]


def test_no_public_route_shows_an_unapproved_entry(public_walk):
    """Every public GET route of the URL map, with the ids of approved and hidden entries and with
    each query: no answer (page, feed, export, API, map) names a pending, rejected or archived
    entry or a change waiting for review. The queries that name a marker echo it, so for them only
    the other markers count."""
    markers = [*HIDDEN_MARKERS.values(), REVISION_MARKER]
    shown, checked = 0, 0
    for answer in public_walk:
        assert answer["status"] < 500, answer["url"]
        text = answer["visible"]
        found = marker_words(text, [m for m in markers if m not in answer["query"]])
        assert not found, (answer["url"], found)
        shown += "Sichtbar" in text
        checked += 1
    assert checked >= 300 and shown >= 80  # the walk saw the approved rows: the hidden ones could have shown


def test_no_public_route_shows_a_need_note(public_walk):
    """A need's internal note (tests/needs/test_internal_note.py): every public GET route with every
    query of the walk and a search for the note's other word – the note is in none of them, though the
    need itself (and its description) is. Here, beside the walk's other reader, so that the module's
    one worker (make test: --dist loadscope) walks once."""
    shown, checked = 0, 0
    for answer in public_walk:
        assert answer["status"] < 500, answer["url"]
        text = answer["raw"]
        if answer["mimetype"] == "text/html":
            text = answer["visible"] + text  # also what only attributes and scripts hold
        assert not marker_words(text, [NOTE_MARKER]), answer["url"]
        shown += "Sichtbar Bedarf" in text
        checked += 1
    assert checked >= 300 and shown >= 10
    (search,) = [answer for answer in public_walk if answer["url"] == "/api/search?q=vertraulich"]
    assert json.loads(search["raw"])["total"] == 0
