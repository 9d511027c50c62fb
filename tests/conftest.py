"""Fixtures: every database test runs on SpatiaLite and on PostGIS.

Per backend there are two databases, each migrated once per session:
- "empty": tests that write use it through `app`; every table is emptied after each test.
- "seeded": the seed data, loaded once; tests that only read use it through `seeded_app`.

ZWK_TEST_BACKENDS=spatialite (or postgis) limits the run to one backend.
ZWK_TEST_POSTGRES_SERVER names the PostgreSQL server (default: postgres@127.0.0.1:5432).
ZWK_TEST_DB_PREFIX (default zwk_test) names the test databases, so that two checkouts can run
their suites side by side on one server.
"""

import os
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from zwk_network import create_app, deferred
from zwk_network.extensions import db, limiter
from zwk_network.search import journal
from zwk_network.search.engine import search_backend
from zwk_network.seed import load_seed

BACKENDS = [b for b in os.environ.get("ZWK_TEST_BACKENDS", "spatialite,postgis").split(",") if b]
POSTGRES_SERVER = os.environ.get("ZWK_TEST_POSTGRES_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")
#: Under pytest-xdist each worker (gw0, gw1 …) has databases of its own.
DB_PREFIX = os.environ.get("ZWK_TEST_DB_PREFIX", "zwk_test") + (
    f"_{os.environ['PYTEST_XDIST_WORKER']}" if os.environ.get("PYTEST_XDIST_WORKER") else ""
)
VOCABULARY_TABLES = {"themes", "target_groups", "help_kinds"}


def fresh_database_url(backend: str, name: str, tmp_path_factory) -> str:
    """A URL of a new, empty database of the backend."""
    if backend == "spatialite":
        return "sqlite:///" + str(tmp_path_factory.mktemp(name) / f"{name}.sqlite")
    database = f"{DB_PREFIX}_{name}"
    engine = create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    engine.dispose()
    return f"{POSTGRES_SERVER}/{database}"


class SentResponseClient(FlaskClient):
    """Closes each response before returning it, as a server does once it is sent, and waits
    until the work queued after it (deferred.after_response) has run. buffered=False keeps the
    response open: nothing is queued until the test closes it."""

    def open(self, *args, buffered: bool = True, **kwargs):
        response = super().open(*args, buffered=buffered, **kwargs)
        if buffered:
            assert deferred.wait_idle(), "work after the response did not finish"
        return response


def make_app(url: str, tmp_path_factory, **extra):
    instance = tmp_path_factory.mktemp("instance")
    search_dir = str(tmp_path_factory.mktemp("search-index"))
    config = {
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "test",
        "SEARCH_DIR": search_dir,
        "MAIL_OUTBOX": str(instance / "outbox"),
        **extra,
    }
    app = create_app(config)
    app.instance_path = str(instance)
    app.test_client_class = SentResponseClient
    return app


def migrated_app(backend: str, name: str, tmp_path_factory):
    app = make_app(fresh_database_url(backend, name, tmp_path_factory), tmp_path_factory)
    with app.app_context():
        upgrade()
    return app


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request):
    return request.param


#: The apps of this worker's databases by (backend, kind), built once. pytest finalises a
#: parametrised session fixture whenever the next module runs on the other backend and would
#: migrate (and seed) the databases again for every such switch; the cache keeps them.
_APPS: dict[tuple[str, str], object] = {}


def cached_app(backend: str, kind: str, build):
    if (backend, kind) not in _APPS:
        _APPS[backend, kind] = build()
    return _APPS[backend, kind]


@pytest.fixture(scope="session", autouse=True)
def _dispose_apps():
    yield
    for app in _APPS.values():
        with app.app_context():
            db.engine.dispose()


def _seeded(backend: str, tmp_path_factory):
    app = migrated_app(backend, f"{backend}_seeded", tmp_path_factory)
    with app.app_context():
        load_seed(echo=lambda *_: None)
    return app


@pytest.fixture(scope="session")
def _empty_app(backend, tmp_path_factory):
    return cached_app(backend, "empty", lambda: migrated_app(backend, f"{backend}_empty", tmp_path_factory))


@pytest.fixture(scope="session")
def _seeded_app(backend, tmp_path_factory):
    return cached_app(backend, "seeded", lambda: _seeded(backend, tmp_path_factory))


@pytest.fixture(scope="session")
def _empty_whoosh_app(backend, _empty_app, tmp_path_factory):
    """The empty database with the Whoosh engine, whatever the database's default engine."""
    url = _empty_app.config["DATABASE_URL"]
    return cached_app(
        backend, "empty-whoosh", lambda: make_app(url, tmp_path_factory, SEARCH_BACKEND="whoosh")
    )


@pytest.fixture
def app(request, _empty_app):
    """An app on an empty, migrated database; all rows are removed after the test.

    A test marked search_engine("whoosh") gets the Whoosh engine on every database (it tests
    that engine's files, journal and locks); else the database's default engine."""
    marker = request.node.get_closest_marker("search_engine")
    chosen = _empty_app
    if marker is not None:
        assert marker.args == ("whoosh",), "only the Whoosh engine is pinned this way"
        chosen = request.getfixturevalue("_empty_whoosh_app")
    saved = dict(chosen.config)
    with chosen.app_context():
        yield chosen
        deferred.wait_idle()  # nothing of this test runs on into the next
        restore_config(chosen, saved)
        db.session.rollback()
        empty_all_tables()
        search_backend().rebuild([])  # the index follows the emptied tables
        journal.clear(search_backend().directory)  # what a test's failed writes left
        limiter.reset()
        clear_outbox(chosen)


@pytest.fixture
def seeded_app(_seeded_app):
    """An app on the seeded database. Tests using it must not write."""
    saved = dict(_seeded_app.config)
    with _seeded_app.app_context():
        yield _seeded_app
        db.session.rollback()
        restore_config(_seeded_app, saved)
        limiter.reset()  # each test starts with the full budget of rate-limited requests


def restore_config(app, saved: dict) -> None:
    """The app's settings as before the test: the app outlives it (cached_app), a changed setting
    (BASE_URL, a limit) must not reach the next test."""
    app.config.clear()
    app.config.update(saved)


def clear_outbox(app) -> None:
    for path in Path(app.config["MAIL_OUTBOX"]).glob("*.eml"):
        path.unlink()


def empty_all_tables() -> None:
    """Deletes the rows of every table a test wrote to, children first. (TRUNCATE costs per table
    and cascades through every referencing table: ~110 ms for a Kommune and one entry on
    PostgreSQL, against ~5 ms for these DELETEs.) Every id sequence starts at 1 again."""
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in VOCABULARY_TABLES]
    probe = " UNION ALL ".join(f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM \"{t.name}\")" for t in tables)
    written = {name for (name,) in db.session.execute(text(probe))}
    for table in tables:
        if table.name in written:
            db.session.execute(table.delete())
    if db.engine.dialect.name == "postgresql":
        db.session.execute(
            text(
                "SELECT setval(s.oid::regclass, 1, false) FROM pg_class s"
                " JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')"
                " JOIN pg_class t ON t.oid = d.refobjid"
                " JOIN pg_sequences q ON q.schemaname = current_schema() AND q.sequencename = s.relname"
                " WHERE s.relkind = 'S' AND t.relname = ANY(:tables) AND q.last_value IS NOT NULL"
            ),
            {"tables": [t.name for t in tables]},
        )
    db.session.commit()


#: The public walk's answers per database (see public_walk).
_PUBLIC_WALKS: dict[str, list[dict]] = {}


@pytest.fixture
def public_walk(app, client):
    """The answers of every public GET route with every query of the visibility walk, over one world
    (tests/url_map.py: walk_public_routes). Walked once per database and session: the tests that read
    it only read (the walk's rows are removed after the first test, as for every test of `app`)."""
    from tests.test_visibility import PUBLIC_QUERIES
    from tests.url_map import walk_public_routes

    key = app.config["DATABASE_URL"]
    if key not in _PUBLIC_WALKS:
        _PUBLIC_WALKS[key] = walk_public_routes(app, client, [*PUBLIC_QUERIES, "?q=vertraulich"])
    return _PUBLIC_WALKS[key]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def seeded_client(seeded_app):
    return seeded_app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def seeded(app):
    """The empty database with the seed data loaded (for tests that write on top of it)."""
    load_seed(echo=lambda *_: None)
    return app
