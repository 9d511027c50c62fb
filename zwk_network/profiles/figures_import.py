"""Key figures from a CSV file, all or nothing: every row is checked by the declared fields
(profiles/schema.py, the rules the form uses) and only a clean file is stored, with a report
naming each refused row, column and reason in plain German.

The file is what a spreadsheet saves: UTF-8 (with or without a byte order mark), cells separated
by commas or semicolons, a header of the field names (indicator, label, value, unit, year, source,
region, demo). A row whose statistic, label, year and region are already stored changes that
figure's value, unit and source; the same key twice in the file is refused. Cells our own CSV
files neutralised for spreadsheets (an apostrophe before =, +, - or @) are read back as they were
(spreadsheet.restored_cell); any text is stored as text, never run or rendered as markup.
"""

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from ..audit.services import record
from ..extensions import db
from ..municipalities.models import Kommune, Region
from ..spreadsheet import restored_cell
from ..values import Refused
from .models import KeyFigure
from .schema import KEY_FIGURE

#: The largest file the form takes (a statistic of a Kommune is a few hundred rows).
MAX_BYTES = 1024 * 1024
#: At most this many rows: more is not a Kommune's profile.
MAX_ROWS = 5000
#: A cell longer than this is no statistic: the reader stops (the longest field allows 500).
MAX_CELL = 10_000
COLUMNS = [spec.name for spec in KEY_FIGURE.exchange_fields()]
REQUIRED_COLUMNS = [spec.name for spec in KEY_FIGURE.fields if spec.required]


@dataclass(frozen=True)
class RowProblem:
    row: int | None  # the line of the file; None: the whole file
    column: str | None
    reason: str


@dataclass
class FigureImport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def import_key_figures(kommune: Kommune, data: bytes) -> FigureImport:
    """Check every row of the file; flush all of them, or (on any problem) none. The caller commits
    when report.ok, else rolls back."""
    report = FigureImport()
    rows = _read(data, report)
    if not report.ok:
        return report
    regions = {r.slug: r for r in db.session.scalars(select(Region).where(Region.kommune_id == kommune.id))}
    stored = {
        (f.indicator, f.label, f.year, f.region_id): f
        for f in db.session.scalars(select(KeyFigure).where(KeyFigure.kommune_id == kommune.id))
    }
    seen: dict[tuple, int] = {}
    checked = []
    for number, cells in rows:
        report.rows += 1
        clean, region = _check_row(number, cells, regions, report)
        if clean is None:
            continue
        key = (clean["indicator"], clean["label"], clean["year"], region.id if region else None)
        if key in seen:
            report.problems.append(
                RowProblem(number, "label", _("steht schon in Zeile %(row)s", row=seen[key]))
            )
            continue
        seen[key] = number
        checked.append((key, clean, region))
    if not report.ok:
        return report
    for key, clean, region in checked:
        figure = stored.get(key)
        if figure is None:
            figure = KeyFigure(kommune_id=kommune.id, region=region)
            db.session.add(figure)
            report.created += 1
        else:
            report.updated += 1
        for spec in KEY_FIGURE.fields:
            if spec.attribute is not None:
                setattr(figure, spec.attribute, spec.stored(clean[spec.name]))
    db.session.flush()
    note = _("%(created)s neu, %(updated)s geändert", created=report.created, updated=report.updated)
    record("Kennzahlen importiert", "kommune", kommune, note=note)
    return report


def _read(data: bytes, report: FigureImport) -> list[tuple[int, dict]]:
    """The file's rows as (line, {column: cell}); problems of the whole file go to the report."""
    if len(data) > MAX_BYTES:
        report.problems.append(RowProblem(None, None, _("Die Datei ist größer als 1 MB.")))
        return []
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        reason = _("Die Datei ist nicht in UTF-8 gespeichert. Bitte als „CSV UTF-8“ speichern.")
        report.problems.append(RowProblem(None, None, reason))
        return []
    first_line = content.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    rows = []
    try:
        header = [cell.strip().lstrip("\ufeff") for cell in next(reader, [])]
        problem = _header_problem(header)
        if problem:
            report.problems.append(RowProblem(None, None, problem))
            return []
        while True:
            number = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                return rows
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                reason = _("Die Datei hat mehr als %(max)s Zeilen.", max=MAX_ROWS)
                report.problems.append(RowProblem(None, None, reason))
                return []
            if len(cells) != len(header) or any(len(cell) > MAX_CELL for cell in cells):
                reason = _(
                    "hat %(count)s Felder, die Kopfzeile %(header)s", count=len(cells), header=len(header)
                )
                if any(len(cell) > MAX_CELL for cell in cells):
                    reason = _("hat ein Feld mit mehr als %(max)s Zeichen", max=MAX_CELL)
                report.problems.append(RowProblem(number, None, reason))
                continue
            rows.append((number, dict(zip(header, map(restored_cell, cells), strict=True))))
    except csv.Error:
        reason = _("Die Datei ist ab Zeile %(row)s kein lesbares CSV.", row=reader.line_num)
        report.problems.append(RowProblem(None, None, reason))
        return []


def _header_problem(header: list[str]) -> str | None:
    if not header:
        return _("Die Datei ist leer.")
    unknown = [name[:40] for name in header if name not in COLUMNS]
    if unknown:
        return _(
            "Unbekannte Spalten: %(names)s. Erlaubt sind: %(allowed)s.",
            names=", ".join(unknown[:5]),
            allowed=", ".join(COLUMNS),
        )
    if len(set(header)) != len(header):
        return _("Eine Spalte steht zweimal in der Kopfzeile.")
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        return _("Es fehlen die Spalten: %(names)s.", names=", ".join(missing))
    return None


def _check_row(number: int, cells: dict, regions: dict, report: FigureImport):
    clean, problems = {}, []
    for spec in KEY_FIGURE.exchange_fields():
        try:
            clean[spec.name] = spec.check(cells.get(spec.name))
        except Refused as error:
            problems.append(RowProblem(number, spec.name, str(error.reason)))
    region = None
    if clean.get("region"):
        region = regions.get(clean["region"])
        if region is None:
            problems.append(RowProblem(number, "region", _("ist keine Region dieser Kommune")))
    report.problems.extend(problems)
    return (None, None) if problems else (clean, region)
