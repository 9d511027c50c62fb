"""docs/import-format.md, written from the declarations: `flask docs import-format` (tests check
that the committed file is what the declarations say). The prose is here; the tables come from
exchange/fields.py (the declarations' exchange fields) and taxonomy.HELP_KINDS."""

import math
from pathlib import Path

from flask_babel import force_locale

from ..fieldspec import Field
from ..taxonomy import HELP_KINDS
from .fields import LONGEST_TEXT, SCHEMAS

#: The committed document (in a checkout; a test checks it is current).
IMPORT_FORMAT_DOC = Path(__file__).resolve().parents[2] / "docs" / "import-format.md"
#: The kinds the table of properties describes (the gazetteer has its own paragraph).
DOCUMENTED_KINDS = ("initiatives", "places", "needs", "regions")

INTRO = """\
# Import and export format

`flask --app zwk_network import KIND FILE [--kommune SLUG] [--dry-run]` reads GeoJSON or CSV;
`flask --app zwk_network export KIND FILE [--format geojson|csv]` writes the same format, so that
an export imported into an empty installation and exported again gives the same file (apart from
the database ids).

## Files

- **GeoJSON** (`.geojson`, `.json`): a `FeatureCollection`. Initiatives and meeting places are
  `Point` features; needs have a `Point`, `Polygon` or `MultiPolygon`, or `null` (then the need
  covers its region, or its conference's region); regions are `Polygon`/`MultiPolygon`.
  Coordinates are WGS84 longitude, latitude.
- **CSV** (`.csv`): UTF-8 (a BOM is accepted), comma- or semicolon-separated (taken from the
  header line; with semicolons a decimal comma in `lat`/`lon` is accepted). The header holds the
  property names below plus `lat` and `lon`. Regions cannot be imported from CSV.
- Lists (`themes`, `target_groups`, `help_kinds`, `publish`) are JSON lists in GeoJSON, or `;`-separated in
  either format. Booleans are `true`/`false` (also `1`/`0`, `ja`/`nein`).
- Files larger than `ZWK_IMPORT_MAX_BYTES` (200 MiB) are refused.
- What no parser should have to take is a problem in the report, never a crash: a file that is
  not UTF-8 (the line and byte are named); a CSV field longer than 131 072 characters (the
  longest allowed value has {{longest}}; reading stops at that row, since its end cannot be found);
  JSON nested more than 20 levels deep (a FeatureCollection of MultiPolygons needs 8; reported
  at the feature, or for the file); a number with more than 4 300 digits; NUL and other control
  characters, and lone surrogates (`\\ud800`), in a value.

## CSV and spreadsheets

A spreadsheet runs a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`), also after spaces or invisible characters (a
zero-width space) and in the full-width forms `＝ ＋ － ＠`. Entries come from anonymous forms, so
every CSV the application writes puts an apostrophe in front of such a text cell:
`'=HYPERLINK(…)`, `'+49 38205 12345`, `'- Punkt eins`. A spreadsheet in a German
locale splits a double-clicked .csv at semicolons (and honours quotes only where it thinks a
cell begins), so the apostrophe also goes after each semicolon and line break in a text that a
formula follows: `x;'=cmd|…`, `- eins` + line break + `'- zwei`. Every text cell is written in
double quotes. Numbers (`lat`, `lon`, `capacity`, counts) are written as they are, so `-3` stays
a number. The two kinds of CSV differ in what happens to the apostrophe:

- **Export for re-import** (`export … --format csv`): the import takes the apostrophe off again,
  so a round trip is exact. To keep it exact, a text that itself begins (or continues after a
  semicolon or line break) with an apostrophe followed by one of those characters or by a second
  apostrophe gets one more apostrophe (`'=x` is written `''=x`); other texts beginning with an
  apostrophe (`'s-Hertogenbosch`) are written unchanged. In a CSV you write yourself, a cell
  `'=x` is therefore read as `=x`, and `''x` as `'x`.
- **Lists for reading** (the registrations of a conference, the needs overview): one way only;
  the apostrophe stays visible in the spreadsheet as the sign that the cell was neutralised.

"""

HELP_KINDS_INTRO = """\
**Kinds of help** (`help_kinds`; the vocabulary is `taxonomy.HELP_KINDS`). The reach is how far a
need's people go to such an answer; matching counts an answer beyond it as not within reach
(`matching/score.py` says why these figures).

"""

OUTRO = """\
A meeting place without kinds is suggested as a `treffpunkt`. `flask --app zwk_network help-kinds
suggest [--kommune SLUG]` lists the entries and needs without kinds with their suggestions; with
`--apply` it stores them (one transaction, one audit-log line per entry by „System“).

"""

GAZETTEER = """\
**Gazetteer** (`flask --app zwk_network import gazetteer FILE`, CSV or GeoJSON points): the places
that place fields, `near` and registration without a map understand. Columns `name` (required),
`kind` (`Stadt`, `Gemeinde` or `Ortsteil`), `gemeinde` (the Gemeinde of an Ortsteil), `postcode`
(the main one), `postcodes` (all, separated by spaces, commas or semicolons), `kommune` (slug; empty
for a place outside every Kommune, e.g. a neighbouring city), `lat`, `lon`, `source`. A place with
the same name, Gemeinde and Kommune is updated, others are added. From an official source (BKG
GN250 or VG250 points, the Gemeindeverzeichnis) rename its columns to these first.

Unknown properties or columns are errors. Points must lie in Germany; a point inside a Kommune's
regions belongs to that Kommune and region, and a `kommune` or `region` property that says
otherwise is an error. Nothing is guessed.

## What happens

Every row is checked; every problem is reported as `row N, field: reason` (for CSV, N is the
line the row begins on; for GeoJSON, the feature number). Only a file without problems is
stored, in one transaction; with `--dry-run` nothing is stored. Imported initiatives and places are published
(approved) at once. Importing regions re-derives the region of every entry.

Exports contain every contact field with its publication consent, because they are meant for
staff and for moving data between installations: do not publish them as they are.
Needs with an area of their own can only be exported as GeoJSON.
"""


def import_format_markdown() -> str:
    """The whole document (English labels need an app context for the translations)."""
    intro = INTRO.replace("{{longest}}", f"{LONGEST_TEXT:,}".replace(",", " "))
    return "".join(
        [
            intro,
            "## Properties\n\n",
            properties_table(),
            "\n",
            HELP_KINDS_INTRO,
            help_kinds_table(),
            "\n",
            OUTRO,
            GAZETTEER,
        ]
    )


def properties_table() -> str:
    """One row per property and rule, with the kinds that have it."""
    rows: dict[tuple[str, str], list[str]] = {}
    for kind in DOCUMENTED_KINDS:
        for spec in SCHEMAS[kind].exchange_fields():
            rows.setdefault((spec.name, rule_of(spec)), []).append(kind)
    lines = ["| Property | Kinds | Rule |", "|---|---|---|"]
    for (name, rule), kinds in rows.items():
        lines.append(f"| `{name}` | {kinds_text(kinds)} | {rule} |")
    return "\n".join(lines) + "\n"


def kinds_text(kinds: list[str]) -> str:
    if len(kinds) == len(DOCUMENTED_KINDS):
        return "all"
    if len(kinds) == len(DOCUMENTED_KINDS) - 1:
        missing = next(kind for kind in DOCUMENTED_KINDS if kind not in kinds)
        return f"all but {missing}"
    return ", ".join(kinds)


def rule_of(spec: Field) -> str:
    """A field's rule in words: its own text, else what its parser's limits say."""
    parse = spec.parse
    if spec.read_only:
        text = "written by exports; ignored on import"
    elif spec.rule:
        text = spec.rule
    elif hasattr(parse, "vocabulary"):
        text = "slugs: " + ", ".join(parse.vocabulary)
    elif hasattr(parse, "values"):
        default = f" (default `{spec.blank}`)" if spec.blank else ""
        text = ", ".join(f"`{value}`" for value in parse.values) + default
    elif hasattr(parse, "minimum"):
        whole = "a whole number" if parse.integer else "a number"
        text = f"{whole} from {parse.minimum:g} to {parse.maximum:g}"
    elif spec.max_length:
        text = f"≤ {spec.max_length:,} characters".replace(",", " ")
    else:
        text = (parse.__doc__ or "").strip().rstrip(".")
    return f"required; {text}" if spec.required else text


def help_kinds_table() -> str:
    lines = ["| Slug | German label | English label | Reach |", "|---|---|---|---|"]
    for slug, kind in HELP_KINDS.items():
        with force_locale("de"):
            german = str(kind.label)
        with force_locale("en"):
            english = str(kind.label)
        if kind.reach_km is None:
            reach = "the entry's service radius (it comes to people)"
        elif math.isinf(kind.reach_km):
            reach = "anywhere"
        else:
            reach = f"{kind.reach_km:g} km"
        lines.append(f"| `{slug}` | {german} | {english} | {reach} |")
    return "\n".join(lines) + "\n"
