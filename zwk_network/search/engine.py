"""The search engine of an app: picked by name at start-up, reached through search_backend().

Engines are registered by name with the module and class that implement search/backend.py
(as pygeoapi's plugin registry does); a new engine is a module and a line here, and passes the
contract suite (tests/search/test_contract.py). SEARCH_BACKEND (ZWK_SEARCH_BACKEND) names the
engine; empty means the default for the database (DATABASE_ENGINES): Whoosh (files on the server's
disk) with SQLite, the PostgreSQL engine (search/postgres_backend.py, rows in the database every
app server shares) with PostgreSQL.
"""

from importlib import import_module

from flask import Flask, current_app

from ..config import StartupError
from .backend import SearchBackend

EXTENSION_KEY = "zwk_search"
#: Engine name -> "module:class" (imported only when chosen).
ENGINES = {
    "whoosh": "zwk_network.search.whoosh_backend:WhooshBackend",
    "postgres": "zwk_network.search.postgres_backend:PostgresBackend",
}
DEFAULT_ENGINE = "whoosh"
#: The default per database scheme (anything else: DEFAULT_ENGINE).
DATABASE_ENGINES: dict[str, str] = {"postgresql": "postgres"}


def default_engine(config) -> str:
    scheme = str(config.get("DATABASE_URL", "")).split(":", 1)[0].split("+", 1)[0]
    return DATABASE_ENGINES.get(scheme, DEFAULT_ENGINE)


def engine_name(config) -> str:
    """The engine the configuration asks for: SEARCH_BACKEND, else the default for the database."""
    name = (config.get("SEARCH_BACKEND") or default_engine(config)).strip().lower()
    if name not in ENGINES:
        known = ", ".join(sorted(ENGINES))
        raise StartupError(f"SEARCH_BACKEND={name!r} is not a search engine (known: {known})")
    return name


def engine_class(name: str) -> type[SearchBackend]:
    module, _, attribute = ENGINES[name].partition(":")
    return getattr(import_module(module), attribute)


def init_search(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = engine_class(engine_name(app.config)).from_config(app.config)


def search_backend() -> SearchBackend:
    return current_app.extensions[EXTENSION_KEY]
