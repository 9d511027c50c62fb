"""Which Host a request may name: a trusted host name, on BASE_URL's port (or with no port).

Werkzeug's own check (Flask's TRUSTED_HOSTS) ignores the port, compares names case-sensitively
and cannot read an IPv6 address in brackets. Here `LOCALHOST` is `localhost`, `[::1]:5000` is
`[::1]` on port 5000, and `zwk.example.org:6666` is refused when the site is on 443: a link
built from such a host would lead elsewhere (every absolute link comes from BASE_URL anyway,
links.site_url). An entry of TRUSTED_HOSTS may name its own port (`127.0.0.1:8000`); one
starting with a dot admits every subdomain.
"""

import re
from urllib.parse import urlsplit

from flask import Flask, Request
from werkzeug.exceptions import SecurityError

_HOST_PORT = re.compile(r"(?P<host>\[[0-9a-f:.]+\]|[^:\[\]]+)(?::(?P<port>\d{1,5}))?")
DEFAULT_PORTS = {"http": 80, "https": 443}


def split_host(value: str) -> tuple[str, int | None] | None:
    """(host in lower case, port or None) of a Host header or TRUSTED_HOSTS entry; None if malformed."""
    found = _HOST_PORT.fullmatch(value.strip().lower())
    if not found:
        return None
    return found["host"], int(found["port"]) if found["port"] else None


def host_is_trusted(value: str, trusted: list[str], site_port: int) -> bool:
    """Whether a Host header names a trusted host on an allowed port (its own, or site_port)."""
    header = split_host(value)
    if header is None:
        return False
    host, port = header
    for entry in trusted:
        suffix = entry.startswith(".")
        parsed = split_host(entry.removeprefix("."))
        if parsed is None:
            continue
        name, entry_port = parsed
        if (host == name or (suffix and host.endswith("." + name))) and port in (
            None,
            entry_port or site_port,
        ):
            return True
    return False


def site_port(base_url: str) -> int:
    """BASE_URL's port: the one it names, else its scheme's."""
    parts = urlsplit(base_url)
    return parts.port or DEFAULT_PORTS[parts.scheme]


class HostCheckedRequest(Request):
    """A request whose host is checked as above, where Flask binds the URL adapter (it assigns
    the request's host there); werkzeug's own check gets no list (trusted_hosts is always None).
    A refused host is a SecurityError (400), handled like any routing error."""

    trusted: tuple[str, ...] = ()
    port: int = 80

    trusted_hosts = property(lambda _self: None, lambda _self, _value: None)

    @property
    def host(self) -> str:
        if "_checked_host" not in self.__dict__:
            self.__dict__["_checked_host"] = self._checked_host()
        return self.__dict__["_checked_host"]

    @host.setter
    def host(self, _value: str) -> None:
        self.__dict__["_checked_host"] = self._checked_host()

    def _checked_host(self) -> str:
        raw = self.headers.get("host")
        if raw is None:  # HTTP/1.0 without Host: the server's own address, only its name is checked
            name = self.server[0] if self.server else ""
            if host_is_trusted(name, list(self.trusted), self.port):
                return name
        elif host_is_trusted(raw, list(self.trusted), self.port):
            return raw.strip().lower()
        raise SecurityError("Host not trusted")


def init_trusted_hosts(app: Flask) -> None:
    """Check every request's Host against TRUSTED_HOSTS and BASE_URL's port."""
    app.request_class = type(
        "SiteRequest",
        (HostCheckedRequest,),
        {"trusted": tuple(app.config["TRUSTED_HOSTS"]), "port": site_port(app.config["BASE_URL"])},
    )
