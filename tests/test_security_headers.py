"""Cookies and headers: HttpOnly, SameSite and (in production) Secure cookies; HSTS behind HTTPS."""

from tests.conftest import make_app


def test_session_cookie_flags_and_hsts(app, client):
    client.get("/intern/anmelden")  # the form puts a CSRF token into the session
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    policy = secure.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy


def test_production_cookies_are_secure(tmp_path_factory):
    app = make_app(
        "sqlite:///" + str(tmp_path_factory.mktemp("prod") / "p.sqlite"),
        tmp_path_factory,
        ENV="production",
        SECRET_KEY="a-real-secret-for-this-test",
        BASE_URL="https://zwk.example.org",
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_language_cookie_is_secure(tmp_path_factory):
    app = make_app(
        "sqlite:///" + str(tmp_path_factory.mktemp("prod") / "p.sqlite"),
        tmp_path_factory,
        ENV="production",
        SECRET_KEY="a-real-secret-for-this-test",
        BASE_URL="https://zwk.example.org",
    )
    response = app.test_client().get("/sprache/en", base_url="https://zwk.example.org")
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("zwk_lang="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_development_language_cookie_works_over_http(app, client):
    response = client.get("/sprache/en")
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("zwk_lang="))
    assert "Secure" not in cookie
