"""Configuration layers and start-up checks."""

import pytest

from zwk_network import create_app
from zwk_network.config import StartupError, settings_from_environment


def test_environment_settings_are_typed():
    settings = settings_from_environment({"ZWK_PER_PAGE": "30", "ZWK_TILE_URL": "https://t/{z}/{x}/{y}.png"})
    assert settings == {"PER_PAGE": 30, "TILE_URL": "https://t/{z}/{x}/{y}.png"}
    with pytest.raises(StartupError, match="ZWK_PER_PAGE='many' is not a valid int"):
        settings_from_environment({"ZWK_PER_PAGE": "many"})


def test_missing_spatialite_stops_with_one_clear_line(tmp_path):
    with pytest.raises(SystemExit) as stopped:
        create_app(
            {"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite", "SPATIALITE_MODULE": "/nonexistent/mod_x"}
        )
    message = str(stopped.value)
    assert "libsqlite3-mod-spatialite" in message and "\n" not in message


def test_production_needs_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("ZWK_ENV", "production")
    with pytest.raises(SystemExit, match="ZWK_SECRET_KEY must be set"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite"})
