"""Region and town of an entry follow from its point."""

from zwk_network.extensions import db
from zwk_network.geo.geojson import point_element
from zwk_network.municipalities.locator import Locator
from zwk_network.municipalities.models import GazetteerPlace, Region

from ..factories import make_kommune, make_listing


def test_region_and_town_are_derived_from_the_point(app):
    kommune = make_kommune()
    west = make_listing(name="W", lon=12.05, lat=53.75)
    east = make_listing(name="O", lon=12.35, lat=53.85)
    assert (west.region.slug, west.kommune_id, west.gazetteer_place.name) == ("west", kommune.id, "Westdorf")
    assert (east.region.slug, east.gazetteer_place.name) == ("ost", "Ostdorf")


def test_a_point_outside_every_region_has_no_region_or_far_town(app):
    make_kommune()
    entry = make_listing(name="Berlin", lon=13.40, lat=52.52)
    assert entry.region is None and entry.gazetteer_place is None and entry.kommune_id is None


def test_boundary_points_belong_to_a_region(app):
    make_kommune()
    located = Locator.from_database().locate(12.2, 53.8)  # on the shared edge
    assert located.region_id in {r.id for r in db.session.scalars(db.select(Region))}


def test_seeded_venues_lie_in_the_regions_the_press_text_names(seeded_app):
    locator = Locator.from_database()
    expected = {
        "nord-ost": (12.2215, 54.0195),  # Dummerstorf
        "sued-west": (11.9895, 53.8445),  # Bützow
        "nord-west": (11.6695, 54.0315),  # Neubukow
        "sued-ost": (12.5745, 53.7745),  # Teterow
    }
    slugs = {region.id: region.slug for region in db.session.scalars(db.select(Region))}
    for slug, point in expected.items():
        assert slugs[locator.locate(*point).region_id] == slug
    assert locator.locate(12.13, 54.09).region_id is None  # Hansestadt Rostock is kreisfrei


def test_a_village_at_its_gemeindes_point_does_not_take_the_gemeindes_entries(app):
    """Villages whose only known point is their Gemeinde's (seed gazetteer) leave the town to the Gemeinde."""
    kommune = make_kommune()
    for name, kind in (("Horst", "Ortsteil"), ("Satow", "Gemeinde"), ("Rederank", "Ortsteil")):
        db.session.add(
            GazetteerPlace(
                name=name,
                kind=kind,
                gemeinde="Satow",
                location=point_element(11.89, 53.99),
                kommune_id=kommune.id,
            )
        )
    db.session.commit()
    entry = make_listing(name="Treff", lon=11.891, lat=53.991)
    assert entry.gazetteer_place.name == "Satow"
