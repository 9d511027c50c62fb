"""Imports a file all or nothing: every row is checked, and only a clean file is stored."""

from collections.abc import Callable
from pathlib import Path

from flask import current_app

from ..extensions import db
from ..geo.dialect import refresh_statistics
from .context import ImportContext
from .fields import FIELDS, NAME_FIELD
from .problems import FileInvalid, ImportReport, Problem, RowInvalid
from .readers import RawRow, read_rows
from .writers import WRITERS

PROGRESS_EVERY = 5000
ANALYZE_AFTER_ROWS = 1000  # a larger import changes the table enough to refresh planner statistics
CLUSTER_AFTER_ROWS = 10_000  # … and enough to reorder it by location (PostGIS)


def import_file(
    path: str,
    kind: str,
    kommune: str | None = None,
    dry_run: bool = False,
    skip_existing: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Check every row of the file; store all of them, or (on any problem, or dry run) none.

    skip_existing leaves out rows whose entry is already stored (used by the seed command).
    """
    report = ImportReport(kind=kind, path=Path(path).name, dry_run=dry_run)
    context = ImportContext.load(kommune)
    if kommune is not None and context.forced_kommune_id is None:
        report.problems.append(Problem(None, "kommune", f"unknown Kommune {kommune!r}"))
        return report
    writer = WRITERS[kind](context, skip_existing=skip_existing)
    seen: dict[tuple, int] = {}
    try:
        for raw in read_rows(path, kind, current_app.config["IMPORT_MAX_BYTES"]):
            report.rows_read += 1
            _check_row(raw, kind, writer, seen, report)
            if progress and report.rows_read % PROGRESS_EVERY == 0:
                progress(report.rows_read)
        if report.ok:
            writer.flush()
    except FileInvalid as error:
        report.problems.append(error.problem)
    report.created, report.updated, report.skipped = writer.counts()
    if report.ok and not dry_run:
        db.session.commit()
        if report.created >= ANALYZE_AFTER_ROWS:
            spatial_index = writer.spatial_index if report.created >= CLUSTER_AFTER_ROWS else None
            refresh_statistics(writer.table_name, spatial_index)
    else:
        db.session.rollback()
    return report


def _check_row(raw: RawRow, kind: str, writer, seen: dict, report: ImportReport) -> None:
    try:
        record = parse_properties(raw, kind)
        key = writer.duplicate_key(record, raw.geometry)
        if key is not None and key in seen:
            raise RowInvalid([Problem(raw.number, NAME_FIELD[kind], f"duplicate of row {seen[key]}")])
        if key is not None:
            seen[key] = raw.number
        writer.add(raw.number, record, raw.geometry, store=report.ok)
    except RowInvalid as invalid:
        report.problems.extend(invalid.problems)


def parse_properties(raw: RawRow, kind: str) -> dict:
    """The row's values, each checked by its field; RowInvalid lists every problem at once."""
    problems = list(raw.problems)
    if raw.unreadable:
        raise RowInvalid(problems)
    record = {}
    for spec in FIELDS[kind]:
        try:
            record[spec.name] = spec.check(raw.properties.get(spec.name))
        except ValueError as error:
            problems.append(Problem(raw.number, spec.name, str(error)))
    if problems:
        raise RowInvalid(problems)
    return record
