"""The staff's CSV downloads open in German Excel: UTF-8 with a byte order mark, semicolons, German
headings and labels, local times; no cell runs as a formula. The exchange CSV stays as documented."""

import csv
import io
from datetime import datetime

from tests.excel import excel_rows
from tests.factories import make_kommune, make_listing
from tests.submissions.helpers import login, logout, make_staff
from zwk_network.audit.models import AuditEntry
from zwk_network.extensions import db
from zwk_network.registry.models import Initiative
from zwk_network.spreadsheet import excel_csv


def test_an_excel_document_reads_back_with_the_csv_module():
    document = excel_csv(
        ["Name", "Anteil", "Zahl"],
        [["Grüße aus Göltzschtal", 2.5, -3], ["=HYPERLINK(1)", 0.25, 7], ["\tTab", 1.0, 0], ["\rCR", 0.5, 1]],
    )
    assert document.startswith("\ufeff")
    assert document.splitlines()[1] == '"Grüße aus Göltzschtal";"2,5";-3'  # a comma for the decimal
    raw = document.encode("utf-8")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [
        ["Name", "Anteil", "Zahl"],
        ["Grüße aus Göltzschtal", "2,5", "-3"],
        ["'=HYPERLINK(1)", "0,25", "7"],
        ["'\tTab", "1,0", "0"],
        ["'\rCR", "0,5", "1"],
    ]


def test_the_audit_log_as_csv(app, client):
    make_kommune()
    club = make_listing(Initiative, "=Chor Westdorf", 12.1, 53.8)
    db.session.add(
        AuditEntry(
            at=datetime(2026, 7, 1, 16, 50),  # UTC; 18:50 in Berlin (summer time)
            actor="Anna Planer <anna@example.org>",
            action="geändert",
            entry_type="initiative",
            entry_id=club.id,
            entry_name=club.name,
            changes={"summary": ["alt", "neu"]},
        )
    )
    db.session.commit()
    make_staff()
    login(client)
    assert client.get("/intern/protokoll.csv").status_code == 403  # admins only, like the page
    make_staff("admin@example.org", role="admin", kommunen=())
    logout(client)
    login(client, "admin@example.org")
    page = client.get("/intern/protokoll").get_data(as_text=True)
    assert "/intern/protokoll.csv" in page and "Wann (UTC)" not in page
    assert "01.07.2026, 18:50" in page  # the page in local time too
    rows = excel_rows(client.get("/intern/protokoll.csv"))
    line = next(row for row in rows if row["Eintrag"] == "'=Chor Westdorf")
    assert line["Wann"] == "01.07.2026 18:50" and line["Art"] == "Initiative" and line["Nr."] == str(club.id)
    assert line["Wer"] == "Anna Planer <anna@example.org>" and line["Was"] == "geändert"
    assert line["Änderungen"] == "Kurzbeschreibung: alt → neu"  # the form's label, not the field's name


def test_the_exchange_csv_stays_the_documented_machine_format(app, runner, tmp_path):
    make_kommune()
    make_listing(Initiative, "Chor Westdorf", 12.1, 53.8)
    out = tmp_path / "initiativen.csv"
    result = runner.invoke(args=["export", "initiatives", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # no byte order mark, commas, slugs: importable again
    header = next(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert "name" in header and "themes" in header
