"""Wires the web layer: translations, blueprints, error pages, template helpers, CLI."""

from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from .api.problems import http_error_problem
from .cli import init_cli
from .errors import DomainError, InvalidInput
from .i18n import init_i18n
from .needs.labels import need_priority_label, need_status_label
from .taxonomy import TARGET_GROUPS, THEMES, target_group_label, theme_label


def init_web(app: Flask) -> None:
    init_i18n(app)
    _register_blueprints(app)
    _register_error_pages(app)
    _register_template_helpers(app)
    app.after_request(_security_headers)
    init_cli(app)


def _register_blueprints(app: Flask) -> None:
    from .api.views import bp as api
    from .conferences.views import bp as conferences
    from .needs.views import bp as needs
    from .pages.views import bp as pages
    from .places.views import bp as places
    from .registry.views import bp as registry
    from .search.views import bp as search

    for blueprint in (pages, registry, needs, conferences, places, search, api):
        app.register_blueprint(blueprint)


def _register_error_pages(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        errors = error.errors if isinstance(error, InvalidInput) else {}
        title = _("Seite nicht gefunden") if error.status == 404 else _("Ungültige Eingabe")
        return render_template(
            "errors/error.html", status=error.status, title=title, errors=errors
        ), error.status

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith("/api/"):
            return http_error_problem(error)
        title = _("Seite nicht gefunden") if error.code == 404 else error.name
        return render_template("errors/error.html", status=error.code, title=title, errors={}), error.code


def _register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        THEMES=THEMES,
        TARGET_GROUPS=TARGET_GROUPS,
        theme_label=theme_label,
        target_group_label=target_group_label,
        need_status_label=need_status_label,
        need_priority_label=need_priority_label,
        tile_url=lambda: app.config["TILE_URL"],
    )
    app.jinja_env.filters["date_de"] = _format_date


def _content_security_policy() -> str:
    """Only our own origin, plus the configured map tile server for images."""
    tiles = urlsplit(current_app.config["TILE_URL"])
    tile_origin = f"{tiles.scheme}://{tiles.netloc}" if tiles.scheme and tiles.netloc else ""
    return (
        f"default-src 'self'; img-src 'self' data: {tile_origin}".rstrip() + "; "
        "style-src 'self'; script-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def _format_date(value) -> str:
    return format_date(value, format="long") if value else ""


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", _content_security_policy())
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
