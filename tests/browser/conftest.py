"""Browser tests: the seeded app served on localhost, driven by Playwright in Debian's Chromium.

Never `playwright install`: the browser is /usr/bin/chromium (the test command installs it).
Tile requests go to the configured tile server's host and are answered here with a plain
image, so nothing leaves the machine and every request can still be recorded.
"""

import csv
import threading
import zlib
from pathlib import Path
from struct import pack
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from tests.conftest import migrated_app
from zwk_network.extensions import db
from zwk_network.hosts import init_trusted_hosts
from zwk_network.seed import SEED_DIR, load_seed

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def seed_town(name: str) -> tuple[str, str]:
    """A town's latitude and longitude as the picker's fields show them (six decimals)."""
    with (SEED_DIR / "gazetteer.csv").open(encoding="utf-8") as file:
        row = next(row for row in csv.DictReader(file) if row["name"] == name)
    return f"{float(row['lat']):.6f}", f"{float(row['lon']):.6f}"


TESSIN_LAT, TESSIN_LON = seed_town("Tessin")


class LiveServer:
    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        # The site's address is known only now: links and the Host check follow it, as in production.
        app.config["BASE_URL"] = self.url
        init_trusted_hosts(app)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._thread.join()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    app = migrated_app("spatialite", "browser", tmp_path_factory)
    app.config["TILE_URL"] = TILE_URL
    with app.app_context():
        load_seed(echo=lambda *_: None)
    with LiveServer(app) as server:
        yield server
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: the test command installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def blank_tile() -> bytes:
    """A 256×256 PNG in a light map colour."""
    raw = b"".join(b"\x00" + bytes((236, 232, 224)) * 256 for _ in range(256))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


class RecordedPage:
    """A page that records every request it makes and every console error."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console", lambda message: message.type == "error" and self.console_errors.append(message.text)
        )
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        tile = blank_tile()
        tile_host = urlsplit(TILE_URL).netloc
        page.route(
            f"https://{tile_host}/**",
            lambda route: route.fulfill(status=200, content_type="image/png", body=tile),
        )

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def hosts(self) -> set[str]:
        return {urlsplit(url).netloc for url in self.requests if not url.startswith(("data:", "blob:"))}


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    recorded = RecordedPage(context.new_page(), live_server.url)
    yield recorded
    context.close()
