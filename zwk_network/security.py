"""Safety against abuse: CSRF on every form, rate limits, sign-in, cookies and HSTS."""

from flask import Flask, current_app, g, render_template, request, session
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from .extensions import csrf, limiter, login_manager, mail
from .staff.notices import notices_shown

HSTS = "max-age=31536000; includeSubDomains"
#: Where pages show personal data (the staff area, edit links, conference registrations):
#: no browser or proxy cache keeps them. So does every page seen while signed in.
#: Where pages show personal data: the staff area, edit links, conference registrations – and every route
#: reached by a private link (a `<token>` in its path: subscriptions, password links, …).
PERSONAL_PREFIXES = ("/intern/", "/eintrag/", "/anmeldung/")
PRIVATE_LINK_ARGUMENT = "token"


def init_security(app: Flask) -> None:
    csrf.init_app(app)
    mail.init_app(app)
    app.config["RATELIMIT_STORAGE_URI"] = app.config["RATELIMIT_STORAGE_URL"]
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
    _init_login(app)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        message = _(
            "Das Formular war abgelaufen oder unvollständig (Sicherheitsmerkmal fehlt). "
            "Bitte laden Sie die Seite neu und senden Sie es noch einmal."
        )
        return render_template(
            "errors/error.html", status=400, title=_("Formular abgelaufen"), errors={}, message=message
        ), 400

    @app.after_request
    def strict_transport_security(response):
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response

    @app.after_request
    def never_cache_personal_pages(response):
        if _shows_personal_data(app):
            response.headers["Cache-Control"] = "no-store"
        return response


def _shows_personal_data(app: Flask) -> bool:
    path = request.path
    if path == "/intern" or path.startswith(PERSONAL_PREFIXES) or notices_shown():
        return True
    if PRIVATE_LINK_ARGUMENT in (request.view_args or {}):
        return True
    # Signed in (or signing in): only looked up when a session cookie came, so that public pages
    # seen without one stay cacheable (reading the session adds "Vary: Cookie").
    return app.config["SESSION_COOKIE_NAME"] in request.cookies and "_user_id" in session


# What a rate limit counts (Flask-Limiter's deduct_when): only the requests that matter.
def counts_if_stored(response) -> bool:
    """A form that stored something redirects; checking a form with errors costs nothing."""
    return response.status_code == 302


def counts_if_refused(response) -> bool:
    """A form that was answered with 400 (a wrong password): only failures count."""
    return response.status_code == 400


def counts_if_not_found(response) -> bool:
    """Only failed look-ups of private links count: guessing is what is limited."""
    return response.status_code == 404


def _init_login(app: Flask) -> None:
    from .accounts.services import user_for_session

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None  # the login page says what it is for
    login_manager.session_protection = "strong"

    @app.before_request
    def forget_cached_user():
        # Flask-Login caches the user in g, which lives as long as the app context; where
        # several requests share one (tests, CLI), each must load its own user – and its own
        # CSRF token (Flask-WTF keeps it in g too: another client's would be posted back).
        g.pop("_login_user", None)
        g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)

    @login_manager.user_loader
    def load_user(session_id: str):
        return user_for_session(session_id)
