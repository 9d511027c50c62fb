"""Documents of a large write built and written by worker processes (document_workers.py,
whoosh_parallel.py): the same index as one process writes, all or nothing when a worker fails."""

import multiprocessing
import os
import signal
from pathlib import Path

import pytest
from whoosh.index import open_dir

from zwk_network.exchange.importer import import_file
from zwk_network.extensions import db
from zwk_network.registry.models import Initiative
from zwk_network.search import journal, sync, whoosh_backend, whoosh_parallel
from zwk_network.search.backend import SearchQuery
from zwk_network.search.document_workers import EntryParts, changed_parts, every_part
from zwk_network.search.engine import search_backend
from zwk_network.search.reconcile import find_drift

from ..exchange.helpers import point_feature, write_geojson
from ..factories import make_kommune, make_listing

pytestmark = pytest.mark.search_engine("whoosh")


@pytest.fixture
def parallel(monkeypatch):
    """Worker processes from three entries on (not 20 000), and for the sync's bulk path."""
    monkeypatch.setattr(whoosh_backend, "PARALLEL_FROM", 3)
    monkeypatch.setattr(sync, "BULK_CHANGES", 3)


def test_a_large_import_is_built_by_workers_and_found_as_one_process_writes_it(app, tmp_path, parallel):
    make_kommune()
    features = [point_feature(f"Lesepaten Westdorf {n}", 12.0 + n / 100) for n in range(7)]
    assert import_file(write_geojson(tmp_path / "a.geojson", features), "initiatives").ok
    backend = search_backend()
    assert backend.search(SearchQuery(text="Lesepaten")).total == 7
    assert backend.search(SearchQuery(text="Lesepaten", point=(12.0, 53.8), radius_km=20)).total == 7
    assert find_drift() == ([], [], [])  # every document's version as this process builds it
    assert not journal.orphans(backend.directory)


def test_workers_replace_changed_entries_and_drop_those_no_longer_public(app, parallel):
    make_kommune()
    entries = [make_listing(name=f"Chor Ostdorf {n}", lon=12.0 + n / 100) for n in range(4)]
    renamed, hidden = entries[0], entries[1]
    renamed.name = "Seniorentreff Ostdorf"
    hidden.status = "rejected"
    db.session.commit()  # small: the ordinary path; now the same entries once more through workers
    backend = search_backend()
    backend.index_parts(changed_parts({Initiative: {entry.id for entry in entries}}), processes=2)
    assert backend.document_count() == 3
    assert [hit.entry_id for hit in backend.search(SearchQuery(text="Seniorentreff")).hits] == [renamed.id]
    assert backend.search(SearchQuery(text="Chor")).total == 2
    assert find_drift() == ([], [], [])


def test_a_reindex_with_workers_gives_the_same_index(app, runner, parallel):
    make_kommune()
    for n in range(5):
        make_listing(name=f"Nähcafé Westdorf {n}", lon=12.0 + n / 100)
    before = search_backend().versions()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "indexed 5 entries" in result.output
    assert search_backend().versions() == before
    assert find_drift() == ([], [], [])


def test_workers_start_a_new_segment_after_a_number_of_documents_and_all_are_found(
    app, runner, parallel, monkeypatch
):
    make_kommune()
    for n in range(7):
        make_listing(name=f"Erzählcafé Westdorf {n}", lon=12.0 + n / 100)
    before = search_backend().versions()
    monkeypatch.setattr("zwk_network.search.document_workers.PART_SIZE", 1)
    monkeypatch.setattr(whoosh_parallel, "SEGMENT_DOCUMENTS", 2)  # a worker's memory: bounded by this
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    backend = search_backend()
    segments = open_dir(str(backend.directory))._segments()
    assert len(segments) >= 4  # 7 documents, two workers, at most 2 in each segment
    assert max(segment.doc_count_all() for segment in segments) <= 2
    assert backend.versions() == before
    assert backend.search(SearchQuery(text="Erzählcafé")).total == 7
    assert find_drift() == ([], [], [])


def test_a_worker_that_fails_fails_the_write_and_leaves_the_index_as_it_was(app, parallel):
    make_kommune()
    entries = [make_listing(name=f"Bürgerbus {n}", lon=12.0 + n / 100) for n in range(4)]
    backend = search_backend()
    before = backend.versions()
    parts = changed_parts({Initiative: {entry.id for entry in entries}})
    broken = EntryParts(
        parts.parts, parts.settings | {"DATABASE_URL": "sqlite:////nonexistent/folder/x.sqlite"}
    )
    with pytest.raises(whoosh_parallel.WorkerFailed):
        backend.index_parts(broken, processes=2)
    assert backend.versions() == before  # its deletions of the entries it was to replace are undone
    assert backend.search(SearchQuery(text="Bürgerbus")).total == 4


def test_a_worker_killed_midway_fails_the_rebuild_and_readers_keep_the_old_index(app, parallel, monkeypatch):
    make_kommune()
    for n in range(20):
        make_listing(name=f"Tafel Westdorf {n}", lon=12.0 + n / 100)
    monkeypatch.setattr("zwk_network.search.document_workers.PART_SIZE", 1)  # 20 parts, a message each
    backend = search_backend()
    before = backend.versions()
    killed = []

    def kill_the_workers(_count):  # at the first part done: the workers still have parts to build
        for worker in multiprocessing.active_children():
            os.kill(worker.pid, signal.SIGKILL)
            killed.append(worker.pid)

    with pytest.raises(whoosh_parallel.WorkerFailed, match="ended with code -9"):
        backend.rebuild_parts(every_part, progress=kill_the_workers, processes=2)
    assert killed
    assert backend.versions() == before
    assert backend.search(SearchQuery(text="Tafel")).total == 20
    backend.index([])  # no writer was left holding the lock


def test_a_worker_whose_writing_process_is_killed_ends_too(tmp_path):
    """Killed with SIGKILL (by the OOM killer, say), the writing process leaves its workers waiting
    for parts on a queue they hold both ends of: they look for it and end instead of lingering."""
    import subprocess
    import sys
    import time

    script = tmp_path / "writer.py"
    script.write_text(
        "import time\n"
        "from zwk_network.search import whoosh_parallel\n"
        "if __name__ == '__main__':\n"
        "    jobs = whoosh_parallel.SPAWN.Queue()\n"
        "    worker = whoosh_parallel.SPAWN.Process(target=whoosh_parallel._next, args=(jobs,))\n"
        "    worker.start()\n"
        "    print(worker.pid, flush=True)\n"
        "    time.sleep(120)\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    writer = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env)
    worker = int(writer.stdout.readline())
    os.kill(writer.pid, signal.SIGKILL)
    writer.communicate(timeout=30)
    deadline = time.monotonic() + 30
    while _running(worker):
        assert time.monotonic() < deadline, "the worker outlived its writing process"
        time.sleep(0.1)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; only its parent (gone) would have reaped it
