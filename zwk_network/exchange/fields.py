"""The exchange format: which properties each kind has, and how each value is checked.

An adapter: initiatives, places and needs take their properties from their declarations
(registry/schema.py, needs/schema.py), in their order, with the rules the forms use too; the
gazetteer and regions, which no form edits, are declared here. One definition serves GeoJSON
properties and CSV columns alike; a field's check raises values.Refused (a ValueError) whose text
is the report's reason.
"""

from .. import values
from ..fieldspec import DESCRIPTION_MAX, KOMMUNE_RULE, Field, Schema
from ..needs.schema import NEED
from ..registry.schema import INITIATIVE, MEETING_PLACE

#: The longest text any field allows (descriptions); readers refuse fields far beyond it.
LONGEST_TEXT = DESCRIPTION_MAX
GAZETTEER_KINDS = ("Stadt", "Gemeinde", "Ortsteil")

GAZETTEER = Schema(
    "gazetteer",
    (
        Field("name", values.text(200), required=True, form=False),
        Field("kind", values.choice(GAZETTEER_KINDS), form=False),
        Field("gemeinde", values.text(200), form=False),
        Field("postcode", values.postcode, form=False),
        Field("postcodes", values.postcode_list, form=False),
        Field("kommune", values.slug, form=False),
        Field("source", values.text(2000), form=False),
    ),
)
REGIONS = Schema(
    "regions",
    (
        Field(
            "slug",
            values.slug,
            form=False,
            rule="required; a region with the same slug in the Kommune gets the new boundary",
        ),
        Field("name", values.text(200), required=True, form=False),
        Field("kommune", values.slug, form=False, rule=KOMMUNE_RULE),
        Field("approximate", values.boolean, form=False, rule="whether the boundary is an approximation"),
        Field("source", values.text(2000), form=False, rule="provenance, ≤ 2 000 characters"),
    ),
)
SCHEMAS = {schema.name: schema for schema in (INITIATIVE, MEETING_PLACE, NEED, GAZETTEER, REGIONS)}
FIELDS = {kind: schema.exchange_fields() for kind, schema in SCHEMAS.items()}

#: The property that names an entry of each kind.
NAME_FIELD = {kind: "title" if kind == "needs" else "name" for kind in SCHEMAS}
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
