"""What pages call a record's keys and show of its values: the labels of the declarations
(registry/schema.py, needs/schema.py), never field slugs. The facts list of an entry's detail,
confirm and review pages (entry_facts) and the change lists (the review of a change, the audit log)."""

import math
from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .conferences.schema import CONFERENCE
from .entries import BY_TYPE
from .fieldspec import Field, Schema
from .needs.schema import NEED
from .registry.schema import INITIATIVE, MEETING_PLACE
from .taxonomy import VOCABULARIES

SCHEMAS = (INITIATIVE, MEETING_PLACE, NEED)
#: Every declared key's label; the first declaration that names a key gives its label.
FIELD_LABELS = {}
for _schema in SCHEMAS:
    FIELD_LABELS = _schema.labels() | FIELD_LABELS


#: What the serializer (serialize.py) adds to the declared fields of the features of the API and the
#: OGC API, as their pages and schemas title it.
PROPERTY_LABELS = {
    "id": _l("Nummer"),
    "type": _l("Art des Eintrags"),
    "slug": _l("Kürzel"),
    "contact": _l("Kontakt"),
    "gazetteer_town": _l("Ort"),
    "region_name": _l("Region"),
    "updated_at": _l("Zuletzt geändert"),
    "last_confirmed_at": _l("Zuletzt bestätigt"),
    "located_by": _l("Verortet über"),
    "distance_km": _l("Entfernung (km)"),
    "year": _l("Jahr"),
    "venue": _l("Veranstaltungsort"),
    "venue_id": _l("Nummer des Veranstaltungsorts"),
    "registration": _l("Anmeldung"),
    "name": _l("Name"),
    "approximate": _l("Grenze genähert"),
    "source": _l("Quelle"),
}


def property_label(name: str) -> str:
    """A feature property's German title: its declaration's short label, else what the serializer's
    addition is called; the name itself only for a property nobody labelled."""
    label = FIELD_LABELS.get(name) or CONFERENCE.labels().get(name) or PROPERTY_LABELS.get(name)
    return str(label) if label else name


#: The contact parts, public only with consent, with what pages call them.
CONTACT_LABELS = {part: FIELD_LABELS[part] for part in INITIATIVE.consent_parts()}
#: The contact parts' declarations, in order (pages show an e-mail as mailto:, a website as a link).
CONTACT_FIELDS = tuple(INITIATIVE.consent_fields())


@dataclass(frozen=True)
class Fact:
    """A row of an entry page's facts list: the field's name, what the page calls it, its value in words."""

    name: str
    label: str
    text: str


def entry_facts(entry_type: str, source) -> list[Fact]:
    """The facts an entry's pages list (Schema.fact_fields: public, not laid out by the page itself),
    in declaration order, each that has a value. source: a stored entry, or a record (a dict: the
    registration's confirm step, the review). Contact data is not among them: it needs consent."""
    return facts_of(BY_TYPE[entry_type].schema, source)


def facts_of(schema: Schema, source) -> list[Fact]:
    rows = []
    for spec in schema.fact_fields():
        value = source.get(spec.name) if isinstance(source, dict) else spec.value_of(source)
        text = fact_text(spec, value)
        if text is not None:
            rows.append(Fact(spec.name, str(spec.fact_label or spec.short_label or spec.label), text))
    return rows


def fact_text(spec: Field, value) -> str | None:
    """A value as a facts list shows it, or None when there is nothing to say (nothing given, a
    number 0): yes/no, a number with its unit (whole when it has one), a choice by its label."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, int | float):
        if value == 0:
            return None
        whole = spec.unit or float(value).is_integer()
        shown = format_decimal(math.floor(value + 0.5) if whole else value)  # „1.500“, „2,5“ in German
        return f"{shown} {spec.unit}" if spec.unit else shown
    labels = {choice[0]: choice[1] for choice in spec.choices if isinstance(choice, tuple)}
    if value in labels:
        return str(labels[value])
    return str(value)


def change_field_label(key: str) -> str:
    """A record key as a change list shows it: its declared label, else the key itself."""
    return str(FIELD_LABELS.get(key, key))


def change_value(key: str, value) -> str:
    """A value of a change list: a vocabulary's slugs as their labels, the published contact parts
    by their labels, yes/no for a boolean, nothing as „–“."""
    if value is None or value == [] or value == "":
        return "–"
    vocabulary = VOCABULARIES.get(key)
    if vocabulary is not None and isinstance(value, list):
        return ", ".join(str(vocabulary.get(slug, slug)) for slug in value)
    if key == "publish" and isinstance(value, list):
        return ", ".join(change_field_label(part) for part in value)
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    return str(value)
