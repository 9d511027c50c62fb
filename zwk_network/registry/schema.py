"""The fields of an initiative and of a meeting place, declared once (see fieldspec.py).

Where the old copies of these rules disagreed, the more generous rule is kept, so that no stored
entry becomes impossible to save: description ≤ 10 000 characters (forms had 5 000), opening times
and accessibility ≤ 2 000 (forms: 1 000), capacity from 0 (forms: 1), phone numbers by their
characters (forms asked libphonenumber, which refuses the demo data's numbers), any kind ≤ 80
characters (forms offered only the listed ones; they still do, plus the entry's own), a summary
optional (forms required one; imports never did, and imported entries without one exist).
"""

from flask_babel import lazy_gettext as _l

from .. import values
from ..fieldspec import (
    DESCRIPTION_MAX,
    Field,
    Schema,
    column,
    id_field,
    provenance_fields,
    reference_fields,
    vocabulary_fields,
)

NOTES_MAX = 2000
INITIATIVE_KINDS = (
    "Verein",
    "Initiative",
    "Kirchengemeinde",
    "Öffentliche Einrichtung",
    "Unternehmen",
    "Stiftung",
    "Netzwerk",
)
MEETING_PLACE_KINDS = (
    "Mehrgenerationenhaus",
    "Begegnungsstätte",
    "Begegnungszentrum",
    "Dorfgemeinschaftshaus",
    "Jugendclub",
    "Bibliothek",
    "Gemeindehaus",
    "Café",
)


def _contact_fields() -> list[Field]:
    """The contact parts: each public only with its owner's consent (a publish_<part> flag)."""
    return [
        column(
            "contact_person",
            values.text(200),
            _l("Ansprechperson"),
            consent=True,
            consent_label=_l("Ansprechperson veröffentlichen"),
            section="contact",
            autocomplete="name",
        ),
        column(
            "email",
            values.email,
            _l("E-Mail für Anfragen"),
            consent=True,
            consent_label=_l("E-Mail veröffentlichen"),
            widget="email",
            short_label=_l("E-Mail"),
            rule="an e-mail address (ASCII before the @), ≤ 254 characters",
            section="contact",
            autocomplete="email",
        ),
        column(
            "phone",
            values.phone,
            _l("Telefon"),
            consent=True,
            consent_label=_l("Telefon veröffentlichen"),
            widget="tel",
            rule="digits with spaces and + ( ) / . -, 5 to 50 characters",
            section="contact",
            autocomplete="tel",
        ),
        column(
            "website",
            values.website,
            _l("Website"),
            consent=True,
            consent_default=True,
            consent_label=_l("Website veröffentlichen"),
            widget="url",
            rule="an http(s):// address, ≤ 500 characters; `www.beispiel.de` (no scheme) is read as https://",
            section="contact",
            autocomplete="url",
        ),
    ]


#: The parts of an entry's contact data; each has a publish_<part> consent flag.
CONTACT_PARTS = tuple(spec.name for spec in _contact_fields())


def _listing_fields(kinds: tuple[str, ...], default_kind: str, meeting_label, name_label) -> list[Field]:
    """What initiatives and meeting places share; meeting_label: what their pages call opening_times;
    name_label: whose name the form asks („Name der Initiative“), not the person's."""
    return [
        id_field(),
        column(
            "name",
            values.text(200),
            name_label,
            short_label=_l("Name"),
            required=True,
            required_message=_l("Bitte einen Namen angeben."),
            autocomplete="organization",
            wide=True,
            page="own",
        ),
        column(
            "kind",
            values.text(80),
            _l("Art"),
            widget="select",
            choices=kinds,
            blank=default_kind,
            rule=f"≤ 80 characters; the forms offer {', '.join(kinds)}",
            page="own",
        ),
        column(
            "summary",
            values.text(500),
            _l("Kurzbeschreibung (ein Satz)"),
            blank="",
            help=_l("Erscheint in Listen und auf der Karte."),
            short_label=_l("Kurzbeschreibung"),
            wide=True,
            page="own",
        ),
        column(
            "description",
            values.text(DESCRIPTION_MAX),
            _l("Beschreibung"),
            widget="textarea",
            blank="",
            page="own",
        ),
        *vocabulary_fields(),
        column(
            "street",
            values.text(200),
            _l("Straße und Hausnummer"),
            rule="address, ≤ 200 characters",
            section="address",
            autocomplete="street-address",
            page="own",
        ),
        column(
            "postcode",
            values.postcode,
            _l("Postleitzahl"),
            rule="five digits",
            section="address",
            autocomplete="postal-code",
            page="own",
        ),
        column(
            "town",
            values.text(200),
            _l("Ort"),
            rule="≤ 200 characters: the postal town; the gazetteer town is derived from the point",
            section="address",
            page="own",
        ),
        *_contact_fields(),
        Field(
            "publish",
            values.slug_list(dict.fromkeys(CONTACT_PARTS), "contact part"),
            _l("Veröffentlichte Kontaktdaten"),
            form=False,
            private=True,
            read=lambda entry: [part for part in CONTACT_PARTS if getattr(entry, f"publish_{part}")],
            rule=f"which of {', '.join(CONTACT_PARTS)} may be published",
        ),
        column(
            "opening_times",
            values.text(NOTES_MAX),
            _l("Wann trifft man Sie?"),
            widget="textarea",
            blank="",
            help=_l("z. B. „jeden Dienstag 15–17 Uhr“"),
            short_label=_l("Treffen"),
            fact_label=meeting_label,
            rule="meeting rhythm or opening times; ≤ 2 000 characters",
        ),
        column(
            "accessibility_notes", values.text(NOTES_MAX), _l("Barrierefreiheit"), widget="textarea", blank=""
        ),
        *reference_fields(),
        *provenance_fields(),
    ]


def _submitter_field() -> Field:
    """Where the edit link goes: asked by the forms, never published, not part of the exchange format."""
    return Field(
        "submitter_email",
        values.email,
        _l("Ihre E-Mail-Adresse für den Bearbeitungslink (wird nicht veröffentlicht)"),
        required=True,
        required_message=_l("Wir brauchen sie, um Ihnen den Bearbeitungslink zu senden."),
        private=True,
        exchange=False,
        widget="email",
        short_label=_l("E-Mail für den Bearbeitungslink"),
        section="owner",
        autocomplete="email",
        wide=True,
        help=_l(
            "Dorthin schicken wir den privaten Link, mit dem Sie Ihren Eintrag später ändern oder löschen."
        ),
    )


#: What change lists call the keys of a record that are not fields.
RECORD_LABELS = {"lon": _l("Längengrad"), "lat": _l("Breitengrad")}

INITIATIVE = Schema(
    "initiatives",
    (
        *_listing_fields(INITIATIVE_KINDS, "Initiative", _l("Treffen"), _l("Name der Initiative")),
        column(
            "service_radius_km",
            values.number(0, 300),
            _l("Aktiv im Umkreis von (km)"),
            widget="number",
            help=_l("Wie weit reicht Ihr Angebot?"),
            short_label=_l("Umkreis (km)"),
            fact_label=_l("Aktiv im Umkreis von"),
            unit="km",
        ),
        _submitter_field(),
    ),
    RECORD_LABELS,
)

MEETING_PLACE = Schema(
    "places",
    (
        *_listing_fields(MEETING_PLACE_KINDS, "Begegnungsstätte", _l("Öffnungszeiten"), _l("Name des Ortes")),
        column(
            "capacity",
            values.number(0, 100_000, integer=True),
            _l("Plätze"),
            widget="number",
            rule="a whole number from 0 to 100 000",
        ),
        column(
            "step_free",
            values.boolean,
            _l("Stufenloser Zugang"),
            widget="yes_no",
            rule="`true`, `false`, or empty: not known",
        ),
        column("rooms", values.text(NOTES_MAX), _l("Räume für Initiativen"), widget="textarea", blank=""),
        _submitter_field(),
    ),
    RECORD_LABELS,
)

SCHEMAS = {"initiative": INITIATIVE, "place": MEETING_PLACE}
