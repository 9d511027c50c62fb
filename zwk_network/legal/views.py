"""Public legal pages (per installation and per Kommune) and their editing by admins (/intern/rechtliches)."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.access import admin_required
from ..errors import InvalidInput
from ..extensions import db
from ..form_limits import FEEDBACK, clock_time, count_stored, minutes_until, wait_before_storing
from ..mail import commit_then_send
from ..municipalities.models import Kommune
from ..municipalities.services import get_kommune, list_kommunen
from ..staff.notices import notify
from .feedback import contact_in_use, save_accessibility_contact, send_feedback, stored_contact
from .forms import AccessibilityContactForm, AccessibilityFeedbackForm, LegalTextForm
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
        accessibility=contact_in_use(kommune) if key == "barrierefreiheit" else None,
    )


for key in PAGES:
    bp.add_url_rule(f"/{key}", "page", show, defaults={"key": key}, methods=["GET"])
    bp.add_url_rule(f"/kommunen/<slug>/{key}", "kommune_page", show, defaults={"key": key}, methods=["GET"])


def feedback(slug: str | None = None):
    """Report a barrier (BITV 2.0 § 7): mailed to the contact configured for the installation or the
    Kommune, stored nowhere. Honeypot and rate limits as for registrations (form_limits.FEEDBACK);
    over them the form is shown again, filled in, with 429 and when to send it again."""
    kommune = get_kommune(slug) if slug else None
    form = AccessibilityFeedbackForm()
    retry = None
    if form.validate_on_submit() and (retry := wait_before_storing(FEEDBACK, form.email.data)) is None:
        count_stored(FEEDBACK, form.email.data)
        if not form.homepage.data:  # the honeypot filled: say thanks, send nothing
            send_feedback(kommune, _report_of(form))
            commit_then_send()
        return redirect(_feedback_url("legal.feedback_sent", kommune))
    page = render_template(
        "legal/feedback.html",
        form=form,
        kommune=kommune,
        statement_url=_feedback_url(
            "legal.kommune_page" if kommune else "legal.page", kommune, key="barrierefreiheit"
        ),
        retry_at=clock_time(retry) if retry else None,
        retry_minutes=minutes_until(retry) if retry else None,
    )
    if retry is not None:
        return page, 429, {"Retry-After": str(60 * minutes_until(retry))}
    return page, 400 if request.method == "POST" else 200


def feedback_sent(slug: str | None = None):
    """The confirmation after a barrier report."""
    kommune = get_kommune(slug) if slug else None
    page = render_template(
        "legal/feedback_sent.html",
        kommune=kommune,
        contact=contact_in_use(kommune),
        statement_url=_feedback_url(
            "legal.kommune_page" if kommune else "legal.page", kommune, key="barrierefreiheit"
        ),
    )
    return page, 200, {"Cache-Control": "no-store"}


def _feedback_url(endpoint: str, kommune, **values) -> str:
    if kommune is not None:
        endpoint = {
            "legal.feedback": "legal.kommune_feedback",
            "legal.feedback_sent": "legal.kommune_feedback_sent",
        }.get(endpoint, endpoint)
        return url_for(endpoint, slug=kommune.slug, **values)
    return url_for(endpoint, **values)


def _report_of(form: AccessibilityFeedbackForm) -> dict:
    return {
        name: (form[name].data or "").strip() for name in ("where", "description", "address", "name", "email")
    }


bp.add_url_rule("/barrierefreiheit/rueckmeldung", "feedback", feedback, methods=["GET", "POST"])
bp.add_url_rule("/barrierefreiheit/rueckmeldung/danke", "feedback_sent", feedback_sent, methods=["GET"])
bp.add_url_rule(
    "/kommunen/<slug>/barrierefreiheit/rueckmeldung", "kommune_feedback", feedback, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/kommunen/<slug>/barrierefreiheit/rueckmeldung/danke",
    "kommune_feedback_sent",
    feedback_sent,
    methods=["GET"],
)


@bp.app_template_global()
def feedback_url(kommune=None) -> str:
    """The barrier-report form of a Kommune's pages, or of the installation."""
    if isinstance(kommune, Kommune) and kommune.slug:
        return url_for("legal.kommune_feedback", slug=kommune.slug)
    return url_for("legal.feedback")


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
        contacts={None: stored_contact(None), **{k.id: stored_contact(k) for k in kommunen}},
    )


@bp.route("/intern/rechtliches/barrierefreiheit/<scope>/kontakt", methods=["GET", "POST"])
@admin_required
def edit_contact(scope: str):
    """Where barrier reports go and which enforcement body the statement names, for one scope."""
    kommune = None if scope == INSTALLATION else get_kommune(scope)
    existing = stored_contact(kommune)
    form = AccessibilityContactForm(obj=existing if request.method == "GET" else None)
    if request.method == "POST" and form.validate():
        try:
            save_accessibility_contact(
                kommune,
                form.feedback_email.data or "",
                form.enforcement_name.data or "",
                form.enforcement_url.data or "",
                current_user,
            )
        except InvalidInput as error:
            db.session.rollback()
            for name, reason in error.errors.items():
                form[name].errors = [*form[name].errors, reason]
        else:
            db.session.commit()
            where = str(kommune.name) if kommune else _("Installation")
            notify(_("Gespeichert: Rückmeldung und Schlichtung (%(where)s)", where=where))
            return redirect(url_for("legal.texts"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "legal/contact_edit.html", form=form, kommune=kommune, in_use=contact_in_use(kommune)
    ), status


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
