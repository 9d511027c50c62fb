"""What an import reports: problems with row, field and reason, and the totals."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    row: int | None  # 1-based data row (CSV: line of the row; GeoJSON: feature number); None = file
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = "file" if self.row is None else f"row {self.row}"
        return f"{where}, {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"


class RowInvalid(Exception):
    """A row has problems; they are collected, and the import goes on checking the next row."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class FileInvalid(Exception):
    """The file as a whole cannot be read (size, encoding, syntax, header)."""

    def __init__(self, reason: str, field_name: str | None = None):
        super().__init__(reason)
        self.problem = Problem(None, field_name, reason)


@dataclass
class ImportReport:
    kind: str
    path: str
    dry_run: bool = False
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if not self.ok:
            return (
                f"{len(self.problems)} problem(s) in {self.rows_read} row(s) of {self.path}; "
                "nothing was imported"
            )
        verb = "would import" if self.dry_run else "imported"
        text = f"{verb} {self.created} new {self.kind}"
        if self.updated:
            text += f", updated {self.updated}"
        if self.skipped:
            text += f", skipped {self.skipped} already present"
        return text + f" from {self.rows_read} row(s) of {self.path}"
