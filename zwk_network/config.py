"""Configuration in layers: defaults, then the instance folder, then ZWK_* variables, then tests."""

import os
from pathlib import Path

ENV_PREFIX = "ZWK_"

#: Settings that may come from the environment, with the type they are parsed to.
ENV_SETTINGS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "SPATIALITE_MODULE": str,
    "DEFAULT_LOCALE": str,
    "PER_PAGE": int,
    "MAX_PER_PAGE": int,
    "IMPORT_MAX_BYTES": int,
    "TILE_URL": str,
    "TILE_ATTRIBUTION": str,
    "SEARCH_DIR": str,
    "ENV": str,
}


DEVELOPMENT_SECRET_KEY = "dev-only-secret-change-me"


class StartupError(SystemExit):
    """Start-up cannot continue; the message is printed as one line, without a traceback."""

    def __init__(self, message: str):
        super().__init__(f"zwk-network: {message}")


def default_settings(instance_path: str) -> dict:
    """Defaults that make the application run out of the box on the embedded database."""
    return {
        "ENV": "development",
        "SECRET_KEY": DEVELOPMENT_SECRET_KEY,
        "DATABASE_URL": "sqlite:///" + str(Path(instance_path) / "zwk_network.sqlite"),
        "SPATIALITE_MODULE": "mod_spatialite",
        "DEFAULT_LOCALE": "de",
        "LANGUAGES": ("de", "en"),
        "PER_PAGE": 20,
        "MAX_PER_PAGE": 100,
        "IMPORT_MAX_BYTES": 200 * 1024 * 1024,
        "SEARCH_DIR": str(Path(instance_path) / "search-index"),
        "TILE_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "TILE_ATTRIBUTION": "© OpenStreetMap-Mitwirkende",
    }


def settings_from_environment(environ=os.environ) -> dict:
    """Read every known ZWK_* variable, parsed to its type; a malformed value stops start-up."""
    settings = {}
    for name, kind in ENV_SETTINGS.items():
        raw = environ.get(ENV_PREFIX + name)
        if raw is None or raw == "":
            continue
        try:
            settings[name] = kind(raw)
        except ValueError:
            message = f"{ENV_PREFIX}{name}={raw!r} is not a valid {kind.__name__}"
            raise StartupError(message) from None
    return settings


def check_production_settings(config) -> None:
    """In production (ZWK_ENV=production) a real secret key is required."""
    if config["ENV"] == "production" and config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY:
        raise StartupError("ZWK_SECRET_KEY must be set when ZWK_ENV=production")
