"""The one set of migrations upgrades an empty database and matches the models on both backends."""

from flask_migrate import check, downgrade, upgrade
from sqlalchemy import inspect

from zwk_network.extensions import db
from zwk_network.taxonomy import TARGET_GROUPS, THEMES
from zwk_network.taxonomy.models import TargetGroup, Theme

from .conftest import fresh_database_url, make_app

OUR_TABLES = {
    "kommunen", "regions", "gazetteer_places", "project_phases", "themes", "target_groups",
    "initiatives", "meeting_places", "conferences", "needs", "initiatives_themes",
    "initiatives_target_groups", "meeting_places_themes", "meeting_places_target_groups",
    "needs_themes", "needs_target_groups",
}  # fmt: skip


def test_upgrade_from_empty_then_check_is_clean_and_downgrade_works(backend, tmp_path_factory):
    app = make_app(fresh_database_url(backend, f"{backend}_migrations", tmp_path_factory), tmp_path_factory)
    with app.app_context():
        upgrade()
        assert set(inspect(db.engine).get_table_names()) >= OUR_TABLES
        assert [t.slug for t in db.session.scalars(db.select(Theme).order_by(Theme.position))] == list(THEMES)
        assert {g.slug for g in db.session.scalars(db.select(TargetGroup))} == set(TARGET_GROUPS)
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
