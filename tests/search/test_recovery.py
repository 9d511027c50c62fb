"""An index folder emptied or removed under a running app: no 500, the entries come back, and
while the index is refilled, search and map say that results may be missing."""

import shutil
from pathlib import Path

import pytest

from tests.factories import make_kommune, make_listing
from zwk_network.search import completeness, reconcile
from zwk_network.search.engine import search_backend
from zwk_network.search.filelock import FileLock
from zwk_network.search.recovery import recovery_of
from zwk_network.search.sync import REPAIR_LOCK

#: The Whoosh engine's folder (the PostgreSQL engine keeps nothing on the server's disk).
pytestmark = pytest.mark.search_engine("whoosh")

BBOX = "11.0,53.0,14.5,54.8"
REBUILDING = "Die Suche wird gerade neu aufgebaut; Ergebnisse können fehlen."


def some_entries(count: int = 30) -> None:
    make_kommune()
    for number in range(count):
        make_listing(name=f"Erzählcafé {number}", lon=12.0 + number / 100, lat=53.8)


def searched(client, **query) -> dict:
    response = client.get("/api/search", query_string={"q": "Erzählcafé", **query})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def mapped(client) -> dict:
    response = client.get("/api/map", query_string={"bbox": BBOX, "zoom": 8})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def empty_folder(directory: Path) -> None:
    """What `rm -rf $ZWK_SEARCH_DIR/*` does."""
    for path in directory.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()


def test_an_emptied_index_folder_is_refilled_while_serving(app, client):
    some_entries()
    assert searched(client)["total"] == 30 and mapped(client)["total"] == 30  # a searcher is open
    empty_folder(Path(app.config["SEARCH_DIR"]))
    searched(client), mapped(client)  # answered, not a 500 (what the index holds now may be less)
    assert recovery_of(app).wait(timeout=60)
    assert searched(client)["total"] == 30 and mapped(client)["total"] == 30
    assert searched(client)["notices"] == [] and mapped(client)["notices"] == []
    assert not completeness.marked(app.config["SEARCH_DIR"])


def test_a_removed_index_folder_is_made_again_and_refilled(app, client):
    some_entries()
    assert searched(client)["total"] == 30
    shutil.rmtree(app.config["SEARCH_DIR"])
    mapped(client)
    assert recovery_of(app).wait(timeout=60)
    assert searched(client)["total"] == 30 and mapped(client)["total"] == 30


def test_a_change_committed_after_the_loss_is_not_lost(app, client):
    some_entries(5)
    assert searched(client)["total"] == 5
    empty_folder(Path(app.config["SEARCH_DIR"]))
    make_listing(name="Erzählcafé am Hafen")  # its index write comes first and finds no index
    assert recovery_of(app).wait(timeout=60)
    assert searched(client)["total"] == 6 and searched(client, q="Hafen")["total"] == 1


def test_while_the_index_is_refilled_search_and_map_say_so(app, client):
    some_entries(3)
    directory = Path(app.config["SEARCH_DIR"])
    empty_folder(directory)
    with FileLock(directory / REPAIR_LOCK):  # another process is refilling: this one's repair waits
        assert searched(client)["notices"] == [REBUILDING]
        assert mapped(client)["notices"] == [REBUILDING]
        assert REBUILDING in client.get("/suche?q=Erzählcafé").get_data(as_text=True)
        assert REBUILDING in client.get("/karte").get_data(as_text=True)
    assert recovery_of(app).wait(timeout=60)
    assert searched(client)["total"] == 3 and searched(client)["notices"] == []


def test_a_refill_killed_half_way_is_finished_by_the_next_reader(app, client):
    some_entries(10)
    search_backend().rebuild([])  # what a killed refill left: an empty index, still marked
    completeness.mark(app.config["SEARCH_DIR"])
    with FileLock(Path(app.config["SEARCH_DIR"]) / REPAIR_LOCK):  # held until the notice is seen
        assert searched(client)["notices"] == [REBUILDING]
    assert recovery_of(app).wait(timeout=60)
    assert searched(client)["total"] == 10 and searched(client)["notices"] == []


def test_filling_an_empty_index_at_start_up_is_announced_to_every_process(app, monkeypatch):
    some_entries(4)
    search_backend().rebuild([])
    seen = []

    def apply_in_chunks(changes):
        seen.append(completeness.marked(app.config["SEARCH_DIR"]))
        return real(changes)

    real = reconcile.apply_in_chunks
    monkeypatch.setattr(reconcile, "apply_in_chunks", apply_in_chunks)
    result = reconcile.reconcile()
    assert result.started_anew and result.added == 4 and seen[0] is True
    assert not completeness.marked(app.config["SEARCH_DIR"])


def test_a_reconcile_removes_only_the_mark_it_saw(tmp_path):
    first = completeness.mark(tmp_path)
    completeness.mark(tmp_path)  # a loss noticed while the reconcile of the first one ran
    completeness.clear(tmp_path, first)
    assert completeness.marked(tmp_path)
    completeness.clear(tmp_path, completeness.current(tmp_path))
    assert not completeness.marked(tmp_path)
