"""zwk-network: a geo-aware registry of local initiatives, meeting places and needs."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import check_production_settings, default_settings, settings_from_environment
from .converters import init_converters
from .extensions import db, migrate

PACKAGE_DIR = Path(__file__).resolve().parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, database, translations, blueprints, CLI."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PACKAGE_DIR / "templates"),
        static_folder=str(PACKAGE_DIR / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    init_converters(app)
    _configure(app, test_config)
    _trust_proxies(app)
    _check_hosts(app)
    app.json.sort_keys = False  # keep the documented property order in API answers
    _init_database(app)
    _init_web(app)
    _init_search(app)  # last: repairing drift at start-up builds documents with translated labels
    return app


def _configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_mapping(default_settings(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    from_environment = settings_from_environment()
    app.config.from_mapping(from_environment)
    app.config["_FROM_ENVIRONMENT"] = tuple(from_environment)
    if test_config:
        app.config.from_mapping(test_config)
    check_production_settings(app.config)
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]


def _trust_proxies(app: Flask) -> None:
    """Behind ZWK_PROXY_COUNT reverse proxies, take the client's address and scheme from their
    X-Forwarded-For/-Proto headers (rate limits count clients, not the proxy). With none
    configured those headers are ignored: anyone could write them. The Host header is the
    proxy's to pass on as it came (and TRUSTED_HOSTS checks it)."""
    count = app.config["PROXY_COUNT"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=0, x_port=0, x_prefix=0)


def _check_hosts(app: Flask) -> None:
    from .hosts import init_trusted_hosts

    init_trusted_hosts(app)


def _init_database(app: Flask) -> None:
    from . import models  # noqa: F401  (registers every table on the metadata)
    from .geo.dialect import engine_options, prepare_engine

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["DATABASE_URL"], app.config["SPATIALITE_MODULE"]
    )
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"))
    with app.app_context():
        prepare_engine(db.engine, app.config["SPATIALITE_MODULE"])


def _init_search(app: Flask) -> None:
    from .config import StartupError
    from .search.startup import init_search_for
    from .taxonomy.lexicon import LexiconError, lexicon

    with app.app_context():
        try:
            lexicon()  # a broken lexicon file stops the start, in one line
        except LexiconError as error:
            raise StartupError(str(error)) from None
    init_search_for(app)


def _init_web(app: Flask) -> None:
    from .web import init_web

    init_web(app)
