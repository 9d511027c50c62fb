"""The place look-up: names as people type them, typos, postcodes, same-named villages."""

import pytest

from zwk_network.extensions import db
from zwk_network.geo.geojson import point_element
from zwk_network.municipalities.gazetteer import (
    describe_unknown_place,
    look_up_place,
    place_key,
    suggest_places,
)
from zwk_network.municipalities.models import GazetteerPlace

from ..factories import make_kommune

PLACES = [  # name, kind, gemeinde, postcodes, lon, lat
    ("Güstrow", "Stadt", "Güstrow", "18273", 12.17, 53.79),
    ("Bad Doberan", "Stadt", "Bad Doberan", "18209", 11.91, 54.11),
    ("Groß Schwiessow", "Ortsteil", "Dolgen am See", "18299", 12.27, 53.72),
    ("Graal-Müritz", "Gemeinde", "Graal-Müritz", "18181", 12.25, 54.25),
    ("Falkenstein/Vogtl.", "Stadt", "Falkenstein/Vogtl.", "08223", 12.37, 50.48),
    ("Kühlungsborn", "Stadt", "Kühlungsborn", "18225", 11.74, 54.15),
    ("Neuhof", "Ortsteil", "Zepelin", "18246", 12.05, 53.85),
    ("Neuhof", "Ortsteil", "Dummerstorf", "18196", 12.25, 53.85),
    ("Zehna", "Gemeinde", "Zehna", "18276", 12.1, 53.7),
    ("Bölkow", "Ortsteil", "Zehna", "18276", 12.12, 53.72),
]


@pytest.fixture
def gazetteer(app):
    kommune = make_kommune()
    for name, kind, gemeinde, postcodes, lon, lat in PLACES:
        main = postcodes.split()[0]
        db.session.add(
            GazetteerPlace(
                name=name,
                kind=kind,
                gemeinde=gemeinde,
                postcode=main,
                postcodes=postcodes,
                location=point_element(lon, lat),
                kommune_id=kommune.id,
            )
        )
    db.session.commit()


def test_folding():
    assert place_key("Güstrow") == place_key("Guestrow") == place_key("GUSTROW") == "gustrow"
    assert place_key("Groß Schwiessow") == place_key("gross-schwiessow") == "grossschwiessow"
    assert place_key("Graal-Müritz") == place_key("Graal Mueritz")


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("Güstrow", "Güstrow"),
        ("guestrow", "Güstrow"),
        ("Gustrow", "Güstrow"),
        ("  GÜSTROW ", "Güstrow"),
        ("Gross Schwiessow", "Groß Schwiessow"),
        ("Graal Müritz", "Graal-Müritz"),
        ("Doberan", "Bad Doberan"),
        ("Falkenstein", "Falkenstein/Vogtl."),
        ("Kuehlungsborn", "Kühlungsborn"),
        ("18273", "Güstrow"),
        ("18209", "Bad Doberan"),
    ],
)
def test_names_as_people_type_them(gazetteer, typed, meant):
    lookup = look_up_place(typed)
    assert lookup.place is not None and lookup.place.name == meant and not lookup.guessed


@pytest.mark.parametrize(
    "typed, meant", [("Gustorw", "Güstrow"), ("Kühlungsbron", "Kühlungsborn"), ("Bad Dobran", "Bad Doberan")]
)
def test_typos_are_guessed_and_said(gazetteer, typed, meant):
    lookup = look_up_place(typed)
    assert lookup.place.name == meant and lookup.guessed


def test_a_postcode_of_a_gemeinde_prefers_the_gemeinde_over_its_villages(gazetteer):
    lookup = look_up_place("18276")
    assert lookup.place.name == "Zehna" and [p.name for p in lookup.candidates] == ["Bölkow"]


def test_same_named_villages_are_offered_with_their_gemeinde(gazetteer):
    lookup = look_up_place("Neuhof")
    assert lookup.place is None
    message = describe_unknown_place(lookup)
    assert "Neuhof (Zepelin)" in message and "Neuhof (Dummerstorf)" in message and "Meinten Sie" in message


@pytest.mark.parametrize("typed", ["Xyzzyvarg", "Berlin", "12345", "{{7*7}}", "a" * 500, "ß"])
def test_unknown_places_get_a_plain_message(gazetteer, typed):
    lookup = look_up_place(typed)
    assert lookup.place is None
    message = describe_unknown_place(lookup)
    assert "kennen wir nicht" in message and "near" not in message


def test_suggestions_for_autocomplete(gazetteer):
    assert [p.name for p in suggest_places("kühl")] == ["Kühlungsborn"]
    assert [p.name for p in suggest_places("kuehl")] == ["Kühlungsborn"]
    assert [p.name for p in suggest_places("1820")] == ["Bad Doberan"]
    assert {p.name for p in suggest_places("1819")} == {"Neuhof"}
    assert suggest_places("gustorw")[0].name == "Güstrow"  # a typo still suggests
    assert suggest_places("") == [] and suggest_places("%_") == []


def test_search_and_api_understand_the_place(gazetteer, client):
    for near in ("Guestrow", "18273", "Gustorw"):
        response = client.get("/api/search", query_string={"near": near, "radius_km": 10})
        assert response.status_code == 200, near
    response = client.get("/api/search", query_string={"near": "Xyzzyvarg", "radius_km": 10})
    assert response.status_code == 400
    names = [item["name"] for item in client.get("/api/gazetteer?q=18").get_json()["results"]]
    assert "Güstrow" in names
    labels = [item["label"] for item in client.get("/api/gazetteer?q=Neuhof").get_json()["results"]]
    assert set(labels) == {"Neuhof (Dummerstorf)", "Neuhof (Zepelin)"}


def test_a_gazetteer_file_is_imported_all_or_nothing(gazetteer, runner, tmp_path):
    good = tmp_path / "orte.csv"
    good.write_text(
        "name,kind,gemeinde,postcode,postcodes,kommune,lat,lon,source\n"
        "Papendorf,Gemeinde,Papendorf,18059,18059,testkreis,53.8,12.05,VG250\n"
        "Zehna,Gemeinde,Zehna,18276,18276 18292,testkreis,53.71,12.11,VG250\n",  # updates the one stored
        encoding="utf-8",
    )
    result = runner.invoke(args=["import", "gazetteer", str(good)])
    assert result.exit_code == 0, result.output
    assert look_up_place("papendorf").place.postcodes == "18059"
    assert look_up_place("18292").place.name == "Zehna"
    bad = tmp_path / "kaputt.csv"
    bad.write_text(
        "name,kind,postcode,lat,lon\nNeudorf,Dorf,1234,53.8,12.1\nAltdorf,Ortsteil,18276,99,12\n",
        encoding="utf-8",
    )
    before = db.session.scalar(db.select(db.func.count(GazetteerPlace.id)))
    result = runner.invoke(args=["import", "gazetteer", str(bad)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "row 2" in result.output and "row 3" in result.output
    assert db.session.scalar(db.select(db.func.count(GazetteerPlace.id))) == before


def test_a_village_as_the_list_shows_it(gazetteer):
    assert look_up_place("Neuhof (Zepelin)").place.postcode == "18246"
    assert look_up_place("neuhof (dummerstorf)").place.postcode == "18196"
