"""Pages other sites may show in a frame (the embeddable map), and pages that set no cookies.

Every response says `frame-ancestors 'none'` and `X-Frame-Options: DENY` (web.py), except those
whose view called `allow_framing`: they name the sites that may frame them in their CSP instead,
and send no X-Frame-Options. Such a page also leaves the session alone: the session cookie is
neither set nor refreshed (NoCookiesOnFramedPages), and no other cookie is sent
(drop_cookies_of_framed_pages), so a municipal website embedding the map gives
its visitors no cookie of ours.
"""

from flask import request
from flask.sessions import SecureCookieSessionInterface

FRAME_ANCESTORS_KEY = "zwk.frame_ancestors"


def allow_framing(origins: tuple[str, ...]) -> None:
    """Let this response be framed by these origins (and our own); none given: by any site."""
    sources = " ".join(("'self'", *origins)) if origins else "*"
    request.environ[FRAME_ANCESTORS_KEY] = sources


def frame_ancestors() -> str | None:
    """The CSP sources that may frame this response, None when nobody may (the default)."""
    return request.environ.get(FRAME_ANCESTORS_KEY)


def drop_cookies_of_framed_pages(response):
    """After-request: a framed page sends no Set-Cookie (Flask-Login would clear its remember
    cookie on it, say). Registered before the extensions, so it runs after theirs."""
    if frame_ancestors() is not None:
        del response.headers["Set-Cookie"]
    return response


class NoCookiesOnFramedPages(SecureCookieSessionInterface):
    """Flask's signed-cookie session, which writes no cookie on a framed page."""

    def save_session(self, app, session, response) -> None:
        if frame_ancestors() is not None:
            return
        super().save_session(app, session, response)
