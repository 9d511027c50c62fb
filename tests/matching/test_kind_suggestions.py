"""flask --app zwk_network help-kinds suggest [--apply] [--kommune SLUG]"""

from sqlalchemy import select

from tests.factories import make_kommune, make_listing, make_need
from zwk_network.audit.models import AuditEntry
from zwk_network.extensions import db
from zwk_network.needs.models import Need
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.search.backend import SearchQuery
from zwk_network.search.engine import search_backend


def make_registry():
    kommune = make_kommune()
    other = make_kommune("anderswo", "Anderswo")
    bus = make_listing(Initiative, "Bürgerbus Westdorf", summary="Fahrdienst zum Arzt")
    given = make_listing(Initiative, "Beratung Ost", summary="Sprechstunde", help_kinds=["beratung"])
    place = make_listing(MeetingPlace, "Alte Schule", summary="Räume")
    silent = make_listing(Initiative, "Verein Ohnewort", summary="Wir sind da.")
    need = make_need(kommune, title="Kein Jugendclub im Dorf")
    far = make_need(other, title="Fahrdienst fehlt")
    return bus, given, place, silent, need, far


def test_suggest_lists_without_storing(runner):
    bus, _given, place, silent, need, far = make_registry()
    result = runner.invoke(args=["help-kinds", "suggest"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    bus_kinds = "fahrdienst (Fahrdienst und Mobilität), versorgung (Versorgung (Laden, Praxis))"
    assert f"initiative {bus.id} Bürgerbus Westdorf: {bus_kinds}" in lines
    assert f"place {place.id} Alte Schule: treffpunkt (Treffpunkt und Raum)" in lines
    assert f"initiative {silent.id} Verein Ohnewort: no suggestion" in lines
    assert f"need {need.id} Kein Jugendclub im Dorf: treffpunkt (Treffpunkt und Raum)" in lines
    assert f"need {far.id} Fahrdienst fehlt: fahrdienst (Fahrdienst und Mobilität)" in lines
    assert not any("Beratung Ost" in line for line in lines)  # it has kinds
    assert lines[-1] == "5 without kinds of help, 4 with a suggestion"
    db.session.expire_all()
    assert db.session.get(Initiative, bus.id).help_kind_slugs == []
    assert db.session.scalar(select(AuditEntry)) is None

    local = runner.invoke(args=["help-kinds", "suggest", "--kommune", "testkreis"])
    assert "Fahrdienst fehlt" not in local.output and local.output.splitlines()[-1].startswith("4 without")
    unknown = runner.invoke(args=["help-kinds", "suggest", "--kommune", "nirgendwo"])
    assert unknown.exit_code != 0 and "unknown Kommune: nirgendwo" in unknown.output
    assert "Traceback" not in unknown.output


def test_apply_stores_suggestions_in_one_transaction_with_audit_lines(runner):
    bus, given, place, silent, need, far = make_registry()
    result = runner.invoke(args=["help-kinds", "suggest", "--apply", "--kommune", "testkreis"])
    assert result.exit_code == 0, result.output
    assert (
        result.output.splitlines()[-1]
        == "stored the suggested kinds: 1 initiative, 1 place, 1 need (3 in all)"
    )
    db.session.expire_all()
    assert db.session.get(Initiative, bus.id).help_kind_slugs == ["versorgung", "fahrdienst"]
    assert db.session.get(MeetingPlace, place.id).help_kind_slugs == ["treffpunkt"]
    assert db.session.get(Need, need.id).help_kind_slugs == ["treffpunkt"]
    assert db.session.get(Initiative, given.id).help_kind_slugs == ["beratung"]  # untouched
    assert db.session.get(Initiative, silent.id).help_kind_slugs == []  # nothing to store
    assert db.session.get(Need, far.id).help_kind_slugs == []  # another Kommune
    assert db.session.get(Initiative, bus.id).theme_slugs == ["begegnung"]  # other vocabularies stay
    lines = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(line.entry_type, line.entry_id, line.actor) for line in lines] == [
        ("initiative", bus.id, "System"),
        ("place", place.id, "System"),
        ("need", need.id, "System"),
    ]
    assert lines[2].entry_name == "Kein Jugendclub im Dorf"
    assert lines[0].changes == {"help_kinds": [[], ["fahrdienst", "versorgung"]]}  # as suggested: first first
    # the index follows: the kinds are given now, not suggested
    hits = search_backend().search(SearchQuery(help_kind="fahrdienst", types=("initiative",))).hits
    assert [hit.name for hit in hits] == ["Bürgerbus Westdorf"]

    again = runner.invoke(args=["help-kinds", "suggest", "--apply", "--kommune", "testkreis"])
    assert again.output.splitlines()[-1].startswith(
        "stored the suggested kinds: 0 initiative, 0 place, 0 need"
    )
    assert len(db.session.scalars(select(AuditEntry)).all()) == 3
