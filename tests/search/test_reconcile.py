"""The index is compared with the database at start and repaired, whichever process failed."""

import logging
import os
import subprocess

import pytest

from zwk_network.extensions import db
from zwk_network.registry.models import Initiative
from zwk_network.search import journal, sync
from zwk_network.search.backend import SearchQuery
from zwk_network.search.documents import SearchDocument
from zwk_network.search.engine import search_backend
from zwk_network.search.filelock import FileLock
from zwk_network.search.reconcile import find_drift, reconcile

from ..factories import make_kommune, make_listing


def names(text=""):
    return {hit.name for hit in search_backend().search(SearchQuery(text=text, per_page=100)).hits}


def lost(_changes):
    raise OSError("the process died between its commit and its index write")


def dead_pid() -> int:
    """The id of a process that has ended (and been waited for)."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def as_left_by_a_dead_process(path) -> None:
    path.rename(path.with_name(f"{dead_pid()}-{path.name.split('-', 1)[1]}"))


@pytest.mark.search_engine("whoosh")  # Whoosh's journal and files
def test_an_edit_whose_index_write_was_lost_is_replayed_from_the_journal(app, monkeypatch):
    make_kommune()
    entry = make_listing(name="Alter Name")
    monkeypatch.setattr(sync, "apply_changes", lost)
    entry = db.session.get(Initiative, entry.id)
    entry.name = "Neuer Name"
    db.session.commit()
    monkeypatch.undo()
    [left] = journal.pending(search_backend().directory)
    assert journal.orphans(search_backend().directory) == []  # its writer lives: not touched
    as_left_by_a_dead_process(left)
    result = reconcile()
    assert result.replayed == 1 and result.added == result.removed == 0  # ids alone match
    assert names("Name") == {"Neuer Name"} and journal.pending(search_backend().directory) == []


def test_missing_and_extra_entries_are_found_by_their_ids(app):
    make_kommune()
    kept, lost = make_listing(name="Bleibt"), make_listing(name="Verloren")
    search_backend().remove([f"initiative:{lost.id}"])
    search_backend().index(
        [SearchDocument(key="initiative:9999", type="initiative", entry_id=9999, name="Geist")]
    )
    assert search_backend().indexed_ids()["initiative"].tolist() == sorted([kept.id, 9999])
    result = reconcile()
    assert (result.added, result.removed) == (1, 1)
    assert names() == {"Bleibt", "Verloren"} and find_drift() == ([], [], [])
    assert reconcile().repaired == 0  # a second run finds nothing


@pytest.mark.search_engine("whoosh")  # Whoosh's journal and files
def test_a_new_empty_index_of_a_full_database_is_filled_at_start(app, tmp_path_factory, caplog, monkeypatch):
    from tests.conftest import make_app

    make_kommune()
    for number in range(3):
        make_listing(name=f"Verein {number}")
    logger = logging.getLogger("zwk_network.search.reconcile")
    monkeypatch.setattr(logger, "disabled", False)  # alembic's fileConfig in the session disabled it
    caplog.set_level(logging.WARNING, logger=logger.name)
    fresh = make_app(  # a new, empty index folder
        app.config["DATABASE_URL"], tmp_path_factory, SEARCH_BACKEND=app.config["SEARCH_BACKEND"]
    )
    with fresh.app_context():
        assert search_backend().search(SearchQuery(text="Verein")).total == 3
        db.engine.dispose()
    assert "search index empty" in caplog.text


@pytest.mark.search_engine("whoosh")  # Whoosh's journal and files
def test_files_left_by_a_killed_writer_are_removed(app):
    make_kommune()
    make_listing(name="Heil")
    directory = search_backend().directory
    (directory / "MAIN.tmp").mkdir()
    (directory / "MAIN.tmp" / "run.doclist").write_bytes(b"x" * 1000)
    (directory / "MAIN_deadbeef1234.seg").write_bytes(b"x" * 1000)
    (directory / "_MAIN_7.toc.1700000000.5").write_bytes(b"x")
    cleaned = reconcile().cleaned
    assert set(cleaned) >= {"MAIN.tmp", "MAIN_deadbeef1234.seg"}
    assert not (directory / "MAIN.tmp").exists() and not list(directory.glob("_MAIN_*.toc.*"))
    assert names("Heil") == {"Heil"}


def test_while_one_process_repairs_the_others_go_on(app):
    make_kommune()
    entry = make_listing(name="Später")
    search_backend().remove([f"initiative:{entry.id}"])
    with FileLock(search_backend().directory / sync.REPAIR_LOCK):  # as another process would
        assert reconcile().skipped
        assert names() == set()
    assert reconcile().added == 1


@pytest.mark.search_engine("whoosh")  # Whoosh's journal and files
def test_an_orphan_is_replayed_at_the_next_index_write_without_a_restart(app, monkeypatch):
    make_kommune()
    monkeypatch.setattr(sync, "apply_changes", lost)
    forgotten = make_listing(name="Vergessen")
    monkeypatch.undo()
    [left] = journal.pending(search_backend().directory)
    as_left_by_a_dead_process(left)
    make_listing(name="Irgendein anderer Eintrag")  # any write by any process
    assert "Vergessen" in names() and db.session.get(Initiative, forgotten.id) is not None
    assert journal.pending(search_backend().directory) == []


@pytest.mark.search_engine("whoosh")  # Whoosh's journal and files
def test_an_old_orphan_of_a_live_process_is_replayed_too(app, monkeypatch):
    make_kommune()
    monkeypatch.setattr(sync, "apply_changes", lost)
    make_listing(name="Hängengeblieben")
    monkeypatch.undo()
    [left] = journal.pending(search_backend().directory)
    old = left.stat().st_mtime - journal.ORPHAN_AGE - 1
    os.utime(left, (old, old))
    assert journal.orphans(search_backend().directory) == [left]
    assert reconcile().replayed == 1 and names() == {"Hängengeblieben"}
