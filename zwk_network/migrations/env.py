"""Alembic environment: one set of migrations for SpatiaLite and PostGIS (GeoAlchemy2 helpers)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from geoalchemy2 import alembic_helpers

from zwk_network.geo.dialect import GEOGRAPHY_INDEX_PREFIX, POSTGRES_ONLY_TABLES

config = context.config
# Keep the application's loggers: a migration run in the same process (tests, start-up) must not
# silence them (fileConfig disables every existing logger by default).
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db

#: Tables that SpatiaLite and PostGIS create for themselves; never ours to migrate.
SPATIAL_SYSTEM_TABLES = {
    "ElementaryGeometries",
    "KNN",
    "KNN2",
    "SpatialIndex",
    "data_licenses",
    "spatial_ref_sys_aux",
    "sql_statements_log",
    "topology",
    "layer",
}


def include_object(obj, name, obj_type, reflected, compare_to):
    """Leave out the spatial extensions' own tables, our backend-only geography indexes, and the
    PostgreSQL search engine's tables (an index of the data, written by its migration, not a model)."""
    if not alembic_helpers.include_object(obj, name, obj_type, reflected, compare_to):
        return False
    if obj_type == "table" and (
        name in SPATIAL_SYSTEM_TABLES
        or name in POSTGRES_ONLY_TABLES
        or name.startswith(("views_geometry", "virts_geometry"))
    ):
        return False
    table = getattr(obj, "table", None)
    if obj_type == "index" and table is not None and table.name in POSTGRES_ONLY_TABLES:
        return False
    return not (obj_type == "index" and name and name.startswith(GEOGRAPHY_INDEX_PREFIX))


def process_revision_directives(context_, revision, directives):
    """Write spatial operations with GeoAlchemy2's ops; write nothing when nothing changed."""
    alembic_helpers.writer.process_revision_directives(context_, revision, directives)
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_offline():
    context.configure(
        url=str(target_db.engine.url),
        target_metadata=target_db.metadata,
        literal_binds=True,
        include_object=include_object,
        render_item=alembic_helpers.render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    with target_db.engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_db.metadata,
            include_object=include_object,
            render_item=alembic_helpers.render_item,
            process_revision_directives=process_revision_directives,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
