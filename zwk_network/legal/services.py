"""Finding the text a page shows, and admins' edits of the texts (audit-logged)."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ..audit.services import record
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..municipalities.models import Kommune
from ..timeutil import utcnow
from .models import LegalText
from .pages import LANGUAGES, PAGES

TITLE_MAX = 200
BODY_MAX = 100_000


@dataclass(frozen=True)
class ShownText:
    """What a public page shows: the text (None when the operator wrote none), and whose it is."""

    text: LegalText | None
    kommune: Kommune | None  # the Kommune whose page was asked for
    own: bool  # the Kommune's own text (False: the installation's, as the fallback)


def get_page(key: str):
    page = PAGES.get(key)
    if page is None:
        raise NotFound(f"legal page {key}")
    return page


def _texts_of(page: str, kommune_id: int | None) -> dict[str, LegalText]:
    scope = LegalText.kommune_id.is_(None) if kommune_id is None else LegalText.kommune_id == kommune_id
    rows = db.session.scalars(select(LegalText).where(LegalText.page == page, scope))
    return {row.language: row for row in rows}


def text_for_page(page: str, kommune: Kommune | None, language: str) -> ShownText:
    """The Kommune's own text if it has one for the page, else the installation's; within that, the
    text in the reader's language if the admin wrote one, else the German one."""
    get_page(page)
    own = _texts_of(page, kommune.id) if kommune is not None else {}
    texts = own or _texts_of(page, None)
    text = texts.get(language) or texts.get("de") or next(iter(texts.values()), None)
    return ShownText(text=text, kommune=kommune, own=bool(own))


def stored_text(page: str, kommune: Kommune | None, language: str) -> LegalText | None:
    """Exactly this text (for the edit form): no fallback."""
    get_page(page)
    if language not in LANGUAGES:
        raise NotFound(f"language {language}")
    return _texts_of(page, kommune.id if kommune else None).get(language)


def texts_overview() -> dict[tuple[str, int | None], dict[str, LegalText]]:
    """Every stored text by (page, kommune id or None) and language: what the staff list shows."""
    overview: dict[tuple[str, int | None], dict[str, LegalText]] = {}
    for text in db.session.scalars(select(LegalText)):
        overview.setdefault((text.page, text.kommune_id), {})[text.language] = text
    return overview


def save_legal_text(
    page: str, kommune: Kommune | None, language: str, title: str, body: str, user
) -> LegalText | None:
    """Create, change or (empty text) remove one text, and log it. The installation's German text is
    the fallback of every page and cannot be removed; a Kommune's text or an English one can: the page
    then shows the installation's or the German text again. Returns the text, None when removed."""
    title, body = title.strip(), body.strip()
    existing = stored_text(page, kommune, language)
    label = str(PAGES[page].label)
    scope = kommune.name if kommune else _("Installation")
    errors = {}
    required = kommune is None and language == "de"
    if not body and required:
        errors["body"] = _("Der deutsche Text der Installation ist Pflicht: jede Seite fällt auf ihn zurück.")
    if body and not title:
        errors["title"] = _("Bitte einen Titel angeben.")
    if len(title) > TITLE_MAX:
        errors["title"] = _("Höchstens %(n)s Zeichen.", n=TITLE_MAX)
    if len(body) > BODY_MAX:
        errors["body"] = _("Höchstens %(n)s Zeichen.", n=BODY_MAX)
    if errors:
        raise InvalidInput(errors)
    named = _Named(existing.id if existing else None, f"{label} ({scope}, {language})")
    if not body:
        if existing is not None:
            record(
                "Rechtstext entfernt",
                "legal_text",
                named,
                changes={"title": [existing.title, None], "body": [existing.body, None]},
            )
            db.session.delete(existing)
            db.session.flush()
        return None
    text = existing or LegalText(page=page, kommune_id=kommune.id if kommune else None, language=language)
    new = {"title": title, "body": body}
    changes = {
        name: [getattr(existing, name, None), value]
        for name, value in new.items()
        if existing is None or getattr(existing, name) != value
    }
    if existing is not None and not changes:
        return existing
    text.title, text.body = title, body
    text.updated_at, text.updated_by_id = utcnow(), getattr(user, "id", None)
    db.session.add(text)
    db.session.flush()
    named.id = text.id
    action = "Rechtstext angelegt" if existing is None else "Rechtstext geändert"
    record(action, "legal_text", named, changes=changes)
    return text


class _Named:
    """What the audit log reads from an entry: an id and a name."""

    def __init__(self, entry_id: int | None, name: str):
        self.id, self.name = entry_id, name
