"""Key figures from CSV: all or nothing, with a report naming each refused row; hostile cells
(a formula, HTML, a huge value, an endless text) refuse the file and are shown as text."""

import io

from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder

from tests.submissions.helpers import csrf_token, login, make_staff
from tests.test_template_syntax import visible_text
from zwk_network.audit.models import AuditEntry
from zwk_network.extensions import db
from zwk_network.profiles.models import KeyFigure

from .helpers import profile_fixture

URL = "/intern/kommunalprofil/kennzahlen/import"
HEADER = "indicator;label;value;unit;year;source;region"
GOOD = [
    "Bevölkerung nach Altersgruppen;unter 18 Jahre;1300;Personen;2023;Testamt;",  # changes the stored 1234
    "Einwohner je Region;Region West;4200,5;Personen;2023;Testamt;west",
]


def upload(client, content: bytes, kommune="testkreis", filename="kennzahlen.csv"):
    token = csrf_token(client, URL)
    data = {"csrf_token": token, "kommune": kommune, "file": (io.BytesIO(content), filename)}
    # The body is built here, so that its temporary file (for a large one) is closed once sent.
    environ = EnvironBuilder(URL, method="POST", data=data, content_type="multipart/form-data").get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()


def figures() -> list[tuple]:
    rows = db.session.execute(
        select(KeyFigure.indicator, KeyFigure.label, KeyFigure.value).order_by(KeyFigure.id)
    )
    return [tuple(row) for row in rows]


def test_a_clean_file_is_imported_and_a_stored_figure_updated(app, client):
    profile_fixture()
    make_staff()
    login(client)
    assert "indicator" in client.get(URL).get_data(as_text=True)  # the page names the columns
    before = figures()
    content = ("\ufeff" + "\r\n".join([HEADER, *GOOD]) + "\r\n").encode("utf-8")  # Excel's "CSV UTF-8"
    response = upload(client, content)
    assert response.status_code == 302
    assert "importiert: 1 neu, 1 geändert." in client.get("/intern/kommunalprofil").get_data(as_text=True)
    after = figures()
    assert len(after) == len(before) + 1
    assert ("Bevölkerung nach Altersgruppen", "unter 18 Jahre", 1300) in after
    west = db.session.scalar(select(KeyFigure).where(KeyFigure.indicator == "Einwohner je Region"))
    assert (west.value, west.region.slug, west.is_demo) == (4200.5, "west", False)
    page = client.get("/kommunen/testkreis/profil").get_data(as_text=True)
    assert "Einwohner je Region 2023 – Region West (Personen)" in page and "4.200,5 Personen" in page
    assert (
        db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "Kennzahlen importiert"
    )


def test_a_hostile_row_refuses_the_whole_file(app, client):
    profile_fixture()
    make_staff()
    login(client)
    before = figures()
    hostile = [
        'Bevölkerung;=HYPERLINK("http://evil.example");=1+1;Personen;2023;<script>alert(1)</script>;',
        f"Bevölkerung;riesig;1e400;Personen;2023;{'x' * 600};",
        "Bevölkerung;<b>fett</b>;12;Personen;1850;Testamt;nirgendwo",
        "Bevölkerung nach Altersgruppen;18 bis 64 Jahre;1;;2023;Testamt;",
        "Bevölkerung nach Altersgruppen;18 bis 64 Jahre;2;;2023;Testamt;",  # the same key twice
    ]
    response = upload(client, "\n".join([HEADER, *GOOD, *hostile]).encode("utf-8"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Nichts importiert" in html
    # the column by its header in the file and by its German name
    text = visible_text(response)
    assert "Zeile 4, Spalte value (Wert): muss eine Zahl sein" in text
    assert "Zeile 5, Spalte value (Wert): muss zwischen" in text
    assert "Zeile 5, Spalte source (Quelle): darf höchstens 500 Zeichen" in text
    assert "Zeile 6, Spalte year (Jahr): muss zwischen 1900 und 2100 liegen" in text
    assert "Zeile 6, Spalte region (Region): ist keine Region dieser Kommune" in text
    assert "Zeile 8, Spalte label (Merkmal): steht schon in Zeile 7" in text
    assert "<script>alert(1)</script>" not in html and "<b>fett</b>" not in html  # nothing rendered as markup
    assert figures() == before  # the two good rows are not stored either
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_broken_files_are_refused_in_plain_german(app, client):
    profile_fixture()
    make_staff()
    login(client)
    before = figures()
    for content, message in (
        ("indicator;label;value\nA;B;1".encode("cp1252") + "ä".encode("cp1252"), "nicht in UTF-8"),
        (b"indicator;label;wert;year;source\nA;B;1;2023;Q", "Unbekannte Spalten: wert"),
        (b"indicator;label;year;source\nA;B;2023;Q", "Es fehlen die Spalten: value"),
        (f"{HEADER}\nA;B;1;x;2023;Q;;zu viel".encode(), "hat 8 Felder, die Kopfzeile 7"),
        (f'{HEADER}\nA;"{"y" * 20000}";1;x;2023;Q;'.encode(), "mehr als 10000 Zeichen"),
        (b"", "Die Datei ist leer."),
        (b"x" * (1024 * 1024 + 10), "größer als 1 MB"),
    ):
        response = upload(client, content)
        assert response.status_code == 400 and message in response.get_data(as_text=True), message
    assert figures() == before
