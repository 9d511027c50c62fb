"""A large import killed (SIGKILL) halfway leaves nothing: neither entries nor search rows.

The child imports through the bulk paths with small batches (a "large" import from three rows on)
and stops, at a marker file, after the first batch of the database write – or, on the PostgreSQL
engine, after the first COPY of search rows within the import's transaction – where it is killed.
"""

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select, text

from zwk_network.extensions import db
from zwk_network.registry.models import Initiative
from zwk_network.search.backend import SearchQuery
from zwk_network.search.engine import search_backend
from zwk_network.search.postgres_backend import PostgresBackend

from ..factories import make_kommune
from ..search.test_crash import ROOT, child_env, kill, wait_for
from .helpers import point_feature, write_geojson

CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from zwk_network import create_app
    from zwk_network.exchange import importer, writers
    from zwk_network.search import postgres_backend, sync

    path, marker, where = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    sync.BULK_CHANGES = 3
    writers.CHUNK = 2
    postgres_backend.COPY_BATCH = 2

    def stop_after(module, name):
        original = getattr(module, name)

        def stopping(*args, **kwargs):
            result = original(*args, **kwargs)
            marker.write_text("here")
            time.sleep(600)  # killed here
            return result

        setattr(module, name, stopping)

    if where == "database":
        stop_after(writers, "insert_listings")
    else:
        stop_after(postgres_backend, "_copy")
    app = create_app()
    with app.app_context():
        importer.import_file(path, "initiatives")
""")


def search_rows() -> int:
    if not isinstance(search_backend(), PostgresBackend):
        return search_backend().search(SearchQuery(text="Tauschring")).total
    return db.session.scalar(text("SELECT count(*) FROM search_entries"))


def entries() -> int:
    db.session.rollback()  # a fresh snapshot
    return db.session.scalar(select(func.count()).select_from(Initiative))


@pytest.mark.parametrize("where", ["database", "search rows"])
def test_a_large_import_killed_halfway_leaves_nothing(app, tmp_path, where):
    if where == "search rows" and not isinstance(search_backend(), PostgresBackend):
        pytest.skip("the PostgreSQL engine writes search rows within the import's transaction")
    make_kommune()
    db.session.commit()
    features = [point_feature(f"Tauschring Westdorf {n}", 12.0 + n / 500, 53.8) for n in range(9)]
    path = write_geojson(tmp_path / "import.geojson", features)
    marker = tmp_path / "marker"
    command = [sys.executable, "-c", CHILD, path, str(marker), where.split()[0]]
    child = subprocess.Popen(
        command, env=child_env(app), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    wait_for(marker.exists, child)
    kill(child)
    assert entries() == 0
    assert search_rows() == 0
