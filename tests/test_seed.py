"""The seed data: facts from the project texts, demo entries marked as such, idempotent."""

from datetime import date, time

from sqlalchemy import func, select

from zwk_network.conferences.models import Conference
from zwk_network.extensions import db
from zwk_network.municipalities.models import GazetteerPlace, Kommune, Region
from zwk_network.needs.models import Need
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.seed import load_seed


def _counts():
    models = (Kommune, Region, GazetteerPlace, Initiative, MeetingPlace, Conference, Need)
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in models}


def test_seed_twice_changes_nothing(seeded):
    first = _counts()
    load_seed(echo=lambda *_: None)
    assert _counts() == first
    assert first["Kommune"] == 2 and first["Region"] == 8


def test_landkreis_rostock_regions_and_conferences(seeded_app):
    regions = db.session.scalars(
        select(Region.name).join(Kommune).where(Kommune.slug == "landkreis-rostock")
    ).all()
    assert sorted(regions) == ["Region Nord-Ost", "Region Nord-West", "Region Süd-Ost", "Region Süd-West"]
    assert all(r.boundary_is_approximate for r in db.session.scalars(select(Region)))
    second = {c.slug: c for c in db.session.scalars(select(Conference).where(Conference.round == 2))}
    assert {(c.date, c.venue.name, c.venue.street, c.region.name) for c in second.values()} == {
        (
            date(2023, 2, 23),
            "Mehrgenerationenhaus Dummerstorf",
            "Gustav-Fröhlich-Allee 20",
            "Region Nord-Ost",
        ),
        (date(2023, 3, 30), "Begegnungsstätte Bützow", "Vor dem Rühner Tor", "Region Süd-West"),
        (
            date(2023, 4, 20),
            "Gesundheits- und Begegnungszentrum Neubukow",
            "Wismarsche Straße 20a",
            "Region Nord-West",
        ),
        (date(2023, 6, 1), "Regenbogenhaus Teterow", "Straße der Freundschaft 2", "Region Süd-Ost"),
    }
    assert {(c.starts_at, c.ends_at) for c in second.values()} == {(time(15, 30), time(19, 30))}
    first = db.session.scalars(
        select(Conference.town).where(Conference.round == 1, Conference.year == 2022)
    ).all()
    assert sorted(first) == ["Elmenhorst", "Gelbensande", "Groß Schwiessow", "Lüchow"]


def test_first_round_needs(seeded_app):
    titles = set(db.session.scalars(select(Need.title)))
    assert titles == {"Orte und Anlässe der Begegnung", "Mobilität", "Angebote für Jugendliche"}
    needs = db.session.scalars(select(Need)).all()
    assert all(n.conference.year == 2022 and n.region is not None and not n.is_demo for n in needs)


def test_goeltzschtal_kick_off_and_project_parts(seeded_app):
    kommune = db.session.scalar(select(Kommune).where(Kommune.slug == "goeltzschtal"))
    assert kommune.name == "Städteverbund Göltzschtal"
    assert sorted(r.name for r in kommune.regions) == [
        "Auerbach/Vogtl.",
        "Ellefeld",
        "Falkenstein/Vogtl.",
        "Rodewisch",
    ]
    assert len(kommune.phases) == 5 and kommune.phases[0].starts_on == date(2021, 11, 15)
    kick_off = db.session.scalar(select(Conference).where(Conference.kommune_id == kommune.id))
    assert kick_off.date == date(2021, 11, 15)


def test_demo_entries_cover_all_regions_and_are_marked(seeded_app):
    demo = db.session.scalars(select(Initiative).where(Initiative.is_demo)).all()
    assert len(demo) >= 60
    assert all("Beispieldaten" in i.source for i in demo)
    regions = {i.region.slug for i in demo if i.kommune.slug == "landkreis-rostock"}
    assert regions == {"nord-ost", "nord-west", "sued-ost", "sued-west"}
    assert any(i.kommune.slug == "goeltzschtal" for i in demo)
    places = db.session.scalars(select(MeetingPlace).where(MeetingPlace.is_demo)).all()
    assert len(places) >= 15
    venues = db.session.scalars(select(MeetingPlace).where(MeetingPlace.is_demo.is_(False))).all()
    assert len(venues) == 4  # the real conference venues are facts, not demo data


def test_a_village_named_like_another_is_restored_by_a_second_seed(seeded):
    """„Horst“ is a village of several Gemeinden: a missing one comes back, the others stay single."""
    horsts = db.session.scalars(select(GazetteerPlace).where(GazetteerPlace.name == "Horst")).all()
    assert len({place.gemeinde for place in horsts}) == len(horsts) >= 2
    linked = {
        e.gazetteer_place_id
        for model in (Initiative, MeetingPlace)
        for e in db.session.scalars(select(model))
    }
    db.session.delete(next(place for place in horsts if place.id not in linked))
    db.session.commit()
    load_seed(echo=lambda *_: None)
    again = db.session.scalars(select(GazetteerPlace.gemeinde).where(GazetteerPlace.name == "Horst")).all()
    assert sorted(again) == sorted(place.gemeinde for place in horsts)
