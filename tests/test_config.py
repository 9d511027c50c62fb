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


def test_production_needs_the_base_url(tmp_path, monkeypatch):
    monkeypatch.setenv("ZWK_ENV", "production")
    monkeypatch.setenv("ZWK_SECRET_KEY", "a-real-secret-for-this-test")
    with pytest.raises(StartupError, match="ZWK_BASE_URL must be set") as stopped:
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite"})
    assert "\n" not in str(stopped.value)


@pytest.mark.parametrize(
    "url",
    [
        "zwk.example.org",
        "ftp://zwk.example.org",
        "https://",
        "https://zwk.example.org/?x=1",
        "https://a:b:c/",
    ],
)
def test_a_malformed_base_url_stops_start_up(tmp_path, url):
    with pytest.raises(StartupError, match="ZWK_BASE_URL="):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite", "BASE_URL": url})


def test_trusted_hosts_come_from_the_base_url(tmp_path, monkeypatch):
    database = f"sqlite:///{tmp_path}/x.sqlite"
    production = {
        "DATABASE_URL": database,
        "ENV": "production",
        "SECRET_KEY": "s" * 32,
        "BASE_URL": "https://zwk.example.org/netz",
    }
    app = create_app(production)
    assert app.config["TRUSTED_HOSTS"] == ["zwk.example.org"]
    client = app.test_client()
    assert client.get("/sprache/de", base_url="https://localhost").status_code == 400
    assert client.get("/sprache/de", base_url="https://zwk.example.org").status_code == 302
    development = create_app({"DATABASE_URL": database})
    assert {"localhost", "127.0.0.1"} <= set(development.config["TRUSTED_HOSTS"])
    monkeypatch.setenv("ZWK_TRUSTED_HOSTS", "zwk.example.org, .zwk.example.net")
    configured = create_app({"DATABASE_URL": database})
    assert configured.config["TRUSTED_HOSTS"] == ["zwk.example.org", ".zwk.example.net"]


def test_trusted_hosts_and_proxy_count_are_checked():
    assert settings_from_environment({"ZWK_TRUSTED_HOSTS": "A.example, b.example"}) == {
        "TRUSTED_HOSTS": ("a.example", "b.example")
    }
    for bad in (",", "a b.example", "http://a.example", "a.example/x"):
        with pytest.raises(StartupError, match="ZWK_TRUSTED_HOSTS="):
            settings_from_environment({"ZWK_TRUSTED_HOSTS": bad})
    with pytest.raises(StartupError, match="ZWK_PROXY_COUNT"):
        settings_from_environment({"ZWK_PROXY_COUNT": "two"})


def test_no_geocoder_by_default_and_a_named_one_is_checked(tmp_path, monkeypatch):
    database = f"sqlite:///{tmp_path}/x.sqlite"
    assert create_app({"DATABASE_URL": database}).config["GEOCODER"] == ""
    monkeypatch.setenv("ZWK_GEOCODER", "Nominatim")
    monkeypatch.setenv("ZWK_GEOCODER_URL", "https://nominatim.example.org")
    app = create_app({"DATABASE_URL": database})
    assert app.config["GEOCODER"] == "nominatim" and app.config["GEOCODER_TIMEOUT"] == 3.0
    for name, value, message in (
        ("ZWK_GEOCODER", "google", "is not one of nominatim, photon"),
        ("ZWK_GEOCODER_URL", "nominatim.example.org", "needs ZWK_GEOCODER_URL"),
        ("ZWK_GEOCODER_TIMEOUT", "120", "at most 30 seconds"),
    ):
        with monkeypatch.context() as changed:
            changed.setenv(name, value)
            with pytest.raises(StartupError, match=message):
                create_app({"DATABASE_URL": database})


def test_embed_origins_for_the_installation_and_per_kommune():
    raw = (
        "https://www.landkreis-rostock.de, guestrow=https://www.guestrow.de, guestrow=http://Guestrow.de:8080"
    )
    assert settings_from_environment({"ZWK_EMBED_ORIGINS": raw})["EMBED_ORIGINS"] == {
        "": ("https://www.landkreis-rostock.de",),
        "guestrow": ("https://www.guestrow.de", "http://guestrow.de:8080"),
    }
    for bad in ("www.guestrow.de", "guestrow=", "https://x.de/karte", "'self'", "*"):
        with pytest.raises(StartupError, match="ZWK_EMBED_ORIGINS="):
            settings_from_environment({"ZWK_EMBED_ORIGINS": bad})
