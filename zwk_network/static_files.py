"""Static files: a versioned URL is cached for a year without asking again, the rest briefly.

Every url_for("static", filename=…) carries `v=`, a hash of the file's content
(„/static/css/site.css?v=3f2a9c0d1e7b“): a changed file gets a new URL, so its old one may be kept
for good („Cache-Control: public, max-age=31536000, immutable“ – no revalidation on reload). The
vendor files (maps/assets.py) have their package version in the path and are cached the same way.
A request without the current version (an old page, a bookmark, the browser asking for
favicon.svg on its own) gets the file with a short lifetime instead, so that a change reaches it.
"""

import hashlib
from pathlib import Path

from flask import Flask, request
from werkzeug.security import safe_join

VERSIONED = "public, max-age=31536000, immutable"
UNVERSIONED = "public, max-age=3600"
VERSION_LENGTH = 12


class FileVersions:
    """The content hash of each static file, computed again only when the file changed."""

    def __init__(self, folder: str):
        self.folder = folder
        self._known: dict[str, tuple[tuple[int, int], str]] = {}

    def version(self, filename: str) -> str | None:
        path = safe_join(self.folder, filename)
        if path is None:
            return None
        try:
            stat = Path(path).stat()
            changed = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            return None
        known = self._known.get(path)
        if known is None or known[0] != changed:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:VERSION_LENGTH]
            known = self._known[path] = (changed, digest)
        return known[1]


def init_static_files(app: Flask) -> None:
    """Version the URLs of the app's static files and set how long a response may be kept.

    Registered before security.py's after-request functions, so it runs after them (Flask runs them
    in reverse order): the personal-page rule sends no-store to signed-in staff, but static files
    hold nothing personal, and this has the last word on them."""
    versions = FileVersions(app.static_folder)

    @app.url_defaults
    def add_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = versions.version(values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def cache_static_files(response):
        endpoint = request.endpoint or ""
        if not endpoint.endswith("static") or response.status_code not in (200, 304):
            return response
        if endpoint == "static":
            filename = (request.view_args or {}).get("filename", "")
            versioned = bool(request.args.get("v")) and request.args["v"] == versions.version(filename)
        else:  # a vendor file: its package version is in the path
            versioned = True
        response.headers["Cache-Control"] = VERSIONED if versioned else UNVERSIONED
        response.headers.pop("Expires", None)
        return response
