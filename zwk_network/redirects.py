"""Where a redirect taken from the request (a `next` parameter) may lead: paths on this site only."""

from urllib.parse import urlsplit

MAX_TARGET_LENGTH = 2000


def same_site_path(target: object) -> str | None:
    """The target if it is a path on this site (with its query), else None.

    Browsers forgive a lot in a Location header: they drop tabs and line breaks, read a
    backslash as a slash and "//host" as another site, and a line break ends the header.
    So only this is accepted: one leading "/", no backslash, no whitespace or control or
    format character anywhere, and neither scheme nor host when parsed."""
    if not isinstance(target, str) or not target.startswith("/") or len(target) > MAX_TARGET_LENGTH:
        return None
    if target.startswith("//") or "\\" in target:
        return None
    if any(char.isspace() or not char.isprintable() for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
