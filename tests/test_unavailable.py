"""The database unreachable: at start-up one clear line, at run time 503 with a retry hint."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from tests.factories import make_kommune
from tests.submissions.helpers import login, make_staff
from zwk_network import create_app
from zwk_network.config import StartupError
from zwk_network.extensions import db


@contextmanager
def database_down():
    """Every new connection is refused, as by a stopped database server."""
    db.session.rollback()
    db.engine.dispose()

    def refuse(dialect, _record, _args, _params):
        raise dialect.loaded_dbapi.OperationalError("connection refused (database stopped for a test)")

    event.listen(db.engine, "do_connect", refuse)
    try:
        yield
    finally:
        event.remove(db.engine, "do_connect", refuse)
        db.engine.dispose()


@pytest.mark.parametrize("path", ["/", "/initiativen", "/suche?q=Chor", "/eintrag/" + "x" * 43])
def test_pages_answer_503_with_a_retry_hint(app, client, path):
    make_kommune()
    with database_down():
        response = client.get(path)
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    text = response.get_data(as_text=True)
    assert "Datenbank" in text and "später" in text and "Traceback" not in text
    assert client.get("/").status_code == 200  # and back when the database is


def test_staff_pages_answer_503_too(app, client):
    make_kommune()
    make_staff()
    login(client)
    with database_down():
        response = client.get("/intern/")
    assert response.status_code == 503 and "Retry-After" in response.headers


def test_the_api_answers_a_503_problem(app, client):
    with database_down():
        response = client.get("/api/initiatives")
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 503 and "Datenbank" in response.get_json()["detail"]
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://zwk:geheim@127.0.0.1:1/zwk",
        "sqlite:////nonexistent-folder/zwk.sqlite",
    ],
)
def test_an_unreachable_database_stops_start_up_with_one_line(url):
    with pytest.raises(StartupError) as stopped:
        create_app({"DATABASE_URL": url})
    message = str(stopped.value)
    assert "database" in message and "cannot be reached" in message
    assert "\n" not in message and "geheim" not in message
