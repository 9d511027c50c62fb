"""The audit log in local time with readable labels; a deleted entry's history keeps only that it
was deleted (and migration 0013 cleans older rows); change review lists only changed fields, by
their German labels."""

import importlib.util
import re
from datetime import datetime
from pathlib import Path

from flask_babel import force_locale
from sqlalchemy import select, text

import zwk_network
from tests.factories import make_kommune, make_listing
from tests.submissions.helpers import VALID, act, edit_link, login, logout, make_staff, post_form, submit
from zwk_network.audit.labels import action_label, kind_label
from zwk_network.audit.models import AuditEntry
from zwk_network.extensions import db
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.submissions.services import delete_entry

SECRET = "Geheimer Treffpunkt hinter der Scheune"


def log_page(client) -> str:
    make_staff("admin@example.org", role="admin", kommunen=())
    login(client, "admin@example.org")
    return client.get("/intern/protokoll").get_data(as_text=True)


def test_times_are_local_and_labels_readable(app, client):
    make_kommune()
    place = make_listing(MeetingPlace, "Gemeindehaus")
    db.session.add_all(
        [
            AuditEntry(
                at=datetime(2026, 7, 1, 10, 0),
                actor="System",
                action="freigegeben",
                entry_type="place",
                entry_id=place.id,
                entry_name="Gemeindehaus",
            ),
            AuditEntry(
                at=datetime(2026, 1, 15, 23, 30),
                actor="System",
                action="Vorstellung gesendet",
                entry_type="initiative",
                entry_id=1,
                entry_name="Chor",
            ),
        ]
    )
    db.session.commit()
    page = log_page(client)
    assert "01.07.2026, 12:00" in page  # summer time: UTC+2
    assert "16.01.2026, 00:30" in page  # winter time, and the next day in Berlin
    assert "Begegnungsort: Gemeindehaus" in page and "Vorstellungs-E-Mail gesendet" in page
    assert ">place<" not in page and "Wann (UTC)" not in page
    with app.test_request_context(), force_locale("en"):
        assert action_label("freigegeben") == "approved" and kind_label("place") == "Meeting place"


def test_deleting_an_entry_keeps_only_that_it_was_deleted(app, client):
    make_kommune()
    entry = make_listing(Initiative, "Chor am See", summary=SECRET, opening_times="freitags 18 Uhr")
    kept = make_listing(Initiative, "Anderer Verein", summary="Bleibt")
    from zwk_network.audit.services import record

    record(
        "bearbeitet",
        "initiative",
        entry,
        {"summary": ["alt", SECRET], "opening_times": [None, "freitags 18 Uhr"]},
    )
    record("abgelehnt", "initiative", entry, note=f"Grund: {SECRET}")
    record("bearbeitet", "initiative", kept, {"summary": ["alt", "Bleibt"]})
    db.session.commit()
    delete_entry("initiative", entry)
    db.session.commit()
    lines = list(db.session.scalars(select(AuditEntry).where(AuditEntry.entry_name == "Chor am See")))
    assert [line.action for line in lines][-1] == "gelöscht"
    assert all(line.changes == {} for line in lines) and all(SECRET not in line.note for line in lines)
    page = log_page(client)
    assert "Chor am See" in page and SECRET not in page and "freitags 18 Uhr" not in page
    assert "Bleibt" in page  # other entries' history stays


def _migration():
    path = Path(zwk_network.__file__).parent / "migrations" / "versions" / "0013_staff_area.py"
    spec = importlib.util.spec_from_file_location("migration_0013", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_migration_cleans_the_history_of_entries_deleted_before(app):
    """Rows written before the fix: the lines before a deletion lose changes and notes; lines of a
    later entry that got the same id (SQLite reuses ids) and of other entries stay."""
    lines = [
        AuditEntry(
            actor="x",
            action="eingereicht",
            entry_type="initiative",
            entry_id=7,
            changes={"summary": [None, SECRET]},
            note=SECRET,
        ),
        AuditEntry(
            actor="x", action="gelöscht", entry_type="initiative", entry_id=7, note="auf Wunsch gelöscht"
        ),
        AuditEntry(
            actor="x",
            action="eingereicht",
            entry_type="initiative",
            entry_id=7,
            changes={"summary": [None, "neu"]},
        ),
        AuditEntry(
            actor="x",
            action="eingereicht",
            entry_type="place",
            entry_id=7,
            changes={"summary": [None, "Ort"]},
        ),
    ]
    for line in lines:  # one by one: ids in this order
        db.session.add(line)
        db.session.flush()
    db.session.commit()
    db.session.execute(text(_migration().SCRUB_DELETED_HISTORY))
    db.session.commit()
    db.session.expire_all()
    assert [(line.changes, line.note) for line in lines] == [
        ({}, ""),
        ({}, "auf Wunsch gelöscht"),
        ({"summary": [None, "neu"]}, ""),
        ({"summary": [None, "Ort"]}, ""),
    ]


def test_change_review_lists_only_changed_fields_by_their_labels(app, client):
    make_kommune()
    make_staff()
    submit(client)
    entry = db.session.scalar(select(Initiative))
    review = f"/intern/eintrag/initiative/{entry.id}"
    login(client)
    act(client, review + "/freigeben", review)
    logout(client)
    link = edit_link(app)
    changed = {**VALID, "name": "Kinderchor Westdorf-Ost", "opening_times": "mittwochs 17 Uhr"}
    for step in ("check", "submit"):
        post_form(client, link + "/bearbeiten", {**changed, "step": step, "consent": "yes"})
    login(client)
    page = client.get(review).get_data(as_text=True)
    table = page.split("Eingereichte Änderung", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">([^<]+)</th>', table)
    assert rows == ["Name", "Treffen"], rows


def test_planners_read_the_log_of_their_kommunen_only(app, client):
    from tests.submissions.test_staff import make_second_kommune
    from zwk_network.audit.services import record

    make_kommune()
    make_second_kommune()
    own = make_listing(Initiative, "Eigener Verein")
    other = make_listing(Initiative, "Fremder Verein", 12.1, 53.6)
    record("bearbeitet", "initiative", own, {"summary": ["a", "Eigene Zeile"]})
    record("bearbeitet", "initiative", other, {"summary": ["a", "Fremde Zeile"]})
    record("gelöscht", "initiative", None, note="Gelöschte Zeile")
    db.session.commit()
    make_staff()
    login(client)
    page = client.get("/intern/protokoll").get_data(as_text=True)
    assert "Eigene Zeile" in page and "Fremde Zeile" not in page and "Gelöschte Zeile" not in page
    logout(client)
    admin = log_page(client)
    assert "Eigene Zeile" in admin and "Fremde Zeile" in admin and "Gelöschte Zeile" in admin
