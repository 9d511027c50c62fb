"""What the registration and edit-link forms tell people (issue 15, section 3): which fields are
required, where the errors are, whose name is asked, where the entry will be, why nothing happened."""

import re

import pytest
from sqlalchemy import select

from tests.factories import make_kommune
from zwk_network.exchange.importer import import_file
from zwk_network.extensions import db
from zwk_network.registry.models import Initiative, MeetingPlace

from ..exchange.helpers import point_feature, write_csv, write_geojson
from .helpers import VALID, edit_link, post_form, submit


@pytest.fixture
def kommune(app):
    return make_kommune()


def label_of(page: str, field_id: str) -> str:
    found = re.search(rf'<label for="{field_id}">(.*?)</label>', page, re.S)
    assert found, field_id
    return found.group(1)


def input_of(page: str, field_id: str) -> str:
    found = re.search(rf'<(?:input|textarea|select)[^>]*\bid="{field_id}"[^>]*>', page)
    assert found, field_id
    return found.group(0)


@pytest.mark.parametrize(
    ("word", "name_label"), [("initiative", "Name der Initiative"), ("begegnungsort", "Name des Ortes")]
)
def test_required_fields_are_marked_and_the_name_says_whose(kommune, client, word, name_label):
    page = client.get(f"/eintragen/{word}").get_data(as_text=True)
    assert "Pflichtfelder sind mit * markiert" in page
    for required in ("name", "submitter_email"):
        assert 'class="required-mark" aria-hidden="true">*</span>' in label_of(page, required)
        assert 'aria-required="true"' in input_of(page, required)
    for optional in ("summary", "email", "phone", "website", "street"):
        assert "required-mark" not in label_of(page, optional)
        assert "aria-required" not in input_of(page, optional)
    assert label_of(page, "name").startswith(name_label)
    legend = re.search(
        r'<fieldset class="location-picker">\s*(?:\{#.*?#\})?\s*<legend>(.*?)</legend>', page, re.S
    )
    assert legend and "required-mark" in legend.group(1) and "(Pflichtangabe)" in legend.group(1)


def test_the_edit_link_form_marks_the_same_fields(kommune, client, app):
    assert submit(client).status_code == 302
    page = client.get(edit_link(app) + "/bearbeiten").get_data(as_text=True)
    assert "required-mark" in label_of(page, "name") and 'aria-required="true"' in input_of(page, "name")
    assert label_of(page, "name").startswith("Name der Initiative")
    request_page = client.get("/eintrag/link-anfordern").get_data(as_text=True)
    assert "required-mark" in label_of(request_page, "email")


def test_a_failed_submit_puts_the_focus_on_the_error_summary(kommune, client):
    response = post_form(client, "/eintragen/initiative", {**VALID, "email": "kaputt", "step": "check"})
    assert response.status_code == 400
    summary = re.search(r'<div class="error-summary"[^>]*>', response.get_data(as_text=True)).group(0)
    assert 'tabindex="-1"' in summary and "autofocus" in summary and 'role="alert"' in summary
    # The first page has no summary, so nothing takes the focus from the form's start.
    assert "autofocus" not in client.get("/eintragen/initiative").get_data(as_text=True)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("www.beispiel.de", "https://www.beispiel.de"),
        ("chor.example.org/proben?tag=di", "https://chor.example.org/proben?tag=di"),
        ("http://alt.example.org", "http://alt.example.org"),
    ],
)
def test_a_website_without_https_is_taken_in_the_form(kommune, client, typed, stored):
    check = post_form(client, "/eintragen/initiative", {**VALID, "website": typed, "step": "check"})
    assert check.status_code == 200
    assert submit(client, website=typed).status_code == 302
    assert db.session.scalar(select(Initiative.website)) == stored


def test_a_website_without_https_is_taken_by_the_import_alike(kommune, tmp_path):
    geojson = write_geojson(tmp_path / "a.geojson", [point_feature("Chor", website="www.beispiel.de")])
    assert import_file(geojson, "initiatives").ok
    header = ["name", "lon", "lat", "website"]
    csv_file = write_csv(tmp_path / "b.csv", header, [["Treff", "12.1", "53.8", "treff.example.org"]])
    assert import_file(csv_file, "places").ok
    assert db.session.scalar(select(Initiative.website)) == "https://www.beispiel.de"
    assert db.session.scalar(select(MeetingPlace.website)) == "https://treff.example.org"


def test_the_check_step_shows_the_town_and_a_map_not_coordinates(kommune, client):
    response = post_form(client, "/eintragen/initiative", {**VALID, "step": "check"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "bei Westdorf · Region West · Testkreis" in page
    assert 'class="map mini-map"' in page or "mini-map" in page
    assert "53.80000" not in page and "12.10000" not in page


def test_an_unticked_delete_box_says_nothing_was_deleted(kommune, client, app):
    assert submit(client).status_code == 302
    link = edit_link(app)
    response = post_form(client, link + "/loeschen", {})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="error-summary"' in page and "Nichts wurde gelöscht" in page and "Häkchen" in page
    assert db.session.scalar(select(Initiative.id)) is not None


def test_a_hostile_name_reaches_the_check_steps_map_as_data(kommune, client):
    name = "{{ 7*7 }} </script><script>alert(1)</script>"
    response = post_form(client, "/eintragen/initiative", {**VALID, "name": name, "step": "check"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert(1)" not in page and "{{ 7*7 }}" in page
    assert "Karte: Lage von „{{ 7*7 }} &lt;/script&gt;" in page
