"""The one set of migrations upgrades an empty database and matches the models on both backends."""

from datetime import datetime

import pytest
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from zwk_network.extensions import db
from zwk_network.taxonomy import HELP_KINDS, TARGET_GROUPS, THEMES
from zwk_network.taxonomy.models import HelpKind, TargetGroup, Theme

from .conftest import fresh_database_url, make_app

OUR_TABLES = {
    "kommunen",
    "regions",
    "gazetteer_places",
    "project_phases",
    "themes",
    "target_groups",
    "initiatives",
    "meeting_places",
    "conferences",
    "needs",
    "initiatives_themes",
    "initiatives_target_groups",
    "meeting_places_themes",
    "meeting_places_target_groups",
    "needs_themes",
    "needs_target_groups",
    "help_kinds",
    "initiatives_help_kinds",
    "meeting_places_help_kinds",
    "needs_help_kinds",
    "legal_texts",
}


def test_upgrade_from_empty_then_check_is_clean_and_downgrade_works(backend, tmp_path_factory):
    app = make_app(fresh_database_url(backend, f"{backend}_migrations", tmp_path_factory), tmp_path_factory)
    with app.app_context():
        upgrade()
        assert set(inspect(db.engine).get_table_names()) >= OUR_TABLES
        assert [t.slug for t in db.session.scalars(db.select(Theme).order_by(Theme.position))] == list(THEMES)
        assert {g.slug for g in db.session.scalars(db.select(TargetGroup))} == set(TARGET_GROUPS)
        kinds = db.session.scalars(db.select(HelpKind).order_by(HelpKind.position))
        assert [k.slug for k in kinds] == list(HELP_KINDS)
        db.session.remove()
        check()  # exits (SystemExit) when the models and the migrated schema differ
        downgrade(revision="base")
        assert not OUR_TABLES & set(inspect(db.engine).get_table_names())
        upgrade()
        assert set(inspect(db.engine).get_table_names()) >= OUR_TABLES
        db.engine.dispose()


def test_spatial_indexes_exist(app, backend):
    inspector = inspect(db.engine)
    if backend == "postgis":
        names = {index["name"] for index in inspector.get_indexes("initiatives")}
        assert {"idx_initiatives_location", "gix_initiatives_location"} <= names
    else:
        tables = set(inspector.get_table_names())
        assert {"idx_initiatives_location", "idx_meeting_places_location", "idx_regions_boundary"} <= tables


def test_one_registration_per_email_keeps_the_best_of_earlier_duplicates(backend, tmp_path_factory):
    """0006 cancels duplicates left by the old race (keeping the one with a place) before its index."""
    app = make_app(fresh_database_url(backend, f"{backend}_dedupe", tmp_path_factory), tmp_path_factory)
    with app.app_context():
        upgrade(revision="0005")
        kommune = "INSERT INTO kommunen (id, slug, name, kind, description, source) VALUES (1, 'k', 'K', 'L', '', '')"
        db.session.execute(text(kommune))
        conference = (
            "INSERT INTO conferences (id, kommune_id, slug, title, kind, round, year, description, registration,"
            " source) VALUES (1, 1, 'c', 'C', 'Regionalkonferenz', 1, 2026, '', '', '')"
        )
        db.session.execute(text(conference))
        rows = [  # id, email, status, minute: a (waiting, then confirmed twice), b (one), c (cancelled, then one)
            (1, "a@example.org", "warteliste", 1),
            (2, "a@example.org", "bestaetigt", 2),
            (3, "a@example.org", "bestaetigt", 3),
            (4, "b@example.org", "bestaetigt", 1),
            (5, "c@example.org", "storniert", 1),
            (6, "c@example.org", "warteliste", 2),
        ]
        for id_, email, status, minute in rows:
            db.session.execute(
                text(
                    "INSERT INTO conference_registrations (id, conference_id, name, email, organisation,"
                    " accessibility_needs, status, cancel_token_hash, created_at)"
                    " VALUES (:id, 1, 'X', :email, '', '', :status, :hash, :created)"
                ),
                {
                    "id": id_,
                    "email": email,
                    "status": status,
                    "hash": f"h{id_}",
                    "created": datetime(2026, 11, 1, 10, minute),
                },
            )
        db.session.commit()
        upgrade()
        statuses = dict(db.session.execute(text("SELECT id, status FROM conference_registrations")).all())
        assert statuses == {
            1: "storniert",
            2: "bestaetigt",
            3: "storniert",
            4: "bestaetigt",
            5: "storniert",
            6: "warteliste",
        }
        insert_again = text(
            "INSERT INTO conference_registrations (conference_id, name, email, organisation,"
            " accessibility_needs, status, cancel_token_hash, created_at)"
            " VALUES (1, 'X', 'a@example.org', '', '', 'warteliste', 'h9', :created)"
        )
        with pytest.raises(IntegrityError):
            db.session.execute(insert_again, {"created": datetime(2026, 11, 2)})
        db.session.rollback()
        db.session.remove()
        downgrade(revision="0005")
        db.engine.dispose()
