"""The Whoosh schema: text fields for words, value columns for filters, geo and facets."""

import math

from whoosh import columns, fields

from ..taxonomy.bits import GROUP_BITS, KIND_BITS, THEME_BITS, bits_of
from .analysis import folding_analyzer, german_analyzer
from .documents import TYPES, SearchDocument

#: Text fields and their weights: names and summaries weigh more than descriptions.
TEXT_FIELDS = {"name": 4.0, "summary": 2.0, "places": 1.5, "body": 1.0, "labels": 1.0}
NO_ID = 0  # kommune/region column value for "none"
#: Changes whenever the analysis (analysis.py, the lexicon's word parts) indexes other terms: an
#: index written with another version has no field of this name and is built anew at start.
#: (5: text fields without positions – no query reads them; postings are smaller, writes ~8 % faster.)
ANALYSIS_MARKER = "analysis_5"


def build_schema() -> fields.Schema:
    german = german_analyzer()
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        version=fields.STORED(),
        name=fields.TEXT(analyzer=german, phrase=False, stored=True, field_boost=TEXT_FIELDS["name"]),
        summary=fields.TEXT(analyzer=german, phrase=False, stored=True, field_boost=TEXT_FIELDS["summary"]),
        places=fields.TEXT(analyzer=german, phrase=False, stored=True, field_boost=TEXT_FIELDS["places"]),
        body=fields.TEXT(analyzer=german, phrase=False, stored=True, field_boost=TEXT_FIELDS["body"]),
        labels=fields.TEXT(analyzer=german, phrase=False, field_boost=TEXT_FIELDS["labels"]),
        town=fields.STORED(),
        demo=fields.STORED(),
        spell=fields.TEXT(analyzer=folding_analyzer(), phrase=False),
        type_code=fields.COLUMN(columns.NumericColumn("B", default=255)),
        entry_id=fields.COLUMN(columns.NumericColumn("I", default=0)),
        kommune=fields.COLUMN(columns.NumericColumn("i", default=NO_ID)),
        region=fields.COLUMN(columns.NumericColumn("i", default=NO_ID)),
        themes=fields.COLUMN(columns.NumericColumn("I", default=0)),
        groups=fields.COLUMN(columns.NumericColumn("I", default=0)),
        kinds=fields.COLUMN(columns.NumericColumn("I", default=0)),
        kinds_suggested=fields.STORED(),
        lon=fields.COLUMN(columns.NumericColumn("d", default=math.nan)),
        lat=fields.COLUMN(columns.NumericColumn("d", default=math.nan)),
        sort_name=fields.COLUMN(columns.VarBytesColumn()),
        radius_km=fields.COLUMN(columns.NumericColumn("f", default=0.0)),
        **{ANALYSIS_MARKER: fields.STORED()},
    )


def to_fields(document: SearchDocument) -> dict:
    """A SearchDocument as the keyword arguments of a Whoosh writer call."""
    return {
        "key": document.key,
        "version": document.version,
        "name": document.name,
        "summary": document.summary,
        "places": document.place_names,
        "body": document.body,
        "labels": document.labels,
        "town": document.town,
        "demo": document.demo,
        "spell": " ".join([document.name, document.summary, document.place_names]),
        "type_code": TYPES.index(document.type),
        "entry_id": document.entry_id,
        "kommune": document.kommune_id or NO_ID,
        "region": document.region_id or NO_ID,
        "themes": bits_of(document.themes, THEME_BITS),
        "groups": bits_of(document.target_groups, GROUP_BITS),
        "kinds": bits_of(document.help_kinds, KIND_BITS),
        "kinds_suggested": document.help_kinds_suggested,
        "lon": math.nan if document.lon is None else document.lon,
        "lat": math.nan if document.lat is None else document.lat,
        "sort_name": german_sort_key(document.name).encode("utf-8"),
        "radius_km": document.service_radius_km or 0.0,
    }


_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def german_sort_key(name: str) -> str:
    """Names in the order of a German list (DIN 5007-1): Ärztehaus with A, Öko with O."""
    return name.casefold().translate(_UMLAUTS)
