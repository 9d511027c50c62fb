"""Matching needs to entries: the obvious cases, reasons in plain German, gaps, the API."""

import pytest
from shapely.geometry import Point

from tests.factories import make_kommune, make_listing, make_need
from zwk_network.extensions import db
from zwk_network.matching.services import matches_for_need
from zwk_network.municipalities.models import Region
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.taxonomy.models import apply_tags


def need_with(kommune, title, themes=(), groups=(), description="", kinds=(), **where):
    need = make_need(kommune, title=title, **where)
    need.description = description
    apply_tags(need, {"themes": list(themes), "target_groups": list(groups), "help_kinds": list(kinds)})
    db.session.commit()
    return need


def region(slug):
    return db.session.scalar(db.select(Region).where(Region.slug == slug))


def test_a_youth_club_nearby_beats_one_80_km_away(app):
    kommune = make_kommune()
    near = make_listing(
        Initiative,
        "Jugendclub Westdorf",
        12.1,
        53.8,
        themes=["jugend"],
        target_groups=["jugendliche"],
        summary="Treffpunkt für Jugendliche",
    )
    far = make_listing(
        Initiative,
        "Jugendclub Fernstadt",
        13.3,
        53.8,
        themes=["jugend"],
        target_groups=["jugendliche"],
        summary="Treffpunkt für Jugendliche",
    )
    need = need_with(kommune, "Angebote für Jugendliche", ["jugend"], ["jugendliche"], region=region("west"))
    _need, result = matches_for_need(need.id)
    names = [m.name for m in result.matches]
    assert names.index(near.name) < names.index(far.name)
    first = result.matches[0]
    assert first.name == near.name and first.distance_km == 0
    assert "gleiches Thema: Jugend" in first.reasons and "gleiche Zielgruppe: Jugendliche" in first.reasons
    assert "im Gebiet des Bedarfs" in first.reasons
    far_match = next(m for m in result.matches if m.name == far.name)
    assert far_match.distance_km > 70
    far_km = f"{far_match.distance_km:.1f}".replace(".", ",")  # German: „72,2 km“
    assert f"{far_km} km entfernt – außer Reichweite (bis 10 km)" in far_match.reasons
    assert set(first.parts) == {"kind", "theme", "target_group", "text", "nearness"}
    # The same club 72 km away is worth a small fraction of the one in the area: distance counts.
    assert first.band == "good" and far_match.band == "weak" and far_match.score < first.score / 5
    assert first.answers and not far_match.answers and not result.gap


def test_an_untagged_entry_whose_text_fits_is_found(app):
    kommune = make_kommune()
    make_listing(
        Initiative,
        "Dorfverein Westdorf",
        12.12,
        53.81,
        themes=[],
        target_groups=[],
        summary="Wir organisieren Fahrgemeinschaften zum Arzt und zum Einkaufen.",
    )
    make_listing(Initiative, "Chor Westdorf", 12.11, 53.8, themes=["kultur"], summary="Wir singen.")
    need = need_with(
        kommune,
        "kein Bus mehr",
        description="Seit der Linienbus fehlt, kommt niemand mehr zum Arzt.",
        region=region("west"),
    )
    _need, result = matches_for_need(need.id)
    assert result.matches[0].name == "Dorfverein Westdorf"
    reasons = " ".join(result.matches[0].reasons)
    assert "Text passt:" in reasons and "Arzt" in reasons and "Bus ~ Mobilität" in reasons
    assert result.matches[0].parts["theme"] == 0  # the need has no themes: text carries the weight


def test_a_need_with_nothing_near_is_a_gap(app):
    kommune = make_kommune()
    make_listing(Initiative, "Jugendclub Westdorf", 12.1, 53.8, themes=["jugend"])
    need = need_with(kommune, "Jugendtreff auf der Insel", ["jugend"], area=Point(14.0, 54.6))
    _need, result = matches_for_need(need.id)
    assert result.gap and result.candidates_in_reach == 0 and result.help_kinds == ["treffpunkt"]
    # The nearest youth club is 150 km away: too far to be named as "the nearest".
    assert "kein Angebot dieser Art (Treffpunkt und Raum) näher als 50 km" in result.reasons


def test_a_wide_service_radius_reaches_but_distance_still_counts(app):
    kommune = make_kommune()
    wide = make_listing(
        Initiative,
        "Landesweiter Fahrdienst",
        12.9,
        53.8,
        themes=["mobilitaet"],
        service_radius_km=80,
        help_kinds=["fahrdienst"],
    )
    near = make_listing(
        Initiative,
        "Fahrdienst Westdorf",
        12.15,
        53.8,
        themes=["mobilitaet"],
        service_radius_km=15,
        help_kinds=["fahrdienst"],
    )
    short = make_listing(
        Initiative,
        "Fahrdienst Fernstadt",
        12.7,
        53.8,
        themes=["mobilitaet"],
        service_radius_km=10,
        help_kinds=["fahrdienst"],
    )
    need = need_with(kommune, "Mobilität", ["mobilitaet"], kinds=["fahrdienst"], area=Point(12.1, 53.8))
    _need, result = matches_for_need(need.id)
    by_id = {m.id: m for m in result.matches}
    assert [m.id for m in result.matches][:3] == [near.id, wide.id, short.id]
    wide_match = by_id[wide.id]
    assert wide_match.within_reach and wide_match.answers
    assert "52,7 km entfernt, aktiv im Umkreis von 80 km – in Reichweite" in wide_match.reasons
    assert (
        0.5 < wide_match.parts["nearness"] < 0.9
    )  # a service radius is no promise that distance is no matter
    assert not by_id[short.id].within_reach
    assert "39,5 km entfernt, aktiv nur im Umkreis von 10 km – außer Reichweite" in by_id[short.id].reasons


def test_need_without_location_or_themes_is_matched_on_kommune_and_text(app):
    kommune = make_kommune()
    make_listing(
        MeetingPlace,
        "Dorfgemeinschaftshaus Ostdorf",
        12.3,
        53.8,
        themes=[],
        summary="Raum für Begegnung und Feste",
    )
    need = need_with(kommune, "Ort für Begegnung")
    _need, result = matches_for_need(need.id)
    assert result.matches[0].name == "Dorfgemeinschaftshaus Ostdorf" and result.matches[0].distance_km == 0


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_only_approved_entries_are_candidates(app, client, status):
    kommune = make_kommune()
    make_listing(Initiative, "Geheimer Jugendclub", 12.1, 53.8, status=status, themes=["jugend"])
    need = need_with(kommune, "Angebote für Jugendliche", ["jugend"], region=region("west"))
    data = client.get(f"/api/needs/{need.id}/matches").get_json()
    assert data["matches"] == [] and data["gap"] is True


def test_matches_api(app, client):
    kommune = make_kommune()
    club = make_listing(
        Initiative, "Jugendclub Westdorf", 12.1, 53.8, themes=["jugend"], target_groups=["jugendliche"]
    )
    need = need_with(kommune, "Angebote für Jugendliche", ["jugend"], ["jugendliche"], region=region("west"))
    response = client.get(f"/api/needs/{need.id}/matches?limit=5")
    data = response.get_json()
    assert response.status_code == 200 and set(data) >= {"need", "gap", "matches"}
    assert data["need"]["id"] == need.id and data["gap"] is False
    [match] = data["matches"]
    assert {k: match[k] for k in ("type", "id", "name")} == {
        "type": "initiative",
        "id": club.id,
        "name": club.name,
    }
    assert 0 < match["score"] <= 1 and match["distance_km"] == 0 and match["reasons"]
    assert match["url"] == f"/initiativen/{club.id}"
    missing = client.get("/api/needs/99999/matches")
    assert missing.status_code == 404 and missing.content_type == "application/problem+json"
    for bad in ("0", "51", "x"):
        assert client.get(f"/api/needs/{need.id}/matches?limit={bad}").status_code == 400


def test_need_page_and_gap_overview(app, client):
    kommune = make_kommune()
    make_listing(
        Initiative, "Jugendclub <b>Westdorf</b>", 12.1, 53.8, themes=["jugend"], target_groups=["jugendliche"]
    )
    covered = need_with(
        kommune, "Angebote für Jugendliche", ["jugend"], ["jugendliche"], region=region("west")
    )
    gap = need_with(kommune, "Fahrdienst zum Arzt", ["mobilitaet"], region=region("ost"))
    page = client.get(f"/bedarfe/{covered.id}").get_data(as_text=True)
    assert "Wer könnte helfen?" in page and "Jugendclub &lt;b&gt;Westdorf&lt;/b&gt;" in page
    assert "gleiches Thema: Jugend" in page and "Versorgungslücke" not in page
    assert "Versorgungslücke" in client.get(f"/bedarfe/{gap.id}").get_data(as_text=True)
    overview = client.get("/kommunen/testkreis/luecken")
    html = overview.get_data(as_text=True)
    assert overview.status_code == 200 and "1 von 2 offenen Bedarfen sind Versorgungslücken" in html
    assert html.index("Fahrdienst zum Arzt") < html.index("Angebote für Jugendliche")  # gaps first
    assert 'class="map mini-map" role="region"' in html
    assert client.get("/kommunen/unbekannt/luecken").status_code == 404
