"""Configuration in layers: defaults, then the instance folder, then ZWK_* variables, then tests."""

import os
from pathlib import Path

ENV_PREFIX = "ZWK_"


def boolean(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(raw)


boolean.__name__ = "boolean (true/false)"

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
    # The address e-mails link to (a CLI run has no request to take it from).
    "BASE_URL": str,
    # E-mail: with no MAIL_SERVER, every message is written to MAIL_OUTBOX instead of sent.
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_USE_TLS": boolean,
    "MAIL_USE_SSL": boolean,
    "MAIL_DEFAULT_SENDER": str,
    "MAIL_OUTBOX": str,
    # Rate limits (Flask-Limiter): memory by default, e.g. redis://127.0.0.1:6379/0 for several workers.
    "RATELIMIT_STORAGE_URL": str,
    "EDIT_LINK_DAYS": int,
    "SESSION_COOKIE_SECURE": boolean,
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
        "BASE_URL": "http://127.0.0.1:5000",
        "MAIL_SERVER": "",
        "MAIL_PORT": 587,
        "MAIL_USE_TLS": True,
        "MAIL_USE_SSL": False,
        "MAIL_DEFAULT_SENDER": "zwk-network <noreply@localhost>",
        "MAIL_OUTBOX": str(Path(instance_path) / "outbox"),
        "RATELIMIT_STORAGE_URL": "memory://",
        "EDIT_LINK_DAYS": 400,  # a yearly reminder renews it before it runs out
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,  # True in production (below)
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": 4 * 3600,  # a long form may take a while to fill in
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
    if config["ENV"] != "production":
        return
    if config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY:
        raise StartupError("ZWK_SECRET_KEY must be set when ZWK_ENV=production")
    # Cookies only over HTTPS in production, unless switched off (ZWK_SESSION_COOKIE_SECURE=false).
    if "SESSION_COOKIE_SECURE" not in config.get("_FROM_ENVIRONMENT", ()):
        config["SESSION_COOKIE_SECURE"] = True
    config["REMEMBER_COOKIE_SECURE"] = config["SESSION_COOKIE_SECURE"]
