"""gazetteer: folded names, every postcode, the Gemeinde of an Ortsteil, the source

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 12:00:00

"""

import sqlalchemy as sa
from alembic import op

from zwk_network.municipalities.gazetteer import place_key

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE ADD/DROP COLUMN (SQLite ≥ 3.35 has both): a batch would copy the table,
    # which SpatiaLite refuses for a table with a geometry column.
    op.add_column(
        "gazetteer_places", sa.Column("name_key", sa.String(length=200), server_default="", nullable=False)
    )
    op.add_column("gazetteer_places", sa.Column("gemeinde", sa.String(length=200), nullable=True))
    op.add_column(
        "gazetteer_places", sa.Column("postcodes", sa.String(length=200), server_default="", nullable=False)
    )
    op.add_column("gazetteer_places", sa.Column("source", sa.Text(), server_default="", nullable=False))
    op.create_index(op.f("ix_gazetteer_places_name_key"), "gazetteer_places", ["name_key"], unique=False)
    places = sa.table("gazetteer_places", sa.column("id"), sa.column("name"), sa.column("postcode"),
                      sa.column("name_key"), sa.column("postcodes"))
    connection = op.get_bind()
    for row in connection.execute(sa.select(places.c.id, places.c.name, places.c.postcode)).all():
        values = {"name_key": place_key(row.name), "postcodes": row.postcode or ""}
        connection.execute(places.update().where(places.c.id == row.id).values(values))


def downgrade():
    op.drop_index(op.f("ix_gazetteer_places_name_key"), table_name="gazetteer_places")
    for column in ("source", "postcodes", "gemeinde", "name_key"):
        op.drop_column("gazetteer_places", column)
