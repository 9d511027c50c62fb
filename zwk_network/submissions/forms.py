"""The registration forms: every declared field of an entry (registry/schema.py), checked by the
declaration's rules – the same the import applies – with German labels and messages.

Works without JavaScript: the location comes from the map picker's lat/lon fields, or from
the town typed in (resolved through the gazetteer). A honeypot field catches simple bots.
"""

from dataclasses import replace

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, FloatField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..email_address import EmailAddress
from ..fieldspec import Schema
from ..forms import declared_field, form_value
from ..matching.kinds import suggest_kinds_for
from ..registry.schema import INITIATIVE, MEETING_PLACE
from ..taxonomy import VOCABULARIES


class EntryForm(FlaskForm):
    """What initiatives and meeting places share; entry_form() adds the declared fields."""

    SCHEMA: Schema
    ENTRY_TYPE: str

    def section(self, name: str) -> list:
        """The declared fields of a section of the form (fieldspec.Field.section), in order; each
        contact part is followed by its consent."""
        fields = []
        for spec in self.SCHEMA.form_fields():
            if spec.section == name:
                fields.append(self[spec.name])
                if spec.consent:
                    fields.append(self[f"publish_{spec.name}"])
        return fields

    def is_wide(self, name: str) -> bool:
        """Whether a field spans the form's width."""
        return name in self.SCHEMA and self.SCHEMA[name].is_wide

    def cleaned(self, name: str):
        """A declared field's clean value (after validate)."""
        return getattr(self[name], "clean", None)

    def record(self) -> dict:
        """The validated data as an import-style record (see registry.services.listing_row)."""
        record = {spec.name: self.cleaned(spec.name) for spec in self.SCHEMA.editable_fields()}
        for key, vocabulary in VOCABULARIES.items():
            record[key] = [slug for slug in vocabulary if slug in (self.cleaned(key) or [])]
        record["publish"] = [part for part in self.SCHEMA.consent_parts() if self[f"publish_{part}"].data]
        record["submitter_email"] = self.cleaned("submitter_email")
        return record

    def fill_from(self, record: dict, lon: float | None, lat: float | None) -> None:
        """Pre-fill from a stored record (the edit form). Without kinds of help, the ones its text
        suggests are checked, and the form says so (`help_kinds.suggested`)."""
        for spec in self.SCHEMA.form_fields():
            if spec.name in record and spec.name not in VOCABULARIES:
                self[spec.name].data = form_value(spec, record[spec.name])
        self.themes.data = record.get("themes") or []
        self.target_groups.data = record.get("target_groups") or []
        self.help_kinds.fill(record.get("help_kinds"), lambda: suggest_kinds_for(self.ENTRY_TYPE, record))
        for part in self.SCHEMA.consent_parts():
            self[f"publish_{part}"].data = part in (record.get("publish") or [])
        self.lat.data, self.lon.data = lat, lon

    def is_bot(self) -> bool:
        return bool(self.homepage.data)


def entry_form(name: str, entry_type: str, schema: Schema, staff: bool = False) -> type[EntryForm]:
    """The registration and edit form of an entity: its declared form fields in their order, with
    the point after the town and each contact part's consent after it. The staff's form does not
    require the address for the edit link: imported entries have none."""
    attributes = {"SCHEMA": schema, "ENTRY_TYPE": entry_type}
    for spec in schema.form_fields():
        if staff and spec.name == "submitter_email":
            spec = replace(spec, required=False)
        options = {"description": HELP_KINDS_QUESTION} if spec.name == "help_kinds" else {}
        attributes[spec.name] = declared_field(spec, **options)
        if spec.name == "town":
            attributes["lat"] = FloatField(_l("Breitengrad"), validators=[Optional()])
            attributes["lon"] = FloatField(_l("Längengrad"), validators=[Optional()])
        if spec.consent:
            attributes[f"publish_{spec.name}"] = BooleanField(
                spec.consent_label, default=spec.consent_default
            )
    # The honeypot: hidden from people (CSS and aria-hidden), filled in by simple bots.
    attributes["homepage"] = StringField("Homepage", validators=[Optional(), Length(max=500)])
    return type(name, (EntryForm,), attributes)


HELP_KINDS_QUESTION = _l("Was bieten Sie an? Das hilft, Sie mit Bedarfen in der Nähe zusammenzubringen.")
InitiativeForm = entry_form("InitiativeForm", "initiative", INITIATIVE)
PlaceForm = entry_form("PlaceForm", "place", MEETING_PLACE)
FORMS = {"initiative": InitiativeForm, "place": PlaceForm}
#: What planners edit entries with (moderation).
STAFF_FORMS = {
    "initiative": entry_form("StaffInitiativeForm", "initiative", INITIATIVE, staff=True),
    "place": entry_form("StaffPlaceForm", "place", MEETING_PLACE, staff=True),
}


class LinkRequestForm(FlaskForm):
    email = EmailField(
        _l("E-Mail-Adresse, mit der Sie den Eintrag angelegt haben"),
        validators=[DataRequired(), Length(max=254), EmailAddress()],
    )


class ConfirmDeletionForm(FlaskForm):
    sure = BooleanField(
        _l("Ja, den Eintrag endgültig löschen"),
        validators=[
            DataRequired(
                _l(
                    "Nichts wurde gelöscht: Bitte setzen Sie das Häkchen, wenn der Eintrag wirklich "
                    "gelöscht werden soll."
                )
            )
        ],
    )
