"""The place field of the search: an unknown place keeps the page, says what to do, offers candidates."""

import re

import pytest

from tests.factories import make_kommune, make_listing
from zwk_network.extensions import db
from zwk_network.geo.geojson import point_element
from zwk_network.municipalities.models import GazetteerPlace

DE = {"Accept-Language": "de"}


@pytest.fixture
def places(app):
    kommune = make_kommune()
    for name, lon in (("Güstrow", 12.17), ("Gülzow", 12.06), ("Gützkow", 12.3)):
        db.session.add(
            GazetteerPlace(
                name=name,
                kind="Stadt",
                postcode="18273",
                location=point_element(lon, 53.79),
                kommune_id=kommune.id,
            )
        )
    db.session.commit()
    make_listing(name="Jugendclub Westdorf", themes=["jugend"])


@pytest.mark.parametrize("near", ["Guestrow", "gustrow", "Güstrow", "Gustorw"])
def test_places_as_people_type_them(client, places, near):
    response = client.get(
        "/suche", query_string={"q": "Jugendclub", "near": near, "radius_km": 20}, headers=DE
    )
    assert response.status_code == 200 and "Jugendclub Westdorf" in response.get_data(as_text=True)


def test_an_unknown_place_keeps_the_page_and_what_was_typed(client, places):
    args = {"q": "Jugendclub", "near": "Güstro Nord", "radius_km": "20", "theme": "jugend"}
    response = client.get("/suche", query_string=args, headers=DE)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="s-q"' in html and 'value="Jugendclub"' in html and 'value="Güstro Nord"' in html
    assert 'value="20" selected' in html and 'value="jugend" selected' in html
    summary = re.sub(r"<[^>]+>", "", html.split('id="error-summary"')[1].split("</div>")[0])
    assert "kennen wir nicht" in summary and "near" not in summary and "Umkreis" not in summary
    assert 'aria-invalid="true"' in html


def test_candidates_are_offered_as_links(client, places):
    response = client.get("/suche", query_string={"near": "Gützow"}, headers=DE)  # as close to two places
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Meinten Sie" in html
    assert "near=G%C3%BClzow" in html and "near=G%C3%BCtzkow" in html and "0 Treffer" not in html


def test_the_api_keeps_answering_problem_details(client, places):
    response = client.get("/api/search", query_string={"near": "Nirgendwo"})
    assert response.status_code == 400 and response.mimetype == "application/problem+json"


def test_other_bad_parameters_are_named_in_plain_words(client, places):
    html = client.get("/suche", query_string={"radius_km": "5000", "near": "Güstrow"}, headers=DE).get_data(
        as_text=True
    )
    summary = re.sub(r"<[^>]+>", "", html.split('id="error-summary"')[1].split("</div>")[0])
    assert "Umkreis" in summary and "radius_km" not in summary
