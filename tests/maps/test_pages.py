"""Map pages as HTML: our own assets only, a labelled container, the CSP nonce, escaping."""

import re

import folium
import pytest
from folium.plugins import MarkerCluster

from tests.factories import make_kommune, make_listing
from zwk_network.extensions import db
from zwk_network.maps.builders import base_map
from zwk_network.maps.embed import ThirdPartyAsset, UnsafeMapElement, embed
from zwk_network.registry.models import Initiative


def asset_urls(html: str) -> list[str]:
    return re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)


def test_map_page_uses_only_our_assets_and_a_nonce(seeded_client):
    response = seeded_client.get("/karte")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert all(url.startswith("/") and not url.startswith("//") for url in asset_urls(html))
    assert "/static/vendor/leaflet/1.9.3/leaflet.js" in html and "leaflet.markercluster.js" in html
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    inline = re.findall(r"<script(?: nonce=\"([^\"]*)\")?>", html)
    assert inline and all(found == nonce for found in inline)
    assert "user-scalable=no" not in html and "maximum-scale" not in html
    assert '<html lang="de">' in html
    assert re.search(r'<div id="map_\w+" class="map" role="region" aria-label="[^"]+"></div>', html)
    assert "cdn" not in html.lower() and "unpkg" not in html


def test_every_response_gets_a_fresh_nonce(seeded_client):
    first = seeded_client.get("/karte").headers["Content-Security-Policy"]
    second = seeded_client.get("/karte").headers["Content-Security-Policy"]
    assert "nonce-" in first and first != second
    assert "nonce-" not in seeded_client.get("/initiativen").headers["Content-Security-Policy"]


def test_folium_defaults_stay_untouched(seeded_app):
    before_js, before_css = list(folium.Map.default_js), list(folium.Map.default_css)
    with seeded_app.test_request_context():
        embed(base_map(), "Karte")
    assert folium.Map.default_js == before_js and folium.Map.default_css == before_css
    assert folium.Map.default_js[0][1].startswith("https://cdn.")


def test_a_cdn_asset_is_refused(seeded_app):
    with seeded_app.test_request_context(), pytest.raises(ThirdPartyAsset):
        embed(folium.Map(tiles=None), "Karte")  # folium's own defaults come from CDNs


@pytest.mark.parametrize(
    "element",
    [
        lambda: MarkerCluster(),
        lambda: folium.Marker((53.8, 12.1), tooltip="x"),
        lambda: folium.GeoJson({"type": "FeatureCollection", "features": []}),
        lambda: folium.Popup("x"),
    ],
)
def test_elements_that_compile_their_text_are_refused(seeded_app, element):
    """branca compiles an element's output as a template again: only data-free elements may be on a map."""
    with seeded_app.test_request_context():
        folium_map = base_map()
        folium_map.add_child(element())
        with pytest.raises(UnsafeMapElement):
            embed(folium_map, "Karte")


def test_detail_pages_have_a_mini_map(app, client):
    make_kommune()
    entry = make_listing(Initiative, "</script><script>alert(1)</script>", 12.1, 53.8)
    db.session.commit()
    html = client.get(f"/initiativen/{entry.id}").get_data(as_text=True)
    assert 'class="map mini-map" role="region"' in html
    assert "<script>alert(1)" not in html
    assert "Lage von „&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;“" in html


def test_map_page_without_javascript_lists_entries(seeded_client):
    html = seeded_client.get("/karte?theme=jugend").get_data(as_text=True)
    assert 'id="map-entries"' in html and html.count("<li><a href=") >= 1
    assert 'value="jugend" selected' in html


@pytest.mark.parametrize("view", ["x", "10/99/12", "25/54/12", "10/54", "a/b/c"])
def test_bad_view_is_a_400_page(seeded_client, view):
    response = seeded_client.get("/karte?view=" + view, headers={"Accept-Language": "de"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Kartenansicht" in html and 'id="map-filters"' in html


def test_an_unknown_place_keeps_the_map_page(seeded_client):
    response = seeded_client.get(
        "/karte?q=Jugend&near=Xyzzyvarg&theme=jugend", headers={"Accept-Language": "de"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "kennen wir nicht" in html
    assert 'value="Jugend"' in html and 'value="jugend" selected' in html and 'id="map-filters"' in html


def test_static_files_are_compressed_and_cached(seeded_client):
    response = seeded_client.get(
        "/static/vendor/leaflet/1.9.3/leaflet.js", headers={"Accept-Encoding": "gzip"}
    )
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert int(response.headers["Content-Length"]) < 60_000
