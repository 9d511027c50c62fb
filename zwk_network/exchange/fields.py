"""The exchange format: which properties each kind has and how each value is checked.

One definition serves GeoJSON properties and CSV columns alike. Parsers take the raw value
(from JSON: str, number, bool, list, null; from CSV: str) and return a clean value or raise
ValueError with the reason. Nothing is guessed: unknown slugs and malformed values are errors.
"""

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..needs.models import NeedPriority, NeedStatus
from ..registry.models import CONTACT_PARTS
from ..taxonomy import HELP_KINDS, TARGET_GROUPS, THEMES
from .problems import shown_list

_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()/\-]{3,28}[0-9]$")
_POSTCODE = re.compile(r"^[0-9]{5}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # JSON can escape them; no database can store them
#: The longest text any field allows (descriptions); readers refuse fields far beyond it.
LONGEST_TEXT = 10_000


def text(max_length: int, required: bool = False):
    def parse(value):
        if value is None or (isinstance(value, str) and value.strip() == ""):
            if required:
                raise ValueError("is required")
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise ValueError("must be text")
        value = str(value).strip()
        if _CONTROL.search(value):
            raise ValueError("contains control characters")
        if _SURROGATE.search(value):
            raise ValueError("contains characters that are not text (lone surrogates)")
        if len(value) > max_length:
            raise ValueError(f"is longer than {max_length} characters ({len(value)})")
        return value

    return parse


def slug_list(vocabulary: dict, what: str):
    def parse(value):
        if value is None or value == "":
            return []
        if isinstance(value, str):
            items = [item.strip() for item in value.split(";")]
        elif isinstance(value, list):
            items = [item.strip() if isinstance(item, str) else item for item in value]
        else:
            raise ValueError(f"must be a list or ;-separated {what} slugs")
        if not all(isinstance(item, str) for item in items):
            raise ValueError(f"must be a list or ;-separated {what} slugs")
        items = [item for item in items if item != ""]
        unknown = [item for item in items if item not in vocabulary]
        if unknown:
            raise ValueError(f"unknown {what} slug(s): {shown_list(unknown)}")
        return list(dict.fromkeys(items))

    return parse


def choice(values: tuple[str, ...]):
    def parse(value):
        if value is None or value == "":
            return None
        if value not in values:
            raise ValueError(f"must be one of {', '.join(values)}")
        return value

    return parse


def email(value):
    value = text(254)(value)
    if value is not None and not _EMAIL.match(value):
        raise ValueError("is not a valid e-mail address")
    return value


def phone(value):
    value = text(50)(value)
    if value is not None and not _PHONE.match(value):
        raise ValueError("is not a valid phone number (digits, spaces, + ( ) / -)")
    return value


def website(value):
    value = text(500)(value)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValueError("must be an http:// or https:// address")
    return value


def postcode(value):
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:05d}"
    value = text(10)(value)
    if value is not None and not _POSTCODE.match(value):
        raise ValueError("must be a five-digit German postcode")
    return value


def postcode_list(value):
    """Several postcodes, separated by spaces, commas or semicolons."""
    value = text(200)(value)
    if value is None:
        return []
    codes = [code for code in re.split(r"[\s,;]+", value) if code]
    wrong = [code for code in codes if not _POSTCODE.match(code)]
    if wrong:
        raise ValueError(f"must be five-digit German postcodes: {shown_list(wrong)}")
    return list(dict.fromkeys(codes))


GAZETTEER_KINDS = ("Stadt", "Gemeinde", "Ortsteil")


def number(minimum: float, maximum: float, integer: bool = False):
    def parse(value):
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise ValueError("must be a number")
        try:
            parsed = int(value) if integer else float(value)
        except (TypeError, ValueError):
            raise ValueError("must be a whole number" if integer else "must be a number") from None
        if not minimum <= parsed <= maximum:
            raise ValueError(f"must be between {minimum:g} and {maximum:g}")
        return parsed

    return parse


def boolean(value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in ("true", "1", "ja", "yes"):
        return True
    if lowered in ("false", "0", "nein", "no"):
        return False
    raise ValueError("must be true or false")


contact_parts = slug_list(dict.fromkeys(CONTACT_PARTS), "contact part")


def slug(value):
    value = text(120)(value)
    if value is not None and not _SLUG.match(value):
        raise ValueError("must be a slug (lower-case letters, digits and hyphens)")
    return value


@dataclass(frozen=True)
class Field:
    name: str
    parse: Any
    export: bool = True  # written by exports


LISTING_FIELDS = [
    Field("id", number(1, 2**62, integer=True)),  # read-only: exported, ignored on import
    Field("name", text(200, required=True)),
    Field("kind", text(80)),
    Field("summary", text(500)),
    Field("description", text(LONGEST_TEXT)),
    Field("themes", slug_list(THEMES, "theme")),
    Field("target_groups", slug_list(TARGET_GROUPS, "target-group")),
    Field("help_kinds", slug_list(HELP_KINDS, "help-kind")),
    Field("street", text(200)),
    Field("postcode", postcode),
    Field("town", text(200)),
    Field("contact_person", text(200)),
    Field("email", email),
    Field("phone", phone),
    Field("website", website),
    Field("publish", contact_parts),
    Field("opening_times", text(2000)),
    Field("accessibility_notes", text(2000)),
    Field("kommune", slug),
    Field("region", slug),
    Field("source", text(2000)),
    Field("demo", boolean),
]

FIELDS = {
    "initiatives": [*LISTING_FIELDS, Field("service_radius_km", number(0, 300))],
    "places": [
        *LISTING_FIELDS,
        Field("capacity", number(0, 100_000, integer=True)),
        Field("step_free", boolean),
        Field("rooms", text(2000)),
    ],
    "needs": [
        Field("id", number(1, 2**62, integer=True)),
        Field("title", text(200, required=True)),
        Field("description", text(LONGEST_TEXT)),
        Field("themes", slug_list(THEMES, "theme")),
        Field("target_groups", slug_list(TARGET_GROUPS, "target-group")),
        Field("help_kinds", slug_list(HELP_KINDS, "help-kind")),
        Field("kommune", slug),
        Field("region", slug),
        Field("conference", slug),
        Field("priority", choice(tuple(p.value for p in NeedPriority))),
        Field("status", choice(tuple(s.value for s in NeedStatus))),
        Field("source", text(2000)),
        Field("demo", boolean),
    ],
    "gazetteer": [
        Field("name", text(200, required=True)),
        Field("kind", choice(GAZETTEER_KINDS)),
        Field("gemeinde", text(200)),
        Field("postcode", postcode),
        Field("postcodes", postcode_list),
        Field("kommune", slug),
        Field("source", text(2000)),
    ],
    "regions": [
        Field("slug", slug),
        Field("name", text(200, required=True)),
        Field("kommune", slug),
        Field("approximate", boolean),
        Field("source", text(2000)),
    ],
}

#: The property that names an entry of each kind.
NAME_FIELD = {"initiatives": "name", "places": "name", "needs": "title", "gazetteer": "name",
              "regions": "name"}  # fmt: skip
#: Which geometry each kind needs: "point" (required), "area" (optional point/polygon), "polygon".
GEOMETRY_RULE = {
    "initiatives": "point",
    "places": "point",
    "needs": "area",
    "gazetteer": "point",
    "regions": "polygon",
}
KINDS = tuple(FIELDS)


def field_names(kind: str) -> list[str]:
    return [f.name for f in FIELDS[kind]]
