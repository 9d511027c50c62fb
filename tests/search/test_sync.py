"""The index follows every committed change; drift is found and repaired."""

import pytest
from sqlalchemy import select

from zwk_network.exchange.importer import import_file
from zwk_network.extensions import db
from zwk_network.registry.models import Initiative
from zwk_network.search import journal, sync
from zwk_network.search.backend import SearchQuery
from zwk_network.search.engine import search_backend
from zwk_network.search.reconcile import find_drift, reconcile, repair_drift
from zwk_network.search.startup import reconcile_at_start

from ..exchange.helpers import point_feature, write_geojson
from ..factories import make_kommune, make_listing, make_need


def keys(text="", **filters):
    hits = search_backend().search(SearchQuery(text=text, per_page=100, **filters)).hits
    return {f"{hit.type}:{hit.entry_id}" for hit in hits}


def test_moderation_moves_entries_in_and_out_of_the_index(app):
    make_kommune()
    entry = make_listing(name="Seniorenfrühstück Westdorf", status="pending")
    key = f"initiative:{entry.id}"
    assert key not in keys("Frühstück")
    entry.status = "approved"
    db.session.commit()
    assert key in keys("Frühstück")
    entry = db.session.get(Initiative, entry.id)
    entry.name = "Erzählcafé Westdorf"
    db.session.commit()
    assert key not in keys("Frühstück") and key in keys("Erzählcafé")
    for hidden in ("rejected", "archived"):
        entry = db.session.get(Initiative, entry.id)
        entry.status = "approved"
        db.session.commit()
        entry.status = hidden
        db.session.commit()
        assert key not in keys("Erzählcafé")
    entry.status = "approved"
    db.session.commit()
    db.session.delete(db.session.get(Initiative, entry.id))
    db.session.commit()
    assert key not in keys("Erzählcafé") and keys() == set()


def test_rollback_changes_nothing(app):
    make_kommune()
    make_listing(name="Vorhanden")
    entry = db.session.scalar(select(Initiative))
    entry.name = "Nie gespeichert"
    db.session.flush()
    db.session.rollback()
    assert keys("gespeichert") == set() and len(keys("Vorhanden")) == 1


def test_imports_and_needs_are_indexed(app, tmp_path):
    kommune = make_kommune()
    path = write_geojson(
        tmp_path / "a.geojson", [point_feature("Lesepaten Westdorf"), point_feature("Chor Ostdorf", 12.3)]
    )
    assert import_file(path, "initiatives").ok
    assert len(keys("Lesepaten")) == 1 and len(keys("Chor")) == 1
    need = make_need(kommune, title="Fahrdienst zum Arzt")
    assert keys("Fahrdienst") == {f"need:{need.id}"}


@pytest.mark.search_engine("whoosh")  # Whoosh's write after the commit
def test_a_failed_index_write_keeps_the_database_change_and_is_repaired(app, monkeypatch):
    make_kommune()

    def broken(_changes):
        raise OSError("disk full")

    monkeypatch.setattr(sync, "apply_changes", broken)
    entry = make_listing(name="Trotzdem gespeichert")
    assert db.session.get(Initiative, entry.id) is not None
    assert len(journal.pending(search_backend().directory)) == 1  # the write is not confirmed
    monkeypatch.undo()
    missing, stale, extra = find_drift()
    assert missing == [f"initiative:{entry.id}"] and stale == [] and extra == []
    assert repair_drift() == 1
    assert find_drift() == ([], [], [])
    assert len(keys("gespeichert")) == 1


@pytest.mark.search_engine("whoosh")  # Whoosh's write after the commit
def test_theme_changes_make_documents_stale_until_synced(app, monkeypatch):
    make_kommune()
    entry = make_listing(name="Dorfverein")
    monkeypatch.setattr(sync, "apply_changes", lambda changes: None)  # the index misses an update
    entry = db.session.get(Initiative, entry.id)
    entry.themes = []
    db.session.commit()
    monkeypatch.undo()
    assert find_drift()[1] == [f"initiative:{entry.id}"]


@pytest.mark.parametrize("fix", [False, True])
def test_check_and_reindex_commands(app, runner, fix):
    make_kommune()
    make_listing(name="Gemeinschaftsgarten")
    search_backend().remove(keys())
    result = runner.invoke(args=["search", "check", *(["--fix"] if fix else [])])
    assert "missing: initiative:" in result.output
    assert result.exit_code == (0 if fix else 1)
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "indexed 1 entries" in result.output
    assert runner.invoke(args=["search", "check"]).exit_code == 0


@pytest.mark.search_engine("whoosh")  # Whoosh's write after the commit
def test_drift_is_repaired_at_the_next_start(app, monkeypatch):
    make_kommune()
    monkeypatch.setattr(sync, "apply_changes", lambda changes: (_ for _ in ()).throw(OSError("disk full")))
    entry = make_listing(name="Nachgeholt")
    monkeypatch.undo()
    assert keys("Nachgeholt") == set()
    reconcile_at_start()  # what create_app runs at start-up
    assert keys("Nachgeholt") == {f"initiative:{entry.id}"}


def test_commits_leave_no_journal_and_rollbacks_none_either(app):
    make_kommune()
    entry = make_listing(name="Bestätigt")
    entry.name = "Verworfen"
    db.session.flush()
    db.session.rollback()
    assert journal.pending(search_backend().directory) == []
    assert reconcile().repaired == 0


@pytest.mark.search_engine("whoosh")  # Whoosh's write after the commit
def test_an_index_of_an_older_version_is_rebuilt_at_start(tmp_path_factory, app):
    from whoosh import fields, index

    from tests.conftest import make_app
    from tests.factories import make_kommune, make_listing

    make_kommune()
    make_listing(Initiative, "Alter Index Verein", 12.1, 53.8)
    directory = tmp_path_factory.mktemp("old-index")
    index.create_in(str(directory), fields.Schema(key=fields.ID(stored=True, unique=True)))  # an old schema
    fresh = make_app(
        app.config["DATABASE_URL"],
        tmp_path_factory,
        SEARCH_DIR=str(directory),
        SEARCH_BACKEND=app.config["SEARCH_BACKEND"],
    )
    with fresh.app_context():
        backend = search_backend()
        assert backend.schema_is_current()
        assert backend.search(SearchQuery(text="Verein")).total == 1
        db.engine.dispose()  # this second app's own connections
