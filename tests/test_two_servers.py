"""Two app servers that share nothing but the PostgreSQL database (issue 16, section 3).

Each gunicorn has its own search folder, its own memory (rate limits, caches) and no file of the
other; the search engine is the database's own (the default on PostgreSQL). An entry registered
on one and approved on the other is found in search, on the map and in matching on both within a
second; an edit and a deletion likewise.
"""

import time

import pytest
import requests
from sqlalchemy import select

from tests.factories import make_kommune, make_need
from tests.search.test_crash import child_env
from tests.submissions.helpers import VALID, act, edit_link, login, post_form, submit
from tests.test_gunicorn import GUNICORN, free_port, gunicorn, serving
from zwk_network.extensions import db
from zwk_network.registry.models import Initiative
from zwk_network.taxonomy.models import apply_tags

pytestmark = pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed")
WITHIN = 1.0  # seconds
BBOX = "11.9,53.6,12.5,54.0"


class Answer:
    """A requests response as the form helpers (tests/submissions/helpers.py) read a test client's."""

    def __init__(self, response: requests.Response):
        self.status_code = response.status_code
        self.headers = response.headers
        self._text = response.text

    def get_data(self, as_text: bool = False):
        return self._text if as_text else self._text.encode()


class Browser:
    """One person's browser at one server: cookies kept, redirects not followed."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()

    def get(self, path: str) -> Answer:
        return Answer(self.session.get(self.base + path, allow_redirects=False, timeout=30))

    def post(self, path: str, data: dict) -> Answer:
        return Answer(self.session.post(self.base + path, data=data, allow_redirects=False, timeout=30))


def seen_by(base: str, need_id: int) -> dict[str, set[str]]:
    """Names of the initiatives that search, the map and matching of one server show."""
    search = requests.get(
        f"{base}/api/search", params={"q": "Kinderchor", "type": "initiative", "per_page": 50}, timeout=30
    )
    on_map = requests.get(
        f"{base}/api/map", params={"bbox": BBOX, "zoom": 12, "type": "initiative"}, timeout=30
    )
    matches = requests.get(f"{base}/api/needs/{need_id}/matches", timeout=30)
    assert search.status_code == on_map.status_code == matches.status_code == 200
    return {
        "search": {item["name"] for item in search.json()["results"]},
        "map": {feature["properties"].get("name") for feature in on_map.json()["features"]} - {None},
        "matching": {match["name"] for match in matches.json()["matches"]},
    }


def both_show(bases: list[str], need_id: int, name: str | None) -> dict:
    """Wait up to WITHIN seconds until search, map and matching of every server show `name` (None:
    show no Kinderchor at all); returns what they showed last."""
    deadline = time.monotonic() + WITHIN
    while True:
        seen = {base: seen_by(base, need_id) for base in bases}

        def shown(names: set[str]) -> bool:
            return name in names if name else not any("Kinderchor" in found for found in names)

        if all(shown(names) for views in seen.values() for names in views.values()):
            return {}
        if time.monotonic() > deadline:
            return seen
        time.sleep(0.05)


@pytest.fixture
def two_servers(app, backend, tmp_path):
    if backend != "postgis":
        pytest.skip("servers that share nothing need the database's own search engine (PostgreSQL)")
    servers, bases, outputs = [], [], []
    try:
        for name in ("a", "b"):
            folder = tmp_path / name
            folder.mkdir()
            port, log = free_port(), folder / "gunicorn.log"
            outputs.append(log.open("w"))
            environ = {
                **child_env(app),
                "ZWK_SEARCH_DIR": str(folder / "search-index"),
                "ZWK_SEARCH_BACKEND": "",  # the default on PostgreSQL: the PostgreSQL engine
            }
            server = gunicorn(folder, "wsgi:app", port, output=outputs[-1], **environ)
            servers.append((server, log))
            bases.append(serving(server, port, log))
        yield bases
    finally:
        for server, _log in servers:
            server.terminate()
            server.wait(timeout=30)
        for output in outputs:
            output.close()
    for _server, log in servers:
        assert "Traceback" not in log.read_text(), log.read_text()


def test_registered_on_one_approved_on_the_other_found_on_both(app, two_servers):
    first, second = two_servers
    kommune = make_kommune()
    from tests.submissions.helpers import make_staff

    make_staff()
    need = make_need(kommune, title="Ein Kinderchor zum Mitsingen gesucht")
    apply_tags(need, {"themes": ["kultur"], "target_groups": ["kinder"], "help_kinds": []})
    db.session.commit()

    owner = Browser(first)
    assert submit(owner).status_code == 302  # registered on the first server: pending
    db.session.rollback()
    entry_id = db.session.scalar(select(Initiative.id).where(Initiative.name == VALID["name"]))
    assert both_show(two_servers, need.id, None) == {}

    planner = Browser(second)
    assert login(planner).status_code == 302
    review = f"/intern/eintrag/initiative/{entry_id}"
    assert act(planner, review + "/freigeben", review).status_code == 302  # approved on the second
    assert both_show(two_servers, need.id, VALID["name"]) == {}

    link = edit_link(app)  # the owner edits on the first; the planner approves the change on the second
    edited = {**VALID, "name": "Kinderchor Westdorf-Ost"}
    assert post_form(owner, link + "/bearbeiten", {**edited, "step": "check"}).status_code == 200
    assert (
        post_form(owner, link + "/bearbeiten", {**edited, "step": "submit", "consent": "yes"}).status_code
        == 302
    )
    page = planner.get(review).get_data(as_text=True)
    revision_id = page.split("/aenderung/")[1].split("/")[0]
    assert act(planner, f"{review}/aenderung/{revision_id}/freigeben", review).status_code == 302
    assert both_show(two_servers, need.id, "Kinderchor Westdorf-Ost") == {}

    gone = post_form(owner, link + "/loeschen", {"sure": "y"})  # deleted on the first
    assert gone.status_code == 200
    assert both_show(two_servers, need.id, None) == {}
