"""The curated claims table (`claims.csv`): what a document says about its own figures,
read by hand where the wording is too free to parse reliably.

Each row gives the document, the lines, the kind of claim, the quote, and the claim as an
expression the build evaluates against the document's own data (`loaders.derive.claims`).
The table records what the text says, never whether it is right: the verdict is computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.checks import KINDS
from loaders.reference import read_rows, read_table

TABLE = "claims.csv"


@dataclass(frozen=True)
class ClaimRow:
    """One row: `expression` is checked by `loaders.derive.claims.evaluate`."""

    file: str
    row: int  # the row's line in claims.csv, for error messages
    document: str
    lines: tuple[int, ...]
    kind: str
    quote: str
    expression: str
    note: str


def _lines(cell: str) -> tuple[int, ...]:
    out: list[int] = []
    for part in cell.split("|"):
        first, _, last = part.strip().partition("-")
        out += range(int(first), int(last or first) + 1)
    return tuple(out)


def parse(text: str, file: str = TABLE) -> list[ClaimRow]:
    """The table's rows; a bad row is a `TableError` at its line."""
    rows: list[ClaimRow] = []
    for row in read_rows(text, file):
        kind = row.required("kind")
        if kind not in KINDS:
            raise row.error(f"kind {kind!r} is not one of {', '.join(KINDS)}")
        try:
            lines = _lines(row.required("lines"))
        except ValueError:
            raise row.error(f"lines {row['lines']!r}: want 12, 12-14 or 12|40") from None
        rows.append(
            ClaimRow(
                file,
                row.line,
                row.required("document"),
                lines,
                kind,
                row.required("quote"),
                row.required("claim"),
                row.text("note"),
            )
        )
    return rows


def default_claims() -> list[ClaimRow]:
    return parse(read_table(TABLE))
