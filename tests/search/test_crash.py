"""Fault tests: processes killed (SIGKILL) at the commit boundary or in a reindex; the next start
shows every committed entry in search and on the map, and nothing is left behind.

The kill lands deterministically at the boundary: the test holds the index's write lock, so the
child commits to the database and then waits for the lock, where it is killed.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from whoosh import index as whoosh_index

from tests.conftest import make_app
from zwk_network.extensions import db
from zwk_network.registry.models import Initiative
from zwk_network.search import journal

from ..exchange.helpers import point_feature, write_geojson
from ..factories import make_kommune, make_listing

#: Whoosh's write lock, journal and files (the PostgreSQL engine writes within the commit).
pytestmark = pytest.mark.search_engine("whoosh")

ROOT = Path(__file__).resolve().parents[2]
BBOX = "11.0,53.0,14.5,54.8"  # all of Mecklenburg-Vorpommern


def child_env(app) -> dict:
    return {
        **os.environ,
        "ZWK_DATABASE_URL": app.config["DATABASE_URL"],
        "ZWK_SEARCH_DIR": app.config["SEARCH_DIR"],
        "ZWK_SEARCH_BACKEND": app.config["SEARCH_BACKEND"],
        "ZWK_SECRET_KEY": "test",
        "ZWK_MAIL_OUTBOX": app.config["MAIL_OUTBOX"],
    }


def flask(app, *args, **options) -> subprocess.Popen:
    command = [sys.executable, "-m", "flask", "--app", "zwk_network", *args]
    return subprocess.Popen(
        command,
        env=child_env(app),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **options,
    )


class IndexLocked:
    """Holds the index's write lock, as a long write of another process would."""

    def __init__(self, app):
        self.lock = whoosh_index.open_dir(app.config["SEARCH_DIR"]).lock("WRITELOCK")

    def __enter__(self):
        assert self.lock.acquire(blocking=False)
        return self

    def __exit__(self, *exc):
        self.lock.release()


def wait_for(condition, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the child did not get there in time"
        time.sleep(0.05)


def kill(process: subprocess.Popen, group: bool = False) -> None:
    if group:
        os.killpg(process.pid, signal.SIGKILL)  # the reindex's own analysing processes too
    else:
        os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)  # waited for: its journal files are now orphans
    assert process.returncode == -signal.SIGKILL


def approved_count() -> int:
    db.session.rollback()  # a fresh snapshot of what the child committed
    return db.session.scalar(
        select(func.count()).select_from(Initiative).where(Initiative.status == "approved")
    )


def after_the_next_start(app, tmp_path_factory, check) -> None:
    """Start the app anew on the same database and index folder, and check what it shows."""
    fresh = make_app(
        app.config["DATABASE_URL"],
        tmp_path_factory,
        SEARCH_DIR=app.config["SEARCH_DIR"],
        SEARCH_BACKEND=app.config["SEARCH_BACKEND"],
    )
    with fresh.app_context():
        try:
            check(fresh.test_client())  # its requests share this app context, and its session
        finally:
            db.session.remove()
            db.engine.dispose()


def found(client, **query) -> tuple[int, int]:
    """(total of /api/search, total of /api/map over the whole state) for a query."""
    search = client.get("/api/search", query_string={"per_page": 1, **query}).get_json()["total"]
    on_map = client.get("/api/map", query_string={"bbox": BBOX, "zoom": 8, **query}).get_json()["total"]
    return search, on_map


def test_importer_killed_after_its_commit(app, tmp_path, tmp_path_factory):
    make_kommune()
    features = [point_feature(f"Nachbarschaftstreff {n}", 12.0 + n / 500, 53.8) for n in range(300)]
    path = write_geojson(tmp_path / "import.geojson", features)
    with IndexLocked(app):
        importer = flask(app, "import", "initiatives", path)
        wait_for(lambda: approved_count() == 300, importer)  # committed, now waiting for the index
        kill(importer)
    assert journal.orphans(app.config["SEARCH_DIR"])  # its unconfirmed write

    def check(client):
        assert found(client, q="Nachbarschaftstreff") == (300, 300)
        assert client.get("/api/initiatives").get_json()["total"] == 300

    after_the_next_start(app, tmp_path_factory, check)
    assert journal.pending(app.config["SEARCH_DIR"]) == []


def test_importer_killed_without_its_journal_is_repaired_by_comparing_ids(app, tmp_path, tmp_path_factory):
    make_kommune()
    path = write_geojson(tmp_path / "import.geojson", [point_feature(f"Chor {n}") for n in range(50)])
    with IndexLocked(app):
        importer = flask(app, "import", "initiatives", path)
        wait_for(lambda: approved_count() == 50, importer)
        kill(importer)
    journal.clear(app.config["SEARCH_DIR"])  # e.g. the journal could not be written

    def check(client):
        assert found(client, q="Chor") == (50, 50)

    after_the_next_start(app, tmp_path_factory, check)


WORKER = textwrap.dedent("""
    import sys
    from zwk_network import create_app
    from zwk_network.extensions import db
    from zwk_network.moderation.services import approve_entry
    from zwk_network.registry.models import Initiative

    app = create_app()
    with app.app_context():
        approve_entry("initiative", db.session.get(Initiative, int(sys.argv[1])))
        db.session.commit()  # as the moderation view does; then the index write waits for the lock
""")


def test_worker_killed_while_waiting_for_the_index_lock(app, tmp_path_factory):
    make_kommune()
    make_listing(name="Schon sichtbar")
    entry = make_listing(name="Frisch freigegebener Lesekreis", status="pending")
    with IndexLocked(app):
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(entry.id)],
            env=child_env(app),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_for(lambda: approved_count() == 2, worker)
        kill(worker)

    def check(client):
        assert found(client, q="Lesekreis") == (1, 1)
        assert found(client) == (2, 2)

    after_the_next_start(app, tmp_path_factory, check)


def test_killed_reindex_leaves_nothing_behind(app, tmp_path, tmp_path_factory):
    make_kommune()
    features = [point_feature(f"Seniorenfrühstück {n}", 12.0 + n / 5000, 53.9) for n in range(2500)]
    from zwk_network.exchange.importer import import_file

    assert import_file(write_geojson(tmp_path / "many.geojson", features), "initiatives").ok
    directory = Path(app.config["SEARCH_DIR"])
    before = {path.name for path in directory.iterdir()}
    reindex = flask(app, "search", "reindex", start_new_session=True)
    for line in reindex.stderr:  # "  … 1000 indexed": the rebuild is under way
        if "1000 indexed" in line:
            break
    kill(reindex, group=True)
    left = {path.name for path in directory.iterdir()} - before
    assert left, "the killed reindex left temporary files (else this test proves nothing)"

    def check(client):
        assert found(client, q="Seniorenfrühstück") == (2500, 2500)

    after_the_next_start(app, tmp_path_factory, check)
    assert {path.name for path in directory.iterdir()} - before <= {"REPAIR.lock"}


def test_several_workers_starting_at_once_repair_once_and_corrupt_nothing(app, tmp_path, tmp_path_factory):
    make_kommune()
    from zwk_network.exchange.importer import import_file
    from zwk_network.search.engine import search_backend
    from zwk_network.search.reconcile import find_drift

    path = write_geojson(tmp_path / "some.geojson", [point_feature(f"Tanzgruppe {n}") for n in range(400)])
    assert import_file(path, "initiatives").ok
    search_backend().rebuild([])  # the index lost everything
    start = "from zwk_network import create_app; create_app()"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", start], env=child_env(app), cwd=ROOT, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    for worker in workers:
        _out, errors = worker.communicate(timeout=120)
        assert worker.returncode == 0, errors
    assert search_backend().document_count() == 400 and find_drift() == ([], [], [])
