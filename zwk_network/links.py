"""Absolute links to this site (e-mails, the API's links, calendar feeds): always from BASE_URL,
never from the request.

A request's Host header is whatever the sender wrote; a link built from it in a mail to
someone else would lead that person to the sender's site (Host header poisoning), and one in a
cached API answer or calendar feed to whoever asked first."""

from urllib.parse import urlsplit

from flask import current_app


def site_url(endpoint: str, **values) -> str:
    """The absolute address of an endpoint under the configured BASE_URL (path prefix kept)."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
