"""What a declared field is, and an entity's declaration (a Schema): the one place its fields live.

Each entity declares its fields once (registry/schema.py: initiatives and meeting places;
needs/schema.py: needs), in the order of the exchange format. Everything else is derived from it:
the model's columns (declared_columns.py), the web forms (forms.declared_field), the import and
export (exchange/fields.py), the serializer (serialize.py), storing a record (registry/services.py,
submissions/records.py), the facts the detail, confirm and review pages list and the change lists'
labels (field_labels.py), and docs/import-format.md (`flask docs import-format`). Adding a field to
an entity means: a line in its declaration, a migration, and their tests.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from . import values
from .taxonomy import VOCABULARIES, VOCABULARY_NAMES
from .values import Refused, is_blank

#: The longest description any entity allows; readers refuse fields far beyond it.
DESCRIPTION_MAX = 10_000
#: Widgets a form may show a field with (forms.declared_field turns them into WTForms fields).
WIDGETS = (
    "text",
    "textarea",
    "select",
    "yes_no",
    "number",
    "checkboxes",
    "email",
    "url",
    "tel",
    "date",
    "time",
)
#: How an entry's pages show a field: as a row of its facts list (the default: a new field appears
#: there), laid out by the page itself (name, summary, tags, address, place, provenance), or never.
PAGE_PLACES = ("facts", "own", "none")


@dataclass(frozen=True)
class Field:
    """One field of an entity.

    parse: the value's rule (see values.py), shared by forms and imports; `required` is checked
    around it. private: never shown to the public (staff, exports and the owner see it). consent:
    a part of the contact data, public only when the owner agreed (`publish_<name>`, asked
    with consent_label, checked at first if consent_default). form /
    exchange: whether the web forms ask for it, and whether the import/export format has it.
    read_only: exported, ignored on import. attribute: the model column it is stored in (None: not a
    plain column – tags, references, derived values); blank: what an empty value is stored as.
    read: how the serializer gets it from an entry (default: the attribute). section: where the forms
    show it – "about" (the default: a new field appears there), "address", "contact" or "owner";
    autocomplete and wide (default: text areas) say how. page: how an entry's pages show it (see
    PAGE_PLACES), under fact_label (default: short_label, else label), a number with its unit.
    column_type: the column's SQL type where the parser's does not fit, index: whether the column
    has an index, nullable: whether it takes NULL where required does not say (declared_columns.py).
    """

    name: str
    parse: Callable[[Any], Any]
    label: Any = None
    help: Any = None
    required: bool = False
    required_message: Any = None
    private: bool = False
    consent: bool = False
    consent_default: bool = False
    consent_label: Any = None
    form: bool = True
    exchange: bool = True
    read_only: bool = False
    attribute: str | None = None
    blank: Any = None
    widget: str = "text"
    choices: tuple = ()
    read: Callable[[Any], Any] | None = None
    short_label: Any = None
    rule: str | None = None  # the import format's rule where the parser's limits do not say it all
    section: str = "about"
    autocomplete: str | None = None
    wide: bool | None = None
    page: str = "facts"
    fact_label: Any = None
    unit: str | None = None
    column_type: Any = None
    index: bool = False
    nullable: bool | None = None

    def __post_init__(self):
        if self.widget not in WIDGETS:
            raise ValueError(f"field {self.name}: unknown widget {self.widget!r}")
        if self.page not in PAGE_PLACES:
            raise ValueError(f"field {self.name}: unknown page place {self.page!r}")

    def check(self, value):
        """The clean value, or Refused (blank and required: refused; blank: None or [])."""
        if self.required and is_blank(value):
            raise Refused("is required", self.required_message or _l("Bitte ausfüllen."))
        return self.parse(value)

    def value_of(self, entry):
        """The field's value on a stored entry, as the exchange format writes it."""
        if self.read is not None:
            return self.read(entry)
        return getattr(entry, self.attribute or self.name)

    def stored(self, value):
        """What a clean value is stored as (blank for nothing)."""
        return self.blank if value is None or value == "" else value

    @property
    def is_wide(self) -> bool:
        return self.wide if self.wide is not None else self.widget == "textarea"

    @property
    def max_length(self) -> int | None:
        return getattr(self.parse, "max_length", None)

    @property
    def title(self):
        """The German short label (what lists and schemas call the field)."""
        return self.short_label or self.label

    def may_be_null(self) -> bool:
        """Whether a stored entry's value may be null: as its column (declared_columns.py) says;
        a value read through a reference (kommune, region, conference) may be missing."""
        if isinstance(self.parse(None), list):
            return False
        if self.blank is not None:
            return False
        return not self.required if self.nullable is None else self.nullable

    def json_schema(self) -> dict:
        """The JSON Schema of the field's value as the serializer writes it (JSON Schema 2020-12),
        from its parser's rule: type, limits, the allowed values of a choice; title: its short label."""
        schema = {"title": str(self.title)} if self.title else {}
        schema |= value_schema(self.parse)
        if self.widget == "select" and self.choices and "enum" not in schema:
            schema["examples"] = [c[0] if isinstance(c, tuple) else c for c in self.choices]
        if self.may_be_null():
            schema["type"] = [schema["type"], "null"]
            if "enum" in schema:
                schema["enum"] = [*schema["enum"], None]
        return schema


#: Parsers without limits of their own, and their values' JSON Schema.
_VALUE_SCHEMAS = {
    values.boolean: {"type": "boolean"},
    values.slug: {"type": "string", "maxLength": 120, "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"},
    values.day: {"type": "string", "format": "date"},
    values.clock: {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
    values.email: {"type": "string", "format": "email", "maxLength": 254},
    values.phone: {"type": "string", "maxLength": 50},
    values.website: {"type": "string", "format": "uri", "maxLength": 500},
    values.postcode: {"type": "string", "pattern": "^[0-9]{5}$"},
}


def value_schema(parse) -> dict:
    """The JSON Schema of what a parser gives back (values.py), as the serializer writes it."""
    if parse in _VALUE_SCHEMAS:
        return dict(_VALUE_SCHEMAS[parse])
    if hasattr(parse, "vocabulary"):
        return {"type": "array", "items": {"type": "string", "enum": list(parse.vocabulary)}}
    if hasattr(parse, "values"):
        return {"type": "string", "enum": list(parse.values)}
    if hasattr(parse, "minimum"):
        return {"type": "integer" if parse.integer else "number", "minimum": parse.minimum} | {
            "maximum": parse.maximum
        }
    if hasattr(parse, "max_length"):
        return {"type": "string", "maxLength": parse.max_length}
    raise TypeError(f"no JSON Schema for the parser {parse!r}; add it to fieldspec._VALUE_SCHEMAS")


@dataclass(frozen=True)
class Schema:
    """An entity's fields, in the order of the exchange format."""

    name: str
    fields: tuple[Field, ...]
    extra_labels: dict = field(default_factory=dict)

    def __getitem__(self, name: str) -> Field:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def __contains__(self, name: str) -> bool:
        return any(spec.name == name for spec in self.fields)

    def names(self) -> list[str]:
        return [spec.name for spec in self.fields]

    def exchange_fields(self) -> list[Field]:
        """The properties of the import/export format (and their order)."""
        return [spec for spec in self.fields if spec.exchange]

    def form_fields(self) -> list[Field]:
        """What the web forms ask for."""
        return [spec for spec in self.fields if spec.form]

    def column_fields(self) -> list[Field]:
        """Fields stored as plain columns of the entry."""
        return [spec for spec in self.fields if spec.attribute is not None]

    def editable_fields(self) -> list[Field]:
        """Plain columns the forms edit: what an owner's record holds besides tags and consent."""
        return [spec for spec in self.column_fields() if spec.form and not spec.private]

    def consent_parts(self) -> tuple[str, ...]:
        """The contact parts that are public only with consent, in order."""
        return tuple(spec.name for spec in self.fields if spec.consent)

    def public_fields(self) -> list[Field]:
        """What anyone may see (contact parts only with consent, see consent_parts)."""
        return [spec for spec in self.exchange_fields() if not spec.private and not spec.consent]

    def fact_fields(self) -> list[Field]:
        """What an entry's pages list as its facts: public fields not laid out by the page itself."""
        return [spec for spec in self.public_fields() if spec.page == "facts"]

    def consent_fields(self) -> list[Field]:
        """The contact parts, public only with consent, in order."""
        return [spec for spec in self.fields if spec.consent]

    def check_all(self, data: dict, names=None) -> tuple[dict, dict]:
        """Check these fields' values of data (default: every field data has): (clean values,
        {name: German reason} of those refused). What services validate a planner's form with."""
        clean, errors = {}, {}
        for spec in self.fields:
            if (names is None and spec.name not in data) or (names is not None and spec.name not in names):
                continue
            try:
                clean[spec.name] = spec.stored(spec.check(data.get(spec.name)))
            except values.Refused as error:
                errors[spec.name] = str(error.reason)
        return clean, errors

    def labels(self) -> dict:
        """Field name -> label, for change lists and the audit log."""
        return {spec.name: spec.short_label or spec.label for spec in self.fields if spec.label} | dict(
            self.extra_labels
        )


def column(spec_name: str, parse, label, **options) -> Field:
    """A field stored in the column of the same name."""
    options.setdefault("attribute", spec_name)
    return Field(spec_name, parse, label, **options)


# Fields several entities share.


def vocabulary_fields() -> list[Field]:
    """themes, target_groups, help_kinds: slugs of taxonomy.VOCABULARIES, shown as checkboxes."""
    what = {"themes": "theme", "target_groups": "target-group", "help_kinds": "help-kind"}
    return [
        Field(
            key,
            values.slug_list(vocabulary, what[key]),
            VOCABULARY_NAMES[key],
            widget="checkboxes",
            read=operator.attrgetter(_SLUGS[key]),
            rule=HELP_KINDS_RULE if key == "help_kinds" else None,
            page="own",
        )
        for key, vocabulary in VOCABULARIES.items()
    ]


HELP_KINDS_RULE = (
    "kinds of help (Art der Hilfe): `;`-separated slugs from the table below (a JSON list in GeoJSON); "
    "empty or missing: the kinds are suggested from the text for matching and search, and shown to staff "
    "as a suggestion"
)
KOMMUNE_RULE = "slug of a Kommune; by default derived from the point, or given by `--kommune`"
REGION_RULE = "slug of a region of that Kommune; for points it must be the region the point lies in"
#: Where a tagged entry keeps each vocabulary's slugs in the interface's order (taxonomy.models.TaggedMixin).
_SLUGS = {"themes": "theme_slugs", "target_groups": "target_group_slugs", "help_kinds": "help_kind_slugs"}


def id_field() -> Field:
    return Field(
        "id", values.number(1, 2**62, integer=True), _l("Nummer"), form=False, read_only=True, page="none"
    )


def reference_fields() -> list[Field]:
    """kommune and region: slugs; derived from the point on import, read from the relationship."""
    return [
        Field(
            "kommune",
            values.slug,
            _l("Kommune"),
            form=False,
            rule=KOMMUNE_RULE,
            read=lambda entry: entry.kommune.slug if entry.kommune else None,
            page="own",
        ),
        Field(
            "region",
            values.slug,
            _l("Region"),
            form=False,
            rule=REGION_RULE,
            read=lambda entry: entry.region.slug if entry.region else None,
            page="own",
        ),
    ]


def provenance_fields() -> list[Field]:
    return [
        column(
            "source",
            values.text(2000),
            _l("Quelle"),
            form=False,
            blank="",
            rule="provenance, ≤ 2 000 characters",
            page="own",
        ),
        Field(
            "demo",
            values.boolean,
            _l("Beispieldaten"),
            form=False,
            attribute="is_demo",
            blank=False,
            rule="`true` marks invented demonstration data",
            page="own",
        ),
    ]
