"""What change lists (the review of a change, the audit log) call a record's keys and show of its
values: the labels of the declarations (registry/schema.py, needs/schema.py), never field slugs."""

from flask_babel import gettext as _

from .needs.schema import NEED
from .registry.schema import INITIATIVE, MEETING_PLACE
from .taxonomy import VOCABULARIES

SCHEMAS = (INITIATIVE, MEETING_PLACE, NEED)
#: Every declared key's label; the first declaration that names a key gives its label.
FIELD_LABELS = {}
for _schema in SCHEMAS:
    FIELD_LABELS = _schema.labels() | FIELD_LABELS


#: The contact parts, public only with consent, with what pages call them.
CONTACT_LABELS = {part: FIELD_LABELS[part] for part in INITIATIVE.consent_parts()}


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
