"""The bulk path of a large import (WhooshBackend.index_many, used by the sync from BULK_CHANGES
changed entries on): documents analysed by several processes replace and add as index() does."""

import pytest

from zwk_network.exchange.importer import import_file
from zwk_network.search import postgres_backend, sync
from zwk_network.search.backend import SearchQuery
from zwk_network.search.documents import SearchDocument
from zwk_network.search.engine import search_backend
from zwk_network.search.postgres_backend import PostgresBackend
from zwk_network.search.reconcile import find_drift, reconcile
from zwk_network.search.whoosh_backend import WhooshBackend

from ..exchange.helpers import point_feature, write_geojson
from ..factories import make_kommune, make_listing


def document(number: int, name: str) -> SearchDocument:
    return SearchDocument(
        key=f"initiative:{number}", type="initiative", entry_id=number, name=name, lon=12.1, lat=54.0
    ).with_version()


@pytest.mark.parametrize("processes", [2, 1])
def test_index_many_replaces_and_adds_with_several_processes(tmp_path, processes):
    """Documents the index holds are replaced, others added (without looking up their keys)."""
    backend = WhooshBackend(str(tmp_path))
    backend.index([document(1, "Jugendclub Westdorf"), document(2, "Chor Ostdorf"), document(3, "Chor")])
    backend.remove(["initiative:3"])  # a deleted document: its key is added anew, once
    renamed = [document(2, "Seniorentreff Ostdorf")]
    added = [document(number, f"Bürgerbus Linie {number}") for number in range(3, 203)]
    backend.index_many([*renamed, *added], processes=processes)
    assert backend.document_count() == 202
    assert backend.search(SearchQuery(text="Chor")).total == 0
    assert [hit.entry_id for hit in backend.search(SearchQuery(text="Seniorentreff")).hits] == [2]
    assert backend.search(SearchQuery(text="Bürgerbus", per_page=5)).total == 200
    assert backend.indexed_ids()["initiative"].tolist() == list(range(1, 203))
    backend.index([document(5, "Repair Café")])  # an ordinary write afterwards
    assert backend.search(SearchQuery(text="Repair")).total == 1
    assert backend.document_count() == 202
    backend.close()


def test_a_large_import_goes_the_bulk_path_and_is_found(app, tmp_path, monkeypatch):
    if not isinstance(search_backend(), WhooshBackend):
        pytest.skip("the bulk path of the Whoosh engine")
    make_kommune()
    written = []
    index_many = WhooshBackend.index_many

    def counting(self, documents, processes=1):
        documents = list(documents)
        written.append((len(documents), processes))
        index_many(self, documents, processes)

    monkeypatch.setattr(sync, "BULK_CHANGES", 3)  # "large" from three entries on, not 20 000
    monkeypatch.setattr(WhooshBackend, "index_many", counting)
    features = [point_feature(f"Lesepaten Westdorf {n}", 12.0 + n / 100) for n in range(4)]
    assert import_file(write_geojson(tmp_path / "a.geojson", features), "initiatives").ok
    assert written == [(4, sync.bulk_processes())]
    assert search_backend().search(SearchQuery(text="Lesepaten")).total == 4
    small = [point_feature("Chor Ostdorf", 12.3)]
    assert import_file(write_geojson(tmp_path / "b.geojson", small), "initiatives").ok
    assert len(written) == 1 and search_backend().search(SearchQuery(text="Chor")).total == 1


def test_a_large_repair_commits_in_bulk_chunks_and_finds_everything(app, monkeypatch):
    if not isinstance(search_backend(), WhooshBackend):
        pytest.skip("the bulk path of the Whoosh engine")
    make_kommune()
    entries = [make_listing(name=f"Nähcafé Westdorf {n}", lon=12.0 + n / 100) for n in range(5)]
    search_backend().remove([f"initiative:{entry.id}" for entry in entries])  # lost, as by a crash
    written = []
    index_many = WhooshBackend.index_many

    def counting(self, documents, processes=1):
        documents = list(documents)
        written.append(len(documents))
        index_many(self, documents, processes)

    monkeypatch.setattr(sync, "BULK_CHANGES", 3)
    monkeypatch.setattr(sync, "BULK_REPAIR_CHUNK", 4)
    monkeypatch.setattr(WhooshBackend, "index_many", counting)
    assert reconcile().added == 5
    assert written == [4]  # the first chunk in bulk; the last one (1 entry) as any small write
    assert search_backend().search(SearchQuery(text="Nähcafé")).total == 5


def test_a_large_import_on_postgres_is_copied_within_its_commit_and_found(app, tmp_path, monkeypatch):
    if not isinstance(search_backend(), PostgresBackend):
        pytest.skip("the bulk path of the PostgreSQL engine")
    make_kommune()
    copied = []
    write_many_in = PostgresBackend.write_many_in

    def counting(self, connection, documents, replace=True):
        documents = list(documents)
        copied.append(len(documents))
        return write_many_in(self, connection, documents, replace)

    monkeypatch.setattr(sync, "BULK_CHANGES", 3)
    monkeypatch.setattr(postgres_backend, "COPY_BATCH", 2)  # several COPYs
    monkeypatch.setattr(PostgresBackend, "write_many_in", counting)
    features = [point_feature(f"Lesepaten Westdorf {n}", 12.0 + n / 100) for n in range(5)]
    assert import_file(write_geojson(tmp_path / "a.geojson", features), "initiatives").ok
    assert copied == [5]
    assert search_backend().search(SearchQuery(text="Lesepaten")).total == 5
    assert search_backend().search(SearchQuery(text="Lesepaten", point=(12.0, 53.8), radius_km=20)).total == 5
    assert search_backend().document_count() == 5
    assert find_drift() == ([], [], [])  # rows and versions as an ordinary write has them
    entries = [document(number, f"Tafel Ostdorf {number}") for number in (1, 2)]
    search_backend().index_many(entries)  # replaces by key
    assert search_backend().search(SearchQuery(text="Tafel")).total == 2
