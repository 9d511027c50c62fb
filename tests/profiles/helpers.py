"""A Kommune with a known inventory, SWOT items and key figures: what the profile's tests count."""

from tests.factories import make_kommune, make_listing, make_need
from zwk_network.extensions import db
from zwk_network.geo.geojson import point_element
from zwk_network.measures.models import Measure
from zwk_network.municipalities.models import GazetteerPlace, Region
from zwk_network.profiles.models import KeyFigure, SwotItem
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.taxonomy.models import Theme


def profile_fixture():
    """Testkreis: in Region West two approved initiatives (Begegnung; Begegnung and Jugend) and a
    pending one; in Region Ost an approved initiative (Sport) and a meeting place (Begegnung); a
    measure for a need of Region West (Mobilität) and one for no need; a SWOT item linking the need,
    both West initiatives (one pending) and the measure; three key figures of one statistic."""
    kommune = make_kommune()
    db.session.add(
        GazetteerPlace(
            name="Kreisstadt", kind="Stadt", location=point_element(12.2, 53.8), kommune_id=kommune.id
        )
    )
    west = db.session.scalar(db.select(Region).where(Region.slug == "west"))
    club = make_listing(Initiative, "Dorfverein Westdorf", 12.1, 53.8)
    youth = make_listing(Initiative, "Jugendclub Westdorf", 12.11, 53.8, themes=["begegnung", "jugend"])
    pending = make_listing(Initiative, "Wartet noch", 12.12, 53.8, status="pending")
    make_listing(Initiative, "Sportverein Ostdorf", 12.3, 53.8, themes=["sport"])
    make_listing(MeetingPlace, "Dorfhaus Ostdorf", 12.31, 53.8)
    need = make_need(kommune, "Busverbindung am Abend", region=west)
    need.themes = [db.session.get(Theme, "mobilitaet")]
    bus = Measure(kommune_id=kommune.id, title="Rufbus", status="in_umsetzung", needs=[need])
    bench = Measure(kommune_id=kommune.id, title="Mitfahrbank", status="idee")
    db.session.add_all([bus, bench])
    db.session.flush()
    item = SwotItem(
        kommune_id=kommune.id,
        category="staerke",
        text="Viele aktive Vereine im Westen",
        region=west,
        theme="begegnung",
        needs=[need],
        initiatives=[club, pending],
        measures=[bus],
    )
    risk = SwotItem(kommune_id=kommune.id, category="risiko", text="Junge Familien ziehen weg")
    ages = "Bevölkerung nach Altersgruppen"
    source = "Testamt für Statistik, Stand 31.12.2023"
    figures = [
        KeyFigure(
            kommune_id=kommune.id,
            indicator=ages,
            label=label,
            value=value,
            unit="Personen",
            year=2023,
            source=source,
        )
        for label, value in (
            ("unter 18 Jahre", 1234),
            ("18 bis 64 Jahre", 5678),
            ("65 Jahre und älter", 2000.5),
        )
    ]
    db.session.add_all([item, risk, *figures])
    db.session.commit()
    return kommune, {"club": club, "youth": youth, "pending": pending, "need": need, "bus": bus, "item": item}
