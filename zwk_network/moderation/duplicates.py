"""Does a new entry resemble one we have? A similar name within 2 km, or the same e-mail or website."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from sqlalchemy import func, or_, select

from ..entries import REGISTERED_MODELS
from ..extensions import db
from ..formats import format_km
from ..geo.dialect import radius_bbox, within_bbox
from ..geo.ellipsoid import vincenty_m
from ..geo.geojson import point_coordinates, to_geometry

NEAR_METRES = 2000
SIMILAR_NAME = 0.75  # difflib ratio of the normalised names
_LEGAL_FORMS = re.compile(r"\b(e\.?\s?v\.?|ev|ggmbh|gmbh|gbr|ug)\b")


@dataclass
class Duplicate:
    kind: str
    entry: object
    reasons: list[str]


def normalised_name(name: str) -> str:
    name = _LEGAL_FORMS.sub(" ", name.casefold())
    return " ".join(re.sub(r"[^\w]+", " ", name).split())


def normalised_website(url: str | None) -> str | None:
    if not url:
        return None
    url = re.sub(r"^https?://(www\.)?", "", url.strip().lower())
    return url.rstrip("/") or None


def similar_entries(kind: str, entry) -> list[Duplicate]:
    found: dict[tuple[str, int], Duplicate] = {}
    lon, lat = point_coordinates(to_geometry(entry.location))
    name = normalised_name(entry.name)
    emails = {address.lower() for address in (entry.email, entry.submitter_email) if address}
    website = normalised_website(entry.website)
    for other_kind, model in REGISTERED_MODELS.items():
        conditions = [within_bbox(model, model.location, radius_bbox(lon, lat, NEAR_METRES))]
        if emails:
            conditions += [func.lower(model.email).in_(emails), func.lower(model.submitter_email).in_(emails)]
        if website:
            pattern = "%" + website.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            conditions.append(func.lower(model.website).like(pattern, escape="\\"))
        query = select(model).where(or_(*conditions))
        if other_kind == kind:
            query = query.where(model.id != entry.id)
        for other in db.session.scalars(query):
            reasons = _reasons(other, lon, lat, name, emails, website)
            if reasons:
                found[(other_kind, other.id)] = Duplicate(other_kind, other, reasons)
    return list(found.values())


def _reasons(other, lon, lat, name, emails, website) -> list[str]:
    reasons = []
    other_lon, other_lat = point_coordinates(to_geometry(other.location))
    distance = vincenty_m(lon, lat, other_lon, other_lat)
    if (
        distance <= NEAR_METRES
        and SequenceMatcher(None, name, normalised_name(other.name)).ratio() >= SIMILAR_NAME
    ):
        reasons.append(f"ähnlicher Name, {format_km(distance / 1000)} entfernt")
    other_emails = {address.lower() for address in (other.email, other.submitter_email) if address}
    if emails & other_emails:
        reasons.append("gleiche E-Mail-Adresse")
    if website and normalised_website(other.website) == website:
        reasons.append("gleiche Website")
    return reasons
