"""The seed's legal texts (seed_data/legal/): honest templates, loaded only where no text is stored yet."""

from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from ..municipalities.models import Kommune
from .models import LegalText
from .pages import PAGES


def read_template(path: Path) -> tuple[str, str]:
    """A template file: its first line „# Title“ and the Markdown body after it."""
    first, _sep, body = path.read_text(encoding="utf-8").partition("\n")
    return first.removeprefix("#").strip(), body.strip()


def load_legal_texts(directory: Path) -> int:
    """<page>.md for the installation, <kommune-slug>/<page>.md for a Kommune (if it exists); German.
    A text already stored (the operator's) is left as it is. Returns how many were added."""
    kommune_ids = dict(db.session.execute(select(Kommune.slug, Kommune.id)).all())
    stored = set(db.session.execute(select(LegalText.page, LegalText.kommune_id, LegalText.language)).all())
    added = 0
    for path in sorted(directory.glob("*.md")) + sorted(directory.glob("*/*.md")):
        page = path.stem
        scope = path.parent.name if path.parent != directory else None
        if page not in PAGES or (scope is not None and scope not in kommune_ids):
            continue
        kommune_id = kommune_ids.get(scope) if scope else None
        if (page, kommune_id, "de") in stored:
            continue
        title, body = read_template(path)
        db.session.add(LegalText(page=page, kommune_id=kommune_id, language="de", title=title, body=body))
        added += 1
    db.session.commit()
    return added
