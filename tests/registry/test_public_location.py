"""public_location holds the location exactly while an entry is approved, whichever way it is written."""

import pytest
from sqlalchemy import select, text

from zwk_network.exchange.importer import import_file
from zwk_network.extensions import db
from zwk_network.geo.geojson import point_element, to_geometry
from zwk_network.registry.models import Initiative, MeetingPlace

from ..exchange.helpers import point_feature, write_geojson
from ..factories import make_kommune, make_listing


def _public_point(model, entry_id):
    db.session.expire_all()
    return to_geometry(db.session.get(model, entry_id).public_location)


@pytest.mark.parametrize("model", [Initiative, MeetingPlace])
def test_status_changes_move_public_location(app, model):
    entry = make_listing(model, name="Wechselhaft", status="pending")
    assert _public_point(model, entry.id) is None
    entry = db.session.get(model, entry.id)
    entry.status = "approved"
    db.session.commit()
    assert _public_point(model, entry.id).coords[:] == [(12.1, 53.8)]
    entry = db.session.get(model, entry.id)
    entry.location = point_element(12.3, 53.85)
    db.session.commit()
    assert _public_point(model, entry.id).coords[:] == [(12.3, 53.85)]
    for hidden in ("rejected", "archived", "pending"):
        entry = db.session.get(model, entry.id)
        entry.status = hidden
        db.session.commit()
        assert _public_point(model, entry.id) is None


def test_imported_entries_are_public(app, tmp_path):
    make_kommune()
    assert import_file(write_geojson(tmp_path / "a.geojson", [point_feature("Importiert")]), "initiatives").ok
    entry = db.session.scalar(select(Initiative))
    assert to_geometry(entry.public_location).equals(to_geometry(entry.location))


def test_no_entry_is_out_of_step(seeded_app):
    mismatched = db.session.scalar(
        text("SELECT count(*) FROM initiatives WHERE (status = 'approved') != (public_location IS NOT NULL)")
    )
    assert mismatched == 0
