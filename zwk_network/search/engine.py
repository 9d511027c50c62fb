"""The search engine of an app: created at start-up, reached through search_backend()."""

from flask import Flask, current_app

from .backend import SearchBackend
from .whoosh_backend import WhooshBackend

EXTENSION_KEY = "zwk_search"


def init_search(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = WhooshBackend(app.config["SEARCH_DIR"])


def search_backend() -> SearchBackend:
    return current_app.extensions[EXTENSION_KEY]
