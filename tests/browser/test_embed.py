"""The embeddable map in a municipal website's page: another origin (a second local server) frames
/embed/karte; the frame shows markers and the list, sets no cookie, and its links open new tabs."""

import threading

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from .test_registration import serious_violations


class HostSite:
    """A municipal website on another origin (localhost on its own port) whose page embeds the map."""

    def __init__(self, embed_url: str):
        page = (
            '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Gemeinde Beispiel</title></head>'
            f'<body><h1>Gemeinde Beispiel</h1><iframe src="{embed_url}" title="Karte" width="640" height="520">'
            "</iframe></body></html>"
        )
        self._server = make_server(
            "localhost", 0, lambda environ, start: Response(page, mimetype="text/html")(environ, start)
        )
        self.url = f"http://localhost:{self._server.server_port}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._thread.join()


@pytest.fixture
def host_site(live_server):
    with HostSite(live_server.url + "/embed/karte?kommune=landkreis-rostock&type=initiative,place") as site:
        yield site


def test_another_origin_embeds_the_map_with_markers_and_list(page, host_site, live_server):
    p = page.page
    p.goto(host_site.url)
    frame = p.frame_locator("iframe")
    frame.locator(".map[data-loads]").wait_for()
    p.wait_for_function(
        "() => { const d = document.querySelector('iframe').contentDocument; return d === null; }"
    )  # another origin: the host page cannot read the frame
    markers = frame.locator(".zwk-marker, .zwk-cluster, .marker-cluster")
    markers.first.wait_for()
    assert markers.count() > 0
    items = frame.locator("#map-entries li")
    assert items.count() > 0
    assert "Einträge" in frame.locator("#map-status").inner_text()
    link = frame.locator("#map-entries li a").first
    assert link.get_attribute("target") in (None, "_blank")  # the page's <base target="_blank">
    with p.context.expect_page() as new_tab:
        link.click()
    opened = new_tab.value
    opened.wait_for_load_state()
    assert opened.url.startswith(live_server.url)
    assert p.url == host_site.url  # the municipal page stays where it was
    cookies = [c for c in p.context.cookies() if c["domain"] in ("127.0.0.1", "localhost")]
    assert [c["name"] for c in cookies if c["name"] == "session"] == []
    assert page.console_errors == []


def test_the_embed_page_and_the_generator_pass_axe(page):
    p = page.page
    for size in ({"width": 400, "height": 450}, {"width": 1280, "height": 900}):
        p.set_viewport_size(size)
        page.goto("/embed/karte?kommune=landkreis-rostock")
        p.locator(".map[data-loads]").wait_for()
        assert serious_violations(p) == []
        wide = p.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        assert wide[0] <= wide[1]
    page.goto("/einbetten?kommune=landkreis-rostock&size=klein")
    assert p.locator("#embed-code").input_value().startswith("<iframe src=")
    assert serious_violations(p) == []


def test_without_javascript_the_embed_shows_the_list_and_a_link(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    p = context.new_page()
    p.goto(live_server.url + "/embed/karte?kommune=landkreis-rostock")
    assert p.locator("#map-entries li").count() > 0
    link = p.locator("noscript a, main > p.notice a").first
    assert "/karte?kommune=landkreis-rostock" in (p.content())
    assert link is not None
    context.close()
