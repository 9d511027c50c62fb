"""What the index holds: one document per public entry, built from the database.

The index is a projection of the database, never the source of truth: approved initiatives
and meeting places, and all needs and conferences (which have no review state).
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..conferences.models import Conference
from ..entries import KINDS
from ..entries import TYPES as TYPES  # the document types, in the order of their codes in the index
from ..extensions import db
from ..geo.geojson import point_coordinates, to_geometry
from ..matching.kinds import kinds_of
from ..needs.location import need_geometry
from ..needs.models import Need
from ..registry.models import Initiative, MeetingPlace
from ..registry.services import public_listings
from ..taxonomy import TARGET_GROUPS, THEMES, target_group_label, theme_label

MODEL_TYPES = {kind.model: kind.type for kind in KINDS}


@dataclass
class SearchDocument:
    key: str  # "initiative:12"
    type: str
    entry_id: int
    name: str
    summary: str = ""
    body: str = ""  # what people wrote (description, opening times …): snippets come from here
    labels: str = ""  # theme and target-group labels in every language: found, never shown
    town: str = ""  # shown on result cards
    demo: bool = False  # invented demonstration data: labelled wherever it is shown
    themes: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    help_kinds: list[str] = field(default_factory=list)  # given, else suggested from the text
    help_kinds_suggested: bool = False
    kommune_id: int | None = None
    region_id: int | None = None
    place_names: str = ""  # town, region and Kommune names: found by text too
    lon: float | None = None
    lat: float | None = None
    service_radius_km: float | None = None  # how far an initiative is active (matching)
    version: str = ""  # a hash of the content: changes whenever the document would (`search check`)

    def with_version(self) -> "SearchDocument":
        content = {k: v for k, v in vars(self).items() if k != "version"}  # flat: asdict's copy is not needed
        self.version = hashlib.sha1(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]
        return self


def document_key(kind: str, entry_id: int) -> str:
    return f"{kind}:{entry_id}"


def is_indexable(entry) -> bool:
    """Whether an entry belongs in the index now."""
    if isinstance(entry, Initiative | MeetingPlace):
        return entry.is_public
    return isinstance(entry, Need | Conference)


def document_for(entry) -> SearchDocument:
    """The search document of an indexable entry."""
    kind = MODEL_TYPES[type(entry)]
    if isinstance(entry, Conference):
        return _conference_document(entry)
    point = point_coordinates(_where(entry))
    name = entry.title if isinstance(entry, Need) else entry.name
    labels = _labels(entry.theme_slugs, entry.target_group_slugs)
    body_parts = [entry.description]
    if not isinstance(entry, Need):
        body_parts += [entry.kind, entry.opening_times, entry.accessibility_notes]
        if isinstance(entry, MeetingPlace):
            body_parts.append(entry.rooms)
    town = (
        None
        if isinstance(entry, Need)
        else (entry.town or (entry.gazetteer_place.name if entry.gazetteer_place else None))
    )
    summary = "" if isinstance(entry, Need) else entry.summary
    body = "\n".join(part for part in body_parts if part)
    help_kinds = kinds_of(kind, entry.help_kind_slugs, name, summary, body)
    return SearchDocument(
        key=document_key(kind, entry.id),
        type=kind,
        entry_id=entry.id,
        name=name,
        summary=summary,
        body=body,
        labels=" ".join(labels),
        town=town or (entry.region.name if isinstance(entry, Need) and entry.region else ""),
        demo=bool(entry.is_demo),
        themes=entry.theme_slugs,
        target_groups=entry.target_group_slugs,
        help_kinds=list(help_kinds.slugs),
        help_kinds_suggested=help_kinds.suggested,
        kommune_id=entry.kommune_id,
        region_id=entry.region_id,
        place_names=_place_names(town, entry.region, entry.kommune),
        lon=point[0] if point else None,
        lat=point[1] if point else None,
        service_radius_km=getattr(entry, "service_radius_km", None),
    ).with_version()


def _where(entry):
    """An entry's geometry; a need's is its own area, else its region's or Kommune's (needs/location.py)."""
    return need_geometry(entry) if isinstance(entry, Need) else to_geometry(entry.location)


def _conference_document(conference: Conference) -> SearchDocument:
    point = point_coordinates(to_geometry(conference.location))
    return SearchDocument(
        key=document_key("conference", conference.id),
        type="conference",
        entry_id=conference.id,
        name=conference.title,
        summary=" ".join(filter(None, [conference.kind, conference.display_venue, conference.venue_address])),
        body=conference.description,
        town=conference.town or "",
        kommune_id=conference.kommune_id,
        region_id=conference.region_id,
        place_names=_place_names(conference.town, conference.region, conference.kommune),
        lon=point[0] if point else None,
        lat=point[1] if point else None,
    ).with_version()


def _labels(themes: list[str], groups: list[str]) -> list[str]:
    """Theme and target-group labels in every interface language, so both find the entry."""
    labels = []
    for language in current_app.config["LANGUAGES"]:
        table = _label_table(language)
        labels += [table[f"theme:{slug}"] for slug in themes] + [table[f"group:{slug}"] for slug in groups]
    return list(dict.fromkeys(labels))


@lru_cache(maxsize=8)
def _label_table(language: str) -> dict[str, str]:
    """All labels of one language, translated once (the catalogs do not change at run time)."""
    with force_locale(language):
        themes = {f"theme:{slug}": theme_label(slug) for slug in THEMES}
        return themes | {f"group:{slug}": target_group_label(slug) for slug in TARGET_GROUPS}


def _place_names(town, region, kommune) -> str:
    return " ".join(filter(None, [town, region.name if region else None, kommune.name if kommune else None]))


LOADERS = {
    Initiative: lambda: public_listings(Initiative),
    MeetingPlace: lambda: public_listings(MeetingPlace),
    Need: lambda: select(Need).options(
        selectinload(Need.themes),
        selectinload(Need.target_groups),
        selectinload(Need.help_kinds),
        selectinload(Need.region),
        selectinload(Need.kommune),
    ),
    Conference: lambda: select(Conference).options(
        selectinload(Conference.region), selectinload(Conference.kommune), selectinload(Conference.venue)
    ),
}


def documents_for_ids(session, model, ids) -> tuple[list[SearchDocument], list[str]]:
    """Documents for these entries, and the keys of those that must leave the index."""
    kind = MODEL_TYPES[model]
    found = {entry.id: entry for entry in session.scalars(LOADERS[model]().where(model.id.in_(list(ids))))}
    if model in (Initiative, MeetingPlace):  # LOADERS only return approved ones
        documents = [document_for(entry) for entry in found.values()]
    else:
        documents = [document_for(entry) for entry in found.values() if is_indexable(entry)]
    kept = {document.entry_id for document in documents}
    return documents, [document_key(kind, entry_id) for entry_id in ids if entry_id not in kept]


def indexable_documents(batch_size: int = 2000) -> Iterator[SearchDocument]:
    """Every document the index should hold, read in batches (for rebuilds and checks)."""
    for make_query in LOADERS.values():
        query = make_query()
        for entry in db.session.scalars(query.execution_options(yield_per=batch_size)):
            yield document_for(entry)
        db.session.expunge_all()


def indexable_ids() -> dict[str, np.ndarray]:
    """The sorted ids of every entry the index should hold, per document type (ids only: cheap)."""
    return {
        MODEL_TYPES[model]: np.sort(
            np.fromiter(db.session.scalars(_ids_of(model, make_query())), dtype=np.int64)
        )
        for model, make_query in LOADERS.items()
    }


def _ids_of(model, query):
    """The same selection as a loader's query, reading ids only."""
    return select(model.id) if query.whereclause is None else select(model.id).where(query.whereclause)
