"""Whether the database schema is at the newest migration."""

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from .extensions import db


def pending_migrations() -> bool:
    """True when the database lacks migrations (or was never migrated)."""
    config = current_app.extensions["migrate"].migrate.get_config()
    heads = set(ScriptDirectory.from_config(config).get_heads())
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current != heads


NOT_MIGRATED = "the database is not at the newest migration: run 'flask --app zwk_network db upgrade' first"
