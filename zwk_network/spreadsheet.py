"""CSV that is safe to open in a spreadsheet: no cell of user text runs as a formula.

A spreadsheet reads a cell that begins with = + - @, a tab or a carriage return as a formula
(=HYPERLINK(…), +cmd|' /C calc'!A0, @SUM(1+1)); some do so too when those characters come after
spaces or invisible characters (a zero-width space), or in their full-width forms (＝ ＋ － ＠).
Such text cells get an apostrophe in front (the OWASP advice), which the spreadsheet shows as
text. Numbers are written as they are: -3 is a number, not a formula.

A spreadsheet in a German locale splits a double-clicked .csv file at semicolons, not commas,
and honours quotes only at the start of what it takes for a cell: the text `x;=cmd|…` becomes
two cells there, the second a formula, and a line break after such a split ends its row. So the
apostrophe also goes after every semicolon and line break that a formula follows (`x;'=cmd|…`).
Every text cell is written in double quotes besides, as a spreadsheet splitting at commas expects.

The staff's CSV downloads (csv_download: the overview, registrations, the audit log) are made for
Excel and LibreOffice in a German locale, which open a double-clicked file without asking: UTF-8
with a byte order mark (else Excel reads Windows-1252: „Ã¤“), cells separated by semicolons, German
headers and the labels the pages show, decimals with a comma, times in local time.

The exchange CSV (exchange/exporter.py) stays the documented machine format (comma, UTF-8 without
a byte order mark, slugs; docs/import-format.md) and is written the same way (spreadsheet_writer) and the
importer takes the apostrophe off again (restored_cell), so that an export imported again is
unchanged. For that, a text that itself begins with an apostrophe followed by what would be
neutralised (or by a second apostrophe) gets one more in front.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@")
QUOTE = "'"
#: What may stand invisibly before a formula: spaces, control and format characters (zero-width
#: space, word joiner, byte order mark, direction marks, soft hyphen), and double quotes (a
#: spreadsheet that split a line in the middle of a quoted cell reads them as quoting).
_INVISIBLE = {"Zs", "Zl", "Zp", "Cc", "Cf"}
#: Where a spreadsheet may begin a new cell inside the text of one: a German-locale spreadsheet
#: splits at semicolons; once it has split a quoted cell so, a line break in it ends the row.
_CELL_BREAKS = re.compile(r"([;\r\n])")
_LEADING_BREAK = re.compile(r"'*\r")


def _runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet could read text that begins a cell as a formula."""
    if text.startswith("\t"):
        return True
    for character in text:
        if character == '"' or character.isspace() or unicodedata.category(character) in _INVISIBLE:
            continue
        # NFKC turns the full-width and small forms (＝ ﹦ ＋ ﹢ － ﹣ ＠ ﹫) into = + - @.
        return unicodedata.normalize("NFKC", character).startswith(FORMULA_STARTS)
    return False


def _neutralised(part: str) -> str:
    if _runs_as_formula(part) or _restored(part) != part:
        return QUOTE + part  # the second case keeps _restored exact: "'=x" is written "''=x"
    return part


def _restored(part: str) -> str:
    rest = part[1:]
    if part.startswith(QUOTE) and (rest.startswith(QUOTE) or _runs_as_formula(rest)):
        return rest
    return part


def _each_part(text: str, change) -> str:
    """text with change applied to each stretch that may begin a cell (the separators stay)."""
    pieces = _CELL_BREAKS.split(text)
    return "".join(change(piece) if index % 2 == 0 else piece for index, piece in enumerate(pieces))


def spreadsheet_cell(value) -> str | int | float:
    """The value for a CSV cell; text a spreadsheet would run as a formula gets an apostrophe in front,
    also after a semicolon or a line break in it (where a spreadsheet may begin another cell)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    written = _each_part(str(value), _neutralised)
    # A cell that begins with a carriage return (after any apostrophes) gets one more in front: some
    # spreadsheets drop the break and read what follows as the cell's start.
    return QUOTE + written if _LEADING_BREAK.match(written) else written


def restored_cell(text: str) -> str:
    """The inverse of spreadsheet_cell for text read back from a CSV file."""
    if text.startswith(QUOTE) and _LEADING_BREAK.match(text[1:]):
        text = text[1:]
    return _each_part(text, _restored)


def spreadsheet_writer(handle, delimiter: str = ","):
    """A csv writer that puts every text cell in double quotes (numbers stay bare).

    The values must have gone through spreadsheet_cell."""
    return csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, delimiter=delimiter)


def spreadsheet_csv(header: list[str], rows: Iterable[Iterable]) -> str:
    """A CSV document whose every cell went through spreadsheet_cell, text cells in quotes."""
    out = io.StringIO()
    writer = spreadsheet_writer(out)
    for row in (header, *rows):
        writer.writerow([spreadsheet_cell(value) for value in row])
    return out.getvalue()


BYTE_ORDER_MARK = "\ufeff"


def excel_csv(header: list[str], rows: Iterable[Iterable]) -> str:
    """A CSV document for a German-locale spreadsheet (see the module docstring): a byte order mark,
    semicolons, every cell through spreadsheet_cell, decimals with a comma."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = spreadsheet_writer(out, delimiter=";")
    for row in (header, *rows):
        writer.writerow([_german_decimal(spreadsheet_cell(value)) for value in row])
    return out.getvalue()


def _german_decimal(value):
    """A fraction as a German spreadsheet reads a number („2,5“); whole numbers stay as they are."""
    return str(value).replace(".", ",") if isinstance(value, float) else value


def csv_download(filename: str, header: list[str], rows: Iterable[Iterable]) -> Response:
    """A spreadsheet-safe CSV file for German Excel as a download (excel_csv)."""
    disposition = f'attachment; filename="{filename}"'
    return Response(
        excel_csv(header, rows).encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": disposition, "Content-Type": "text/csv; charset=utf-8"},
    )
