"""Wires the web layer: translations, blueprints, error pages, template helpers, CLI."""

import logging
import secrets
from contextlib import suppress
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, render_template, request
from flask_babel import gettext as _
from flask_compress import Compress
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, SecurityError

from .api.problems import http_error_problem, problem
from .cli import init_cli
from .conferences.calendar import feed_links
from .control_characters import init_control_character_check
from .deferred import init_deferred
from .entries import BY_TYPE, entry_labels, entry_url, kind_of
from .errors import DomainError, InvalidInput, status_message, status_title
from .extensions import db, login_manager
from .field_labels import (
    CONTACT_FIELDS,
    CONTACT_LABELS,
    change_field_label,
    change_value,
    entry_facts,
    property_label,
)
from .formats import (
    format_clock,
    format_day,
    format_figure,
    format_hours,
    format_km,
    format_moment,
    format_share,
    join_distinct,
)
from .framing import NoCookiesOnFramedPages, drop_cookies_of_framed_pages, frame_ancestors
from .i18n import init_i18n
from .kind_labels import kind_label
from .linkeddata.schema_org import structured_data
from .listing import parameter_label
from .mail import init_mail_queue
from .maps.assets import init_map_assets
from .municipalities.gazetteer import place_label
from .needs.labels import need_priority_label, need_status_label
from .security import init_security
from .staff.notices import pending_notices
from .static_files import init_static_files
from .taxonomy import (
    HELP_KIND_LABELS,
    TARGET_GROUPS,
    THEMES,
    help_kind_label,
    target_group_label,
    theme_label,
)
from .timeutil import local_today

log = logging.getLogger(__name__)


def init_web(app: Flask) -> None:
    init_deferred(app)  # first: its after-request function then runs last
    init_mail_queue(app)
    init_control_character_check(app)  # before the CSRF check and the rate limits
    init_i18n(app)
    _register_blueprints(app)
    _register_error_pages(app)
    _register_template_helpers(app)
    app.after_request(_security_headers)
    app.after_request(drop_cookies_of_framed_pages)  # before init_security: runs after Flask-Login's
    app.session_interface = NoCookiesOnFramedPages()
    _init_compression(app)
    # Before init_security: after-request functions run in reverse order, so this one runs after
    # security's and has the last word on static files' caching.
    init_static_files(app)
    init_security(app)
    init_cli(app)


def _init_compression(app: Flask) -> None:
    """Compress pages, scripts, styles and (Geo)JSON: the map's first view stays well under 1 MB."""
    app.config.setdefault(
        "COMPRESS_MIMETYPES",
        [
            "text/html",
            "text/css",
            "text/javascript",
            "application/javascript",
            "application/json",
            "application/geo+json",
            "application/problem+json",
            "image/svg+xml",
        ],
    )
    # Streamed responses stay as they are: Flask-Compress's streaming path leaves the file of a
    # static response unclosed. Static files are small, so they are read whole instead (below).
    app.config.setdefault("COMPRESS_STREAMS", False)
    Compress(app)

    @app.after_request  # registered after Compress, so it runs before it
    def buffer_static_files(response):
        endpoint = request.endpoint or ""
        if response.status_code == 200 and response.direct_passthrough and endpoint.endswith("static"):
            body = response.response
            try:
                data = b"".join(body)
            finally:
                if hasattr(body, "close"):
                    body.close()
            response.direct_passthrough = False
            response.set_data(data)
        return response


def _register_blueprints(app: Flask) -> None:
    from .accounts.staff_views import bp as staff_accounts
    from .accounts.views import bp as accounts
    from .api.views import bp as api
    from .conferences.staff_views import bp as conference_admin
    from .conferences.views import bp as conferences
    from .legal.views import bp as legal
    from .linkeddata.views import bp as linkeddata
    from .maps.views import bp as maps
    from .measures.views import bp as measures
    from .moderation.views import bp as moderation
    from .municipalities.views import bp as municipalities
    from .needs.views import bp as needs
    from .network.views import bp as network
    from .ogc.views import bp as ogc
    from .pages.views import bp as pages
    from .participation.views import bp as participation
    from .profiles.views import bp as profiles
    from .registrations.views import bp as registrations
    from .registry.views import bp as registry
    from .reports.views import bp as reports
    from .search.views import bp as search
    from .staff.views import bp as staff
    from .submissions.views import bp as submissions
    from .subscriptions.views import bp as subscriptions

    blueprints = (
        pages,
        registry,
        needs,
        conferences,
        municipalities,
        search,
        maps,
        submissions,
        subscriptions,
        participation,
        accounts,
        staff_accounts,
        staff,
        moderation,
        network,
        registrations,
        measures,
        reports,
        profiles,
        conference_admin,
        legal,
        api,
        ogc,
        linkeddata,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    init_map_assets(app)


#: When a visitor (or client) should try again after the database was unreachable.
RETRY_AFTER_SECONDS = 60


def _register_error_pages(app: Flask) -> None:
    @app.errorhandler(SecurityError)
    def unknown_host(_error: SecurityError):
        """A Host header naming another site (TRUSTED_HOSTS): a plain page, built without any URL."""
        title = _("Unbekannte Adresse")
        message = _(
            "Diese Adresse gehört nicht zu dieser Website. "
            "Bitte rufen Sie die Website unter ihrer bekannten Adresse auf."
        )
        page = (
            f'<!doctype html>\n<html lang="de"><meta charset="utf-8"><title>{title}</title>\n'
            f"<h1>{title}</h1>\n<p>{message}</p>\n</html>\n"
        )
        return Response(page, 400, mimetype="text/html")

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        """The database cannot be reached (stopped, restarting, overloaded): 503, try again soon."""
        # With its traceback: an OperationalError can also be a fault of ours (SQLite reports some so).
        reason = str(error.orig or error).strip().splitlines()[0]
        log.error("database unavailable: %s", reason, exc_info=error)
        with suppress(OperationalError):  # the connection is gone; the pool replaces it later
            db.session.rollback()
        # The page is rendered without the account (Flask-Login's cache): loading it needs the database.
        g._login_user = login_manager.anonymous_user()
        title = _("Vorübergehend nicht erreichbar")
        message = _(
            "Die Datenbank ist gerade nicht erreichbar. "
            "Bitte versuchen Sie es etwas später noch einmal, in etwa einer Minute."
        )
        if request.path.startswith("/api/"):
            response = problem(503, title, message)
        else:
            response = Response(render_template("errors/unavailable.html", title=title, message=message), 503)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

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
        title = _("Seite nicht gefunden") if error.code == 404 else status_title(error.code)
        # A limit with its own message says it (in German); others say what their status means.
        own = getattr(getattr(error, "limit", None), "error_message", None)
        message = error.description if own else status_message(error.code)
        response = render_template(
            "errors/error.html", status=error.code, title=title, errors={}, message=message
        )
        return response, error.code


def _register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        THEMES=THEMES,
        TARGET_GROUPS=TARGET_GROUPS,
        HELP_KINDS=HELP_KIND_LABELS,
        entry_kinds=BY_TYPE,  # type -> EntryKind: .label, .plural, .word
        entry_labels=entry_labels,
        entry_kind_of=kind_of,
        entry_url=entry_url,
        theme_label=theme_label,
        help_kind_label=help_kind_label,
        change_field_label=change_field_label,
        CONTACT_LABELS=CONTACT_LABELS,
        CONTACT_FIELDS=CONTACT_FIELDS,
        entry_facts=entry_facts,
        change_value=change_value,
        target_group_label=target_group_label,
        need_status_label=need_status_label,
        need_priority_label=need_priority_label,
        tile_url=lambda: app.config["TILE_URL"],
        parameter_label=parameter_label,
        status_message=status_message,
        place_label=place_label,
        csp_nonce=csp_nonce,
        structured_data=structured_data,
        today=lambda: local_today(),
        pending_notices=pending_notices,
        calendar_feed_links=feed_links,
    )
    # Numbers and dates in the interface language (formats.py); `date_de` is the long date.
    app.jinja_env.filters["date_de"] = format_day
    app.jinja_env.filters["km"] = format_km
    app.jinja_env.filters["figure"] = format_figure
    app.jinja_env.filters["share"] = format_share
    app.jinja_env.filters["clock"] = format_clock
    app.jinja_env.filters["moment"] = format_moment
    app.jinja_env.globals["hours"] = format_hours
    app.jinja_env.globals["join_distinct"] = join_distinct
    app.jinja_env.filters["help_kind_label"] = help_kind_label
    app.jinja_env.filters["kind_label"] = kind_label
    app.jinja_env.filters["property_label"] = property_label


NONCE_KEY = "zwk.csp_nonce"


def csp_nonce() -> str:
    """A random nonce for this response's inline scripts (a map's script); allowed by the CSP."""
    # Kept in the request's environ, not in g: g lives as long as the app context, which
    # several requests can share (tests, CLI), and a nonce must never be reused.
    return request.environ.setdefault(NONCE_KEY, secrets.token_urlsafe(18))


def _content_security_policy() -> str:
    """Only our own origin, plus the configured map tile server for images.

    Inline scripts run only with this response's nonce (folium's map script); inline styles
    and style attributes in markup never (Leaflet positions elements through the CSSOM)."""
    tiles = urlsplit(current_app.config["TILE_URL"])
    tile_origin = f"{tiles.scheme}://{tiles.netloc}" if tiles.scheme and tiles.netloc else ""
    nonce = request.environ.get(NONCE_KEY)
    scripts = f"'self' 'nonce-{nonce}'" if nonce else "'self'"
    ancestors = frame_ancestors() or "'none'"
    return (
        f"default-src 'self'; img-src 'self' data: {tile_origin}".rstrip() + "; "
        f"style-src 'self'; script-src {scripts}; connect-src 'self'; object-src 'none'; "
        f"base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
    )


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", _content_security_policy())
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if frame_ancestors() is None:  # a framed page says who may frame it in its CSP (framing.py)
        response.headers.setdefault("X-Frame-Options", "DENY")
    return response
