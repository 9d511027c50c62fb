"""Bad parameters are explained in plain German, the way people write numbers and name things: no
parameter names, no „inf“ or „1e+12“, no slugs of a vocabulary, no English status names (found by
probing the pages as a resident would)."""

import pytest

from tests.factories import make_kommune
from zwk_network.extensions import db
from zwk_network.municipalities.models import Region

DE = {"Accept-Language": "de"}
TECHNICAL = ("inf", "min_lon", "e+", "erlaubt:", "relevance", "initiative, place", "Not Found", "Method Not")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("/suche?near=Westdorf&radius_km=-5", "muss größer als 0 sein"),
        ("/suche?near=Westdorf&radius_km=0", "muss größer als 0 sein"),
        ("/suche?near=Westdorf&radius_km=900", "darf höchstens 300 km betragen"),
        ("/suche?lat=95&lon=12", "muss zwischen -90 und 90 liegen"),
        ("/suche?near=Westdorf&radius_km=zehn", "muss eine Zahl sein, zum Beispiel 12,5"),
        ("/suche?bbox=1,2,3", "muss aus vier Zahlen bestehen: Westen, Süden, Osten, Norden in Grad"),
        ("/suche?bbox=3,2,1,4", "Westen muss kleiner als Osten sein und Süden kleiner als Norden"),
        ("/suche?type=foo", "„foo“ gibt es in dieser Auswahl nicht"),
        ("/suche?sort=xyz", "Diese Auswahl gibt es nicht"),
        ("/suche?theme=xyz", "„xyz“ gibt es in dieser Auswahl nicht"),
        ("/initiativen?region=a%2Fb", "ist kein gültiges Kürzel"),
        ("/suche?kommune=anderer-kreis&region=west", "Diese Region gehört nicht zur gewählten Kommune."),
        ("/einbetten?kommune=anderer-kreis&region=west", "Diese Region gehört nicht zur gewählten Kommune."),
        ("/kommunen/testkreis/wegweiser?thema=xyz", "Thema: „xyz“ gibt es in dieser Auswahl nicht"),
        ("/kommunen/testkreis/wegweiser?ohne=foo", "Weggelassene Einträge: erwartet Einträge wie"),
    ],
)
def test_bad_parameters_are_explained_in_plain_german(app, client, url, reason):
    make_kommune()
    other = make_kommune("anderer-kreis", "Anderer Kreis")
    db.session.query(Region).filter_by(kommune_id=other.id).delete()
    db.session.commit()
    response = client.get(url, headers=DE)
    page = response.get_data(as_text=True)
    assert response.status_code == 400, url
    assert reason in page, url
    message = page[page.find('role="alert"') :][:1500] if 'role="alert"' in page else page
    assert not any(word in message for word in TECHNICAL), (url, message[:600])


def test_a_bad_wegweiser_filter_keeps_the_form(app, client):
    make_kommune()
    page = client.get("/kommunen/testkreis/wegweiser?thema=xyz", headers=DE).get_data(as_text=True)
    assert 'aria-label="Wegweiser auswählen"' in page and "wählen Sie neu" in page


def test_status_pages_and_problems_are_named_in_german(app, client):
    make_kommune()
    page = client.post("/suche", headers=DE)  # a GET-only page
    assert page.status_code == 405
    text = page.get_data(as_text=True)
    assert "<h1>So nicht aufrufbar</h1>" in text and "Method Not Allowed" not in text
    problem = client.get("/api/needs/999999", headers=DE).get_json()
    assert problem["title"] == "Nicht gefunden" and problem["detail"].startswith(
        "Diese Seite oder diesen Eintrag"
    )
    bad = client.get("/api/initiatives?per_page=0", headers=DE).get_json()
    assert bad["title"] == "Ungültige Anfrage" and "per_page" in bad["errors"]


def test_a_number_bound_of_a_value_is_written_as_people_write_it(app):
    from zwk_network.values import Refused, number

    parse = number(-1e12, 1e12)
    with app.test_request_context(headers=DE), pytest.raises(Refused) as refused:
        parse("1e20")
    reason = str(refused.value.reason)
    assert "1.000.000.000.000" in reason and "e+" not in reason
