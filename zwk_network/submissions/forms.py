"""The registration forms: every field of an entry, checked, in German.

Works without JavaScript: the location comes from the map picker's lat/lon fields, or from
the town typed in (resolved through the gazetteer). A honeypot field catches simple bots.
"""

import phonenumbers
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..email_address import EmailAddress, normalised_email
from ..forms import CheckboxList, HelpKindsField, select_choices
from ..matching.kinds import suggest_kinds_for
from ..registry.models import CONTACT_PARTS, INITIATIVE_KINDS, MEETING_PLACE_KINDS
from ..taxonomy import HELP_KINDS, TARGET_GROUPS, THEMES

TEXT_MAX = 5000
RECORD_FIELDS = ("name", "kind", "summary", "description", "street", "postcode", "town", "opening_times",
                 "accessibility_notes", "contact_person", "email", "phone", "website")  # fmt: skip


def phone_number(_form, field) -> None:
    if not field.data:
        return
    try:
        number = phonenumbers.parse(field.data, "DE")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(_l("ist keine gültige Telefonnummer (z. B. 038208 12345 oder +49 381 123456)"))


def web_address(_form, field) -> None:
    if field.data and not field.data.lower().startswith(("https://", "http://")):
        raise ValidationError(_l("muss mit https:// oder http:// beginnen"))


class EntryForm(FlaskForm):
    """What initiatives and meeting places share."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Bitte einen Namen angeben.")), Length(max=200)]
    )
    summary = StringField(
        _l("Kurzbeschreibung (ein Satz)"),
        validators=[DataRequired(_l("Bitte in einem Satz sagen, was Sie anbieten.")), Length(max=500)],
    )
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=TEXT_MAX)])
    themes = CheckboxList(_l("Themen"), choices=select_choices(THEMES.items()), validators=[Optional()])
    target_groups = CheckboxList(
        _l("Zielgruppen"), choices=select_choices(TARGET_GROUPS.items()), validators=[Optional()]
    )
    help_kinds = HelpKindsField(
        description=_l("Was bieten Sie an? Das hilft, Sie mit Bedarfen in der Nähe zusammenzubringen.")
    )
    street = StringField(_l("Straße und Hausnummer"), validators=[Optional(), Length(max=200)])
    postcode = StringField(
        _l("Postleitzahl"),
        validators=[Optional(), Regexp(r"^\d{5}$", message=_l("fünf Ziffern, z. B. 18195"))],
    )
    town = StringField(_l("Ort"), validators=[Optional(), Length(max=200)])
    lat = FloatField(_l("Breitengrad"), validators=[Optional()])
    lon = FloatField(_l("Längengrad"), validators=[Optional()])
    opening_times = TextAreaField(_l("Wann trifft man Sie?"), validators=[Optional(), Length(max=1000)])
    accessibility_notes = TextAreaField(_l("Barrierefreiheit"), validators=[Optional(), Length(max=1000)])
    contact_person = StringField(_l("Ansprechperson"), validators=[Optional(), Length(max=200)])
    email = EmailField(
        _l("E-Mail für Anfragen"),
        validators=[Optional(), Length(max=254), EmailAddress()],
    )
    phone = StringField(_l("Telefon"), validators=[Optional(), Length(max=50), phone_number])
    website = URLField(_l("Website"), validators=[Optional(), Length(max=500), web_address])
    publish_contact_person = BooleanField(_l("Ansprechperson veröffentlichen"))
    publish_email = BooleanField(_l("E-Mail veröffentlichen"))
    publish_phone = BooleanField(_l("Telefon veröffentlichen"))
    publish_website = BooleanField(_l("Website veröffentlichen"), default=True)
    submitter_email = EmailField(
        _l("Ihre E-Mail-Adresse für den Bearbeitungslink (wird nicht veröffentlicht)"),
        validators=[DataRequired(_l("Wir brauchen sie, um Ihnen den Bearbeitungslink zu senden.")),
                    Length(max=254), EmailAddress()],
    )  # fmt: skip
    # The honeypot: hidden from people (CSS and aria-hidden), filled in by simple bots.
    homepage = StringField("Homepage", validators=[Optional(), Length(max=500)])

    def record(self) -> dict:
        """The validated data as an import-style record (see registry.services.listing_row)."""
        record = {name: _clean(getattr(self, name).data) for name in (*RECORD_FIELDS, *self.EXTRA)}
        record["themes"] = [slug for slug in THEMES if slug in (self.themes.data or [])]
        record["target_groups"] = [slug for slug in TARGET_GROUPS if slug in (self.target_groups.data or [])]
        record["help_kinds"] = [slug for slug in HELP_KINDS if slug in (self.help_kinds.data or [])]
        record["publish"] = [part for part in CONTACT_PARTS if getattr(self, f"publish_{part}").data]
        record["submitter_email"] = normalised_email(self.submitter_email.data)
        if record["email"]:
            record["email"] = normalised_email(record["email"])
        return record

    def fill_from(self, record: dict, lon: float | None, lat: float | None) -> None:
        """Pre-fill from a stored record (the edit form). Without kinds of help, the ones its text
        suggests are checked, and the form says so (`help_kinds.suggested`)."""
        for name, value in record.items():
            if name in self._fields and name not in ("themes", "target_groups", "help_kinds"):
                self[name].data = value
        self.themes.data = record.get("themes") or []
        self.target_groups.data = record.get("target_groups") or []
        self.help_kinds.fill(record.get("help_kinds"), lambda: suggest_kinds_for(self.ENTRY_TYPE, record))
        for part in CONTACT_PARTS:
            self[f"publish_{part}"].data = part in (record.get("publish") or [])
        self.lat.data, self.lon.data = lat, lon

    def is_bot(self) -> bool:
        return bool(self.homepage.data)


class InitiativeForm(EntryForm):
    ENTRY_TYPE = "initiative"
    EXTRA = ("service_radius_km",)
    kind = SelectField(
        _l("Art"), choices=select_choices((kind, kind) for kind in INITIATIVE_KINDS), default="Initiative"
    )
    service_radius_km = DecimalField(
        _l("Aktiv im Umkreis von (km)"), places=None, validators=[Optional(), NumberRange(min=0, max=300)]
    )


STEP_FREE_CHOICES = select_choices([("", _l("weiß nicht")), ("ja", _l("ja")), ("nein", _l("nein"))])


class PlaceForm(EntryForm):
    ENTRY_TYPE = "place"
    EXTRA = ("capacity", "step_free", "rooms")
    kind = SelectField(
        _l("Art"),
        choices=select_choices((kind, kind) for kind in MEETING_PLACE_KINDS),
        default="Begegnungsstätte",
    )
    capacity = IntegerField(_l("Plätze"), validators=[Optional(), NumberRange(min=1, max=100_000)])
    step_free = SelectField(_l("Stufenloser Zugang"), choices=STEP_FREE_CHOICES, default="")
    rooms = TextAreaField(_l("Räume für Initiativen"), validators=[Optional(), Length(max=2000)])

    def record(self) -> dict:
        record = super().record()
        record["step_free"] = {"ja": True, "nein": False}.get(self.step_free.data or "")
        return record

    def fill_from(self, record: dict, lon, lat) -> None:
        super().fill_from(record, lon, lat)
        self.step_free.data = {True: "ja", False: "nein"}.get(record.get("step_free"), "")


FORMS = {"initiative": InitiativeForm, "place": PlaceForm}


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if value is not None and hasattr(value, "is_finite"):  # Decimal
        return float(value)
    return value


class LinkRequestForm(FlaskForm):
    email = EmailField(
        _l("E-Mail-Adresse, mit der Sie den Eintrag angelegt haben"),
        validators=[DataRequired(), Length(max=254), EmailAddress()],
    )


class ConfirmDeletionForm(FlaskForm):
    sure = BooleanField(
        _l("Ja, den Eintrag endgültig löschen"), validators=[DataRequired(_l("Bitte bestätigen."))]
    )
