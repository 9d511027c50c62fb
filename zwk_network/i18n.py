"""Language choice: a visible switch (cookie), else the browser's language, else German.

An embedded page (/embed/…) takes its language from its URL (`lang`) first: the website that
embeds it chose the language, and it sets no cookie to switch."""

from flask import Blueprint, current_app, has_request_context, redirect, request, url_for
from flask_babel import get_locale, refresh

from .extensions import babel
from .redirects import same_site_path

LANGUAGE_COOKIE = "zwk_lang"
EMBED_PREFIX = "/embed/"
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI, index building: the default language
        return current_app.config["DEFAULT_LOCALE"]
    if request.path.startswith(EMBED_PREFIX) and request.args.get("lang") in languages:
        return request.args["lang"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["DEFAULT_LOCALE"]


@bp.get("/sprache/<code>")
def switch_language(code: str):
    """Remember the chosen language and go back to the page the visitor came from."""
    if code not in current_app.config["LANGUAGES"]:
        code = current_app.config["DEFAULT_LOCALE"]
    response = redirect(same_site_path(request.args.get("next")) or url_for("pages.home"))
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def init_i18n(app) -> None:
    babel.init_app(app, locale_selector=select_locale, default_locale=app.config["DEFAULT_LOCALE"])
    app.register_blueprint(bp)
    # The locale is chosen per request, even where requests share an app context (tests, CLI).
    app.before_request(refresh)
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
