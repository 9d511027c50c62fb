"""Public legal pages (per installation and per Kommune) and their editing by admins (/intern/rechtliches)."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.access import admin_required
from ..errors import InvalidInput
from ..extensions import db
from ..municipalities.models import Kommune
from ..municipalities.services import get_kommune, list_kommunen
from ..staff.notices import notify
from .forms import LegalTextForm
from .markdown import render_markdown
from .pages import LANGUAGES, PAGES
from .services import get_page, save_legal_text, stored_text, text_for_page, texts_overview
from .third_parties import third_parties

bp = Blueprint("legal", __name__)

#: The scope word of the installation's texts in staff addresses (a Kommune's is its slug).
INSTALLATION = "installation"


def show(key: str, slug: str | None = None):
    """One legal page: the Kommune's own text, else the installation's; in the reader's language if there."""
    kommune = get_kommune(slug) if slug else None
    shown = text_for_page(key, kommune, str(get_locale() or "de"))
    return render_template(
        "legal/page.html",
        page=get_page(key),
        shown=shown,
        kommune=kommune,
        body=render_markdown(shown.text.body) if shown.text else None,
        third_parties=third_parties(current_app.config) if key == "datenschutz" else [],
        kommunen=list_kommunen() if kommune is None else [],
    )


for key in PAGES:
    bp.add_url_rule(f"/{key}", "page", show, defaults={"key": key}, methods=["GET"])
    bp.add_url_rule(f"/kommunen/<slug>/{key}", "kommune_page", show, defaults={"key": key}, methods=["GET"])


@bp.app_template_global()
def legal_links(kommune=None) -> list[tuple[str, str]]:
    """The footer's links: on a Kommune's pages to its versions (its own text or the installation's)."""
    if isinstance(kommune, Kommune) and kommune.slug:
        return [
            (str(page.label), url_for("legal.kommune_page", slug=kommune.slug, key=key))
            for key, page in PAGES.items()
        ]
    return [(str(page.label), url_for("legal.page", key=key)) for key, page in PAGES.items()]


@bp.get("/intern/rechtliches")
@admin_required
def texts():
    """Every page of the installation and of each Kommune: which texts exist, with links to edit them."""
    kommunen = list_kommunen()
    scopes = [(INSTALLATION, None, _("Installation")), *((k.slug, k.id, k.name) for k in kommunen)]
    return render_template(
        "legal/staff_list.html",
        pages=PAGES,
        languages=LANGUAGES,
        scopes=scopes,
        overview=texts_overview(),
    )


@bp.route("/intern/rechtliches/<key>/<scope>/<language>", methods=["GET", "POST"])
@admin_required
def edit(key: str, scope: str, language: str):
    """Write one text (Markdown); an empty text of a Kommune or in English falls back again."""
    page = get_page(key)
    kommune = None if scope == INSTALLATION else get_kommune(scope)
    if language not in LANGUAGES:
        abort(404)
    existing = stored_text(key, kommune, language)
    form = LegalTextForm(obj=existing if request.method == "GET" else None)
    if request.method == "GET" and existing is None:
        form.title.data = str(page.label)
    previewing = request.form.get("vorschau") is not None  # the preview button: show, save nothing
    if request.method == "POST" and form.validate() and not previewing:
        try:
            save_legal_text(key, kommune, language, form.title.data or "", form.body.data or "", current_user)
        except InvalidInput as error:
            db.session.rollback()
            for name, reason in error.errors.items():
                form[name].errors = [*form[name].errors, reason]
        else:
            db.session.commit()
            where = str(kommune.name) if kommune else _("Installation")
            notify(_("Gespeichert: %(what)s", what=f"{page.label} ({where}, {LANGUAGES[language]})"))
            return redirect(url_for("legal.texts"))
    status = 400 if request.method == "POST" and not (previewing and not form.errors) else 200
    return render_template(
        "legal/edit.html",
        form=form,
        page=page,
        kommune=kommune,
        language=language,
        languages=LANGUAGES,
        existing=existing,
        scope=scope,
        preview=render_markdown(form.body.data or ""),
    ), status
