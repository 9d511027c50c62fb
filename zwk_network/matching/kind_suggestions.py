"""Kinds of help for what has none yet: the suggestions from the text, listed, and stored on request.

`flask --app zwk_network help-kinds suggest` shows them; `--apply` stores them in one transaction,
each change audit-logged (by "System"), so a planner can see later that a kind came from the text.
"""

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from ..audit.services import SYSTEM, record
from ..entries import KINDS
from ..errors import NotFound
from ..extensions import db
from ..municipalities.models import Kommune
from ..taxonomy.models import HelpKind
from .kinds import suggest_kinds_for

#: What has kinds of help: initiatives, meeting places and needs (conferences have none).
MODELS = {kind.type: kind.model for kind in KINDS if kind.type in ("initiative", "place", "need")}
APPLIED = "Art der Hilfe übernommen"


@dataclass(frozen=True)
class KindSuggestion:
    entry_type: str  # initiative, place or need
    entry: object
    slugs: tuple[str, ...]  # empty when the text suggests nothing

    @property
    def name(self) -> str:
        return self.entry.title if self.entry_type == "need" else self.entry.name


def suggestions_for_missing_kinds(kommune_slug: str | None = None) -> list[KindSuggestion]:
    """Every initiative, meeting place and need without kinds of help, with what its text suggests.

    NotFound for an unknown Kommune."""
    kommune_id = None
    if kommune_slug:
        kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.slug == kommune_slug))
        if kommune_id is None:
            raise NotFound(f"Kommune {kommune_slug}")
    found = []
    for entry_type, model in MODELS.items():
        query = select(model).where(~model.help_kinds.any()).order_by(model.id)
        if kommune_id is not None:
            query = query.where(model.kommune_id == kommune_id)
        found += [
            KindSuggestion(entry_type, entry, suggest_kinds_for(entry_type, entry))
            for entry in db.session.scalars(query)
        ]
    return found


def store_suggested_kinds(suggestions: list[KindSuggestion]) -> Counter:
    """Store each suggestion as the entry's kinds of help (flushed; the caller commits once).

    Only entries that still have no kinds and have a suggestion change; returns how many per type."""
    rows = {kind.slug: kind for kind in db.session.scalars(select(HelpKind))}
    stored = Counter()
    for suggestion in suggestions:
        if not suggestion.slugs or suggestion.entry.help_kinds:
            continue
        suggestion.entry.help_kinds = [rows[slug] for slug in suggestion.slugs]
        changes = {"help_kinds": [[], list(suggestion.slugs)]}
        named = _Named(suggestion.entry.id, suggestion.name)
        record(APPLIED, suggestion.entry_type, named, changes, note="Vorschlag aus dem Text", actor=SYSTEM)
        stored[suggestion.entry_type] += 1
    db.session.flush()
    return stored


@dataclass(frozen=True)
class _Named:
    """What the audit log reads of an entry: its id and name (a need's title)."""

    id: int
    name: str
