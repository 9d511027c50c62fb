"""Redirects that take their target from the request lead only to paths on this site."""

from urllib.parse import quote, urlsplit

import pytest

from tests.factories import make_kommune
from tests.submissions.helpers import PASSWORD, make_staff, post_form
from zwk_network.redirects import same_site_path

#: What browsers read as another site (or what breaks a Location header), in every disguise.
FOREIGN = [
    "//evil.invalid/",
    "///evil.invalid/",
    "/\\evil.invalid/",
    "\\\\evil.invalid/",
    "/\\/evil.invalid/",
    "\\/evil.invalid/",
    "/\t/evil.invalid/",
    "/\n/evil.invalid/",
    "/\r\n/evil.invalid/",
    "/x\r\nSet-Cookie: a=b",
    "/ /evil.invalid/",
    "/\x00/evil.invalid/",
    "/\x0b/evil.invalid/",
    "/\u00a0/evil.invalid/",
    "/\u2028/evil.invalid/",
    "/\u200b/evil.invalid/",
    "/\ufeff/evil.invalid/",
    "\t//evil.invalid/",
    " //evil.invalid/",
    "https://evil.invalid/",
    "http:evil.invalid",
    "https:/evil.invalid",
    "javascript:alert(1)",
    "evil.invalid",
    "",
]
#: Also what only a browser could get wrong: a fullwidth solidus, an already encoded tab.
BROWSER_FOREIGN = [*FOREIGN, "/\uff0fevil.invalid/", "/%09/evil.invalid/"]
SAME_SITE = ["/initiativen", "/suche?q=Chor&seite=2", "/intern/", "/kommunen/landkreis-rostock"]


def is_same_site(location: str) -> bool:
    parts = urlsplit(location)
    return (
        location.startswith("/")
        and not location.startswith("//")
        and "\\" not in location
        and all(33 <= ord(c) < 127 for c in location)
        and not parts.scheme
        and not parts.netloc
    )


@pytest.mark.parametrize("target", FOREIGN)
def test_foreign_targets_are_refused(target):
    assert same_site_path(target) is None


@pytest.mark.parametrize("target", SAME_SITE)
def test_same_site_paths_are_kept(target):
    assert same_site_path(target) == target


@pytest.mark.parametrize("target", BROWSER_FOREIGN)
def test_language_switch_never_leaves_the_site(app, client, target):
    response = client.get("/sprache/en?next=" + quote(target, safe=""))
    assert response.status_code == 302
    assert is_same_site(response.headers["Location"]), response.headers["Location"]


@pytest.mark.parametrize("target", BROWSER_FOREIGN)
def test_login_never_leaves_the_site(app, client, target):
    make_kommune()
    make_staff()
    url = "/intern/anmelden?next=" + quote(target, safe="")
    response = post_form(client, url, {"email": "planer@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert is_same_site(response.headers["Location"]), response.headers["Location"]


@pytest.mark.parametrize("target", SAME_SITE)
def test_same_site_targets_are_followed(app, client, target):
    assert client.get("/sprache/en?next=" + quote(target, safe="")).headers["Location"] == target
