"""Small factories for tests: a Kommune with regions, and entries in any moderation state."""

from shapely.geometry import box

from zwk_network.extensions import db
from zwk_network.geo.geojson import as_multipolygon, geometry_element, point_element
from zwk_network.municipalities.models import GazetteerPlace, Kommune, Region
from zwk_network.needs.models import Need
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.registry.services import create_listing

# Two test regions side by side near Güstrow: West (12.0–12.2 E) and East (12.2–12.4 E).
WEST = box(12.0, 53.7, 12.2, 53.9)
EAST = box(12.2, 53.7, 12.4, 53.9)


def make_kommune(slug="testkreis", name="Testkreis") -> Kommune:
    kommune = Kommune(slug=slug, name=name, kind="Landkreis", description="", source="test")
    db.session.add(kommune)
    for region_slug, region_name, shape in (("west", "Region West", WEST), ("ost", "Region Ost", EAST)):
        db.session.add(
            Region(
                kommune=kommune,
                slug=region_slug,
                name=region_name,
                boundary=geometry_element(as_multipolygon(shape)),
                boundary_source="test",
            )
        )
    db.session.flush()
    for town, lon, lat in (("Westdorf", 12.1, 53.8), ("Ostdorf", 12.3, 53.8)):
        db.session.add(GazetteerPlace(name=town, location=point_element(lon, lat), kommune_id=kommune.id))
    db.session.commit()
    return kommune


def make_listing(model=Initiative, name="Testinitiative", lon=12.1, lat=53.8, status="approved", **record):
    record.setdefault("themes", ["begegnung"])
    record.setdefault("target_groups", ["senioren"])
    entry = create_listing(model, {"name": name, **record}, lon, lat, status=status)
    db.session.commit()
    return entry


def make_place(name="Testort", **kwargs) -> MeetingPlace:
    return make_listing(MeetingPlace, name=name, **kwargs)


def make_need(kommune: Kommune, title="Testbedarf", region=None, area=None) -> Need:
    need = Need(
        kommune_id=kommune.id,
        title=title,
        region=region,
        area=geometry_element(area) if area is not None else None,
    )
    db.session.add(need)
    db.session.commit()
    return need
