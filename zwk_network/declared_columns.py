"""A model's columns, derived from its declaration (fieldspec.Schema): a field added there is a column.

Each field stored in a plain column (Field.attribute) gets one, typed by its parser: short text
(≤ 1 000 characters) as VARCHAR of its limit, longer text as TEXT, whole numbers as INTEGER, other
numbers as DOUBLE, yes/no as BOOLEAN, dates as DATE, times of day as TIME (Field.column_type
overrides). A field with a blank value
(Field.blank: "", a default kind, False) is NOT NULL with that default; a required one is NOT NULL;
the others may be NULL ("not known"; Field.nullable overrides: a field the forms require that
older rows lack). Each contact part that is public only with consent
(Field.consent) gets its consent flag, publish_<part>, defaulting to Field.consent_default.

The migrations stay hand-written: tests/test_migrations.py checks on both backends that they give
exactly these columns.
"""

from sqlalchemy import Boolean, Date, Double, Integer, String, Text, Time
from sqlalchemy.orm import mapped_column

from . import values
from .fieldspec import Field, Schema

#: Text up to this many characters is a VARCHAR of its limit; longer text is TEXT.
LONGEST_VARCHAR = 1000


def column_type(spec: Field):
    """The SQL type of a declared column, from its parser's limits (or the field's column_type)."""
    if spec.column_type is not None:
        return spec.column_type
    parse = spec.parse
    if hasattr(parse, "minimum"):
        return Integer() if parse.integer else Double()
    if parse is values.boolean:
        return Boolean()
    if parse is values.day:
        return Date()
    if parse is values.clock:
        return Time()
    if spec.max_length is not None:
        return String(spec.max_length) if spec.max_length <= LONGEST_VARCHAR else Text()
    raise TypeError(f"field {spec.name}: no column type for its parser; give it a column_type")


def declared_column(spec: Field):
    """The mapped_column of a declared field (see the module's docstring for nullability)."""
    options = {"index": True} if spec.index else {}
    if spec.blank is not None:
        return mapped_column(spec.attribute, column_type(spec), nullable=False, default=spec.blank, **options)
    nullable = not spec.required if spec.nullable is None else spec.nullable
    return mapped_column(spec.attribute, column_type(spec), nullable=nullable, **options)


def declared_columns(schema: Schema) -> dict:
    """Attribute name -> mapped_column of every declared column and consent flag, in declaration order."""
    columns = {}
    for spec in schema.fields:
        if spec.attribute is not None:
            columns[spec.attribute] = declared_column(spec)
        if spec.consent:
            columns[f"publish_{spec.name}"] = mapped_column(
                f"publish_{spec.name}", Boolean(), nullable=False, default=spec.consent_default
            )
    return columns


def columns_of(schema: Schema) -> type:
    """A mixin holding the declared columns of a schema, for its model class:
    `class Initiative(columns_of(INITIATIVE), ListingMixin, db.Model)`."""
    return type(f"{schema.name.title()}DeclaredColumns", (), declared_columns(schema))
