"""Static files: versioned URLs are cached for a year without revalidation, others briefly."""

import re

from tests.factories import make_kommune
from tests.submissions.helpers import login, make_staff
from zwk_network.static_files import UNVERSIONED, VERSIONED, FileVersions

YEAR = "public, max-age=31536000, immutable"


def static_urls(html: str) -> list[str]:
    return sorted({url.replace("&amp;", "&") for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html)})


def test_pages_link_versioned_files_that_are_kept_for_a_year(app, client):
    make_kommune()
    urls = static_urls(client.get("/karte").get_data(as_text=True))
    own = [url for url in urls if not url.startswith("/static/vendor/")]
    assert {"/static/css/site.css", "/static/css/map.css", "/static/js/map.js"} <= {
        u.split("?")[0] for u in own
    }
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == YEAR == VERSIONED, url  # no no-cache, no must-revalidate
        assert url.startswith("/static/vendor/") or re.search(r"\?v=[0-9a-f]{12}$", url), url


def test_a_file_without_its_current_version_is_kept_briefly(app, client):
    plain = client.get("/static/css/site.css")
    stale = client.get("/static/css/site.css?v=000000000000")
    assert plain.status_code == stale.status_code == 200
    assert plain.headers["Cache-Control"] == stale.headers["Cache-Control"] == UNVERSIONED
    assert "immutable" not in UNVERSIONED and "max-age=3600" in UNVERSIONED
    assert client.get("/static/../config.py").status_code == 404


def test_signed_in_staff_get_cached_files_too(app, client):
    make_kommune()
    make_staff()
    login(client)
    page = client.get("/intern/")
    assert "no-store" in page.headers["Cache-Control"]  # the page is personal
    css = next(url for url in static_urls(page.get_data(as_text=True)) if "site.css" in url)
    assert client.get(css).headers["Cache-Control"] == YEAR  # the style sheet is not


def test_a_changed_file_gets_a_new_version(tmp_path):
    (tmp_path / "a.css").write_text("body { color: red }", encoding="utf-8")
    versions = FileVersions(str(tmp_path))
    first = versions.version("a.css")
    assert first == versions.version("a.css") and len(first) == 12
    (tmp_path / "a.css").write_text("body { color: blue }", encoding="utf-8")
    assert versions.version("a.css") != first
    assert versions.version("missing.css") is None and versions.version("../a.css") is None
