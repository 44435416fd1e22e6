"""Curated reference tables (CSV) shipped with the loaders, and their one reader.

See README.md beside this file for each table's columns. Every table is read through
`read_rows`: lines starting with `#` are comments, the first other line is the header, and
a row that does not fit it (too many or too few cells, an empty required cell, a value of
the wrong kind) stops the build with `file:line: message` (`TableError`).
"""

from __future__ import annotations

import csv
from pathlib import Path

from loaders.errors import TableError

REFERENCE_DIR = Path(__file__).resolve().parent


def read_table(name: str) -> str:
    """The text of the reference table `name` (e.g. "agencies.csv")."""
    return (REFERENCE_DIR / name).read_text("utf-8")


class Row(dict[str, str]):
    """One row of a table: its cells by column, and where it stands (`file`, `line`)."""

    def __init__(self, file: str, line: int, cells: dict[str, str]) -> None:
        super().__init__(cells)
        self.file = file
        self.line = line

    def __missing__(self, column: str) -> str:
        raise self.error(f"no column {column!r}")

    def error(self, message: str) -> TableError:
        """A `TableError` at this row."""
        return TableError(self.file, self.line, message)

    def text(self, column: str) -> str:
        """The cell, stripped; "" for an absent optional column."""
        return (self.get(column) or "").strip()

    def required(self, column: str) -> str:
        """The cell, stripped; `TableError` when it is empty."""
        value = self[column].strip()
        if not value:
            raise self.error(f"column {column!r} is empty")
        return value

    def split(self, column: str) -> tuple[str, ...]:
        """The cell's `|`-separated values, stripped, empty ones dropped."""
        return tuple(part.strip() for part in self.text(column).split("|") if part.strip())

    def integer(self, column: str) -> int:
        value = self.required(column)
        try:
            return int(value)
        except ValueError:
            raise self.error(f"column {column!r} is not an integer: {value!r}") from None


def read_rows(text: str, file: str) -> list[Row]:
    """The rows of a comment-skipping CSV table named `file` (for messages)."""
    numbered = [
        (n, line) for n, line in enumerate(text.splitlines(), 1) if not line.startswith("#")
    ]
    reader = csv.reader(line for _, line in numbered)
    header: list[str] | None = None
    rows: list[Row] = []
    for cells in reader:
        line = numbered[reader.line_num - 1][0]
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if not cells:
            continue
        if len(cells) != len(header):
            raise TableError(file, line, f"{len(cells)} cells, the header has {len(header)}")
        rows.append(Row(file, line, dict(zip(header, cells, strict=True))))
    return rows
