"""GDAL's OGC API – Features driver (OAPIF, Debian's gdal-bin) against the site under gunicorn.

What QGIS does through GDAL: list the collections, read every one, page through 2 500 features,
send a bbox and an attribute filter to the server (the access log shows them arrive, and fewer
requests than reading everything), and write a GeoPackage with the ogr2ogr line of docs/api.md.
"""

import re
import shlex
import shutil
import sqlite3
import subprocess
import time
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.conftest import empty_all_tables
from tests.factories import make_kommune, make_listing, make_need, make_place
from tests.ogc.helpers import grid_initiatives, make_conference
from tests.search.test_crash import child_env
from tests.test_gunicorn import GUNICORN, free_port
from zwk_network.extensions import db
from zwk_network.search import journal
from zwk_network.search.engine import search_backend

ROOT = Path(__file__).resolve().parent.parent.parent
OGRINFO, OGR2OGR = shutil.which("ogrinfo"), shutil.which("ogr2ogr")
DOCS_BASE = "https://zwk.example.org"

pytestmark = [
    pytest.mark.skipif(
        OGRINFO is None or OGR2OGR is None, reason="gdal-bin is not installed (scripts/setup-system.sh test)"
    ),
    pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed"),
    pytest.mark.slow,
]


class Site:
    """The application under gunicorn on a free port, writing its access log to a file."""

    def __init__(self, app, tmp_path: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / "access.log"
        command = [
            str(GUNICORN),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--access-logfile",
            str(self.log),
            "--access-logformat",
            "%(m)s %(U)s?%(q)s %(s)s",
            "wsgi:app",
        ]
        env = {**child_env(app), "PYTHONPATH": str(ROOT), "ZWK_BASE_URL": self.base}
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self._wait()

    def _wait(self):
        for _attempt in range(300):
            try:
                with urllib.request.urlopen(self.base + "/ogc/conformance") as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError("gunicorn did not start: " + self.process.stderr.read().decode()[-2000:])

    def requests(self) -> list[tuple[str, dict]]:
        """(path, query parameters) of every request so far, as the access log has them."""
        time.sleep(0.2)  # gunicorn writes a line after it sent the answer
        found = []
        for line in self.log.read_text().splitlines():
            _method, target, _status = line.split(" ")
            parts = urlsplit(target)
            found.append((parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}))
        return found

    def clear_log(self):
        self.log.write_text("")

    def stop(self):
        self.process.terminate()
        self.process.communicate(timeout=30)


@pytest.fixture(scope="module")
def site(_empty_app, tmp_path_factory):
    """One server for the module (2 500 entries take a while to store and index); the tables are
    emptied afterwards as the `app` fixture does."""
    with _empty_app.app_context():
        kommune = make_kommune()
        grid_initiatives(2500)
        make_listing(name="Noch nicht geprüft", status="pending")
        make_place(name="Treff am Markt", lon=12.3, lat=53.8)
        make_need(kommune, title="Fahrdienst")
        make_conference(kommune, "2026-05-gustrow", date(2026, 5, 1))
        server = Site(_empty_app, tmp_path_factory.mktemp("site"))
        try:
            yield server
        finally:
            server.stop()
            db.session.rollback()
            empty_all_tables()
            search_backend().rebuild([])
            journal.clear(search_backend().directory)


def gdal(*args, cwd=None) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=300, cwd=cwd, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def features(output: str) -> list[str]:
    """The features ogrinfo printed (one block per feature)."""
    return re.findall(r"^OGRFeature\(\w+\):\d+$", output, flags=re.MULTILINE)


def item_requests(site: Site, collection: str) -> list[dict]:
    return [query for path, query in site.requests() if path == f"/ogc/collections/{collection}/items"]


def test_gdal_lists_and_reads_every_collection(site):
    source = f"OAPIF:{site.base}/ogc"
    listing = gdal(OGRINFO, "-ro", "-q", source)
    for collection in ("initiatives", "places", "needs", "conferences", "regions"):
        assert f": {collection} " in listing or f": {collection}\n" in listing, listing
    expected = {"places": 1, "needs": 1, "conferences": 1, "regions": 2}
    for collection, count in expected.items():
        output = gdal(OGRINFO, "-ro", "-al", source, collection)
        assert len(features(output)) == count, output[-2000:]
        assert "Feature Count: " + str(count) in output


def test_gdal_pages_through_2500_features(site):
    site.clear_log()
    output = gdal(
        OGRINFO, "-ro", "-al", "-q", "-oo", "PAGE_SIZE=500", f"OAPIF:{site.base}/ogc", "initiatives"
    )
    assert len(features(output)) == 2500  # the pending entry is not among them
    assert "Noch nicht geprüft" not in output
    pages = [q for q in item_requests(site, "initiatives") if "offset" in q]
    assert sorted(int(q["offset"]) for q in pages) == [500, 1000, 1500, 2000]  # the next links GDAL followed
    assert all(q["limit"] == "500" for q in item_requests(site, "initiatives"))


def test_gdal_sends_the_bbox_to_the_server(site):
    site.clear_log()
    source = f"OAPIF:{site.base}/ogc"
    output = gdal(
        OGRINFO,
        "-ro",
        "-al",
        "-q",
        "-oo",
        "PAGE_SIZE=1000",
        "-spat",
        "12.0",
        "53.7",
        "12.1",
        "53.8",
        source,
        "initiatives",
    )
    # A quarter of the grid's columns and half its rows: 13 × 25 of 50 × 50 points.
    assert len(features(output)) == 13 * 25
    sent = [q for q in item_requests(site, "initiatives") if "bbox" in q]
    assert sent, site.requests()
    west, south, east, north = (float(v) for v in sent[0]["bbox"].split(","))
    assert (west, south, east, north) == pytest.approx((12.0, 53.7, 12.1, 53.8))
    # The server answered with the box's features only: one page, not three.
    assert len(sent) == 1


def test_gdal_sends_an_attribute_filter_to_the_server(site):
    site.clear_log()
    source = f"OAPIF:{site.base}/ogc"
    output = gdal(OGRINFO, "-ro", "-al", "-q", "-where", "name = 'Initiative 1234'", source, "initiatives")
    assert len(features(output)) == 1 and "Initiative 1234" in output
    filtered = [q for q in item_requests(site, "initiatives") if "name" in q]
    assert [unquote(q["name"]) for q in filtered] == ["Initiative 1234"]
    # GDAL did not read all 2 500 features to find it: one request for the layer's fields, one answer.
    assert len(item_requests(site, "initiatives")) <= 2


def test_the_ogr2ogr_example_of_the_docs_writes_a_geopackage(site, tmp_path):
    docs = (ROOT / "docs" / "api.md").read_text()
    line = next(line for line in docs.splitlines() if line.startswith("ogr2ogr ") and "GPKG" in line)
    command = shlex.split(line.replace(DOCS_BASE, site.base))
    gdal(*command, cwd=tmp_path)
    package = next(tmp_path.glob("*.gpkg"))
    with sqlite3.connect(package) as connection:
        tables = {row[0] for row in connection.execute("SELECT table_name FROM gpkg_contents")}
        assert {"initiatives", "places"} <= tables
        count = connection.execute("SELECT count(*) FROM initiatives").fetchone()[0]
        names = {row[0] for row in connection.execute("SELECT name FROM places")}
    assert count == 2500 and names == {"Treff am Markt"}


def test_the_curl_and_python_examples_of_the_docs_answer(site):
    docs = (ROOT / "docs" / "api.md").read_text()
    lines = [line for line in docs.splitlines() if line.startswith("curl ")]
    assert len(lines) >= 4
    for line in lines:
        command = shlex.split(line.replace(DOCS_BASE, site.base).replace("landkreis-rostock", "testkreis"))
        result = subprocess.run(
            [command[0], "--fail", *command[1:]], capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 0, (line, result.stderr)
        assert result.stdout.startswith(("{", "BEGIN:VCALENDAR")), line
    program = docs.split("```python\n", 1)[1].split("```", 1)[0].replace(DOCS_BASE, site.base)
    program = program.replace("landkreis-rostock", "testkreis")
    result = subprocess.run(
        ["python3", "-c", program], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "Treff", "am", "Markt"] or "Treff am Markt" in result.stdout
