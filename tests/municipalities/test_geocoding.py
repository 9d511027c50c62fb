"""Address geocoding through geopy, against a local HTTP server that answers as Nominatim (/search,
format jsonv2) and Photon (/api, GeoJSON) do; no mock of geopy. Not configured, nothing is asked."""

import contextlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import make_kommune, make_listing
from tests.submissions.helpers import submit
from zwk_network.extensions import db
from zwk_network.geo.geojson import point_coordinates, to_geometry
from zwk_network.municipalities import geocoding
from zwk_network.registry.models import Initiative

DE = {"Accept-Language": "de"}
ADDRESS = "Am Markt 1, Westdorf"
MARKT = (12.1764, 53.7939)  # inside the test Kommune's region West, ~5 km east of Westdorf


def nominatim_place(lon, lat, country_code="de", rank=30, kind="house") -> dict:
    """One result of Nominatim's /search?format=jsonv2&addressdetails=1, as the service writes it."""
    return {
        "place_id": 132914672,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
        "osm_type": "node",
        "osm_id": 2470381217,
        "lat": f"{lat:.7f}",
        "lon": f"{lon:.7f}",
        "category": "place",
        "type": kind,
        "place_rank": rank,
        "importance": 9.99999999995449e-06,
        "addresstype": "place",
        "name": "",
        "display_name": "1, Am Markt, Westdorf, Landkreis Rostock, Mecklenburg-Vorpommern, 18273, Deutschland",
        "address": {
            "house_number": "1",
            "road": "Am Markt",
            "town": "Westdorf",
            "county": "Landkreis Rostock",
            "state": "Mecklenburg-Vorpommern",
            "ISO3166-2-lvl4": "DE-MV",
            "postcode": "18273",
            "country": "Deutschland",
            "country_code": country_code,
        },
        "boundingbox": [
            f"{lat - 0.0001:.7f}",
            f"{lat + 0.0001:.7f}",
            f"{lon - 0.0001:.7f}",
            f"{lon + 0.0001:.7f}",
        ],
    }


def photon_answer(lon, lat, countrycode="DE", kind="house") -> dict:
    """Photon's /api answer: a GeoJSON FeatureCollection."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "osm_type": "N",
                    "osm_id": 2470381217,
                    "osm_key": "place",
                    "osm_value": "house",
                    "type": kind,
                    "housenumber": "1",
                    "street": "Am Markt",
                    "postcode": "18273",
                    "city": "Westdorf",
                    "county": "Landkreis Rostock",
                    "state": "Mecklenburg-Vorpommern",
                    "country": "Deutschland",
                    "countrycode": countrycode,
                },
            }
        ],
    }


class GeocoderServer:
    """A geocoding service on 127.0.0.1: records every request, answers what it is given, maybe late."""

    def __init__(self):
        self.hits: list[dict] = []
        self.answers: dict[str, object] = {}
        self.delay = 0.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                server.hits.append(
                    {
                        "path": parts.path,
                        "query": parse_qs(parts.query),
                        "agent": self.headers.get("User-Agent", ""),
                    }
                )
                time.sleep(server.delay)
                answer = server.answers.get(parts.path)
                body = json.dumps(answer if answer is not None else []).encode()
                self.send_response(200 if answer is not None else 404)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the caller gave up
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self):
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def service():
    geocoding._cache.clear()
    server = GeocoderServer()
    yield server
    server.close()
    geocoding._cache.clear()


@pytest.fixture
def area(app):
    make_kommune()
    make_listing(Initiative, "Treff am Markt", MARKT[0] + 0.002, MARKT[1], themes=["begegnung"])
    make_listing(Initiative, "Treff in Ostdorf", 12.3, 53.8, themes=["begegnung"])  # ~8 km from the Markt


def configure(app, monkeypatch, service, kind):
    monkeypatch.setitem(app.config, "GEOCODER", kind)
    monkeypatch.setitem(app.config, "GEOCODER_URL", service.url + "/geo")
    monkeypatch.setitem(app.config, "GEOCODER_TIMEOUT", 0.5)


def names(response) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', response.get_data(as_text=True))


def test_without_configuration_nothing_is_asked(app, client, area, service):
    service.answers["/geo/search"] = [nominatim_place(*MARKT)]
    response = client.get("/suche", query_string={"near": ADDRESS, "radius_km": "5"}, headers=DE)
    assert response.status_code == 400 and "kennen wir nicht" in response.get_data(as_text=True)
    assert service.hits == []


def test_nominatim_finds_an_address_for_the_place_field(app, client, area, service, monkeypatch):
    configure(app, monkeypatch, service, "nominatim")
    service.answers["/geo/search"] = [nominatim_place(*MARKT)]
    response = client.get("/suche", query_string={"near": ADDRESS, "radius_km": "5"}, headers=DE)
    assert response.status_code == 200 and names(response) == ["Treff am Markt"]
    (hit,) = service.hits
    assert hit["path"] == "/geo/search" and hit["query"]["q"] == [ADDRESS]
    assert hit["query"]["format"] == ["jsonv2"] and hit["query"]["countrycodes"] == ["de"]
    assert hit["agent"].startswith("zwk-network (+http")
    client.get("/suche", query_string={"near": ADDRESS, "radius_km": "5"}, headers=DE)
    assert len(service.hits) == 1  # the second time from the cache


def test_photon_finds_an_address_and_the_map_centres_on_it(app, client, area, service, monkeypatch):
    configure(app, monkeypatch, service, "photon")
    service.answers["/geo/api"] = photon_answer(*MARKT)
    html = client.get("/karte", query_string={"near": ADDRESS, "radius_km": "5"}, headers=DE).get_data(
        as_text=True
    )
    assert '"lat": 53.7939, "lon": 12.1764, "radiusKm": 5.0' in html and "Treff am Markt" in html
    (hit,) = service.hits
    assert hit["path"] == "/geo/api" and hit["query"]["q"] == [ADDRESS] and "bbox" in hit["query"]
    data = client.get(
        "/api/map",
        query_string={"near": ADDRESS, "radius_km": "5", "zoom": "12", "bbox": "11.5,53.5,13.5,54.1"},
    ).get_json()
    assert [f["properties"]["name"] for f in data["features"]] == ["Treff am Markt"]
    assert len(service.hits) == 1  # the map's requests come from the cache


def test_a_timeout_behaves_as_without_a_geocoder(app, client, area, service, monkeypatch):
    configure(app, monkeypatch, service, "nominatim")
    service.answers["/geo/search"] = [nominatim_place(*MARKT)]
    service.delay = 2.0  # longer than GEOCODER_TIMEOUT
    args = {"q": "Treff", "near": ADDRESS, "radius_km": "5"}
    response = client.get("/suche", query_string=args, headers=DE)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "kennen wir nicht" in html
    assert 'value="Treff"' in html and 'value="Am Markt 1, Westdorf"' in html
    assert len(service.hits) == 1


@pytest.mark.parametrize(
    "answer",
    [
        [nominatim_place(18.6, 54.35, country_code="pl", rank=30)],  # Gdańsk: not in Germany
        [nominatim_place(12.5, 53.6, rank=8, kind="state")],  # a whole state is no place for a radius
        [],
    ],
)
def test_results_outside_germany_or_too_coarse_are_not_used(app, client, area, service, monkeypatch, answer):
    configure(app, monkeypatch, service, "nominatim")
    service.answers["/geo/search"] = answer
    response = client.get("/suche", query_string={"near": ADDRESS}, headers=DE)
    assert response.status_code == 400 and len(service.hits) == 1


def test_requests_to_the_service_are_limited_per_client(app, client, area, service, monkeypatch):
    configure(app, monkeypatch, service, "nominatim")
    service.answers["/geo/search"] = [nominatim_place(*MARKT)]
    for number in range(geocoding.CLIENT_LIMIT.amount):
        assert (
            client.get(
                "/api/initiatives", query_string={"near": f"Am Markt {number + 1}, Westdorf"}
            ).status_code
            == 200
        )
    response = client.get("/api/initiatives", query_string={"near": "Am Markt 99, Westdorf"})
    assert response.status_code == 400 and len(service.hits) == geocoding.CLIENT_LIMIT.amount


def entry_point(name: str) -> tuple[float, float]:
    entry = db.session.query(Initiative).filter_by(name=name).one()
    return point_coordinates(to_geometry(entry.location))


def test_registration_without_a_map_takes_the_address_point(app, client, area, service, monkeypatch):
    configure(app, monkeypatch, service, "nominatim")
    service.answers["/geo/search"] = [nominatim_place(*MARKT)]
    response = submit(client, name="Chor am Markt", street="Am Markt 1", postcode="18273", town="Westdorf")
    assert response.status_code == 302
    assert entry_point("Chor am Markt") == pytest.approx(MARKT)
    assert service.hits[0]["query"]["q"] == ["Am Markt 1, 18273 Westdorf"]


def test_registration_falls_back_to_the_town_when_the_service_fails(app, client, area, service, monkeypatch):
    configure(app, monkeypatch, service, "nominatim")
    service.delay = 2.0
    service.answers["/geo/search"] = [nominatim_place(*MARKT)]
    response = submit(client, name="Chor im Dorf", street="Am Markt 1", postcode="18273", town="Westdorf")
    assert response.status_code == 302 and entry_point("Chor im Dorf") == pytest.approx((12.1, 53.8))


def test_registration_without_configuration_asks_nothing(app, client, area, service):
    response = submit(client, name="Chor ohne Dienst", street="Am Markt 1", postcode="18273", town="Westdorf")
    assert response.status_code == 302 and entry_point("Chor ohne Dienst") == pytest.approx((12.1, 53.8))
    assert service.hits == []
