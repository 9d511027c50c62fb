"""CSV that is safe to open in a spreadsheet: no cell of user text runs as a formula.

A spreadsheet reads a cell that begins with = + - @, a tab or a carriage return as a formula
(=HYPERLINK(…), +cmd|' /C calc'!A0, @SUM(1+1)). Such text cells get an apostrophe in front
(the OWASP advice), which the spreadsheet shows as text. Numbers are written as they are: -3 is
a number, not a formula.

The exchange CSV (exchange/exporter.py) is neutralised the same way and the importer takes the
apostrophe off again (restored_cell), so that an export imported again is unchanged. For that,
a text that itself begins with an apostrophe followed by one of those characters (or by a second
apostrophe) gets one more in front.
"""

import csv
import io
from collections.abc import Iterable

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_RESTORED_AFTER_QUOTE = (*FORMULA_STARTS, QUOTE)


def spreadsheet_cell(value) -> str | int | float:
    """The value for a CSV cell; text a spreadsheet would run as a formula gets an apostrophe in front."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    value = str(value)
    if value.startswith(FORMULA_STARTS) or restored_cell(value) != value:
        return QUOTE + value  # the second case keeps restored_cell exact: "'=x" is written "''=x"
    return value


def restored_cell(text: str) -> str:
    """The inverse of spreadsheet_cell for text read back from a CSV file."""
    if text.startswith(QUOTE) and text[1:].startswith(_RESTORED_AFTER_QUOTE):
        return text[1:]
    return text


def spreadsheet_csv(header: list[str], rows: Iterable[Iterable]) -> str:
    """A CSV document whose every cell went through spreadsheet_cell."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in (header, *rows):
        writer.writerow([spreadsheet_cell(value) for value in row])
    return out.getvalue()


def csv_download(filename: str, header: list[str], rows: Iterable[Iterable]) -> Response:
    """A spreadsheet-safe CSV file as a download."""
    disposition = f'attachment; filename="{filename}"'
    return Response(
        spreadsheet_csv(header, rows), mimetype="text/csv", headers={"Content-Disposition": disposition}
    )
