"""Retired programme IRIs: slugs the build once minted for a programme another IRI names.

Merging two IRIs of one programme (a singular and a plural name, a pilot project and the name
it kept) must not break links that clients already hold. `reference/program-sameas.csv`
keeps each retired slug with the slug kept; the reference graph states
`<retired> owl:sameAs <kept>` and the service redirects the retired IRI to the kept one.
`reference/program-generic.csv` lists the names that must not create an identity at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from loaders.reference import read_rows, read_table
from loaders.text import fold

__all__ = ["Retired", "generic_names", "is_generic", "read_retired", "retired_programs"]


@dataclass(frozen=True)
class Retired:
    """One row: the retired slug, the slug kept, and why (with `file:line`)."""

    retired: str
    kept: str
    note: str


def read_retired(text: str | None = None, known: frozenset[str] | None = None) -> list[Retired]:
    """The table's rows; a kept slug that `known` lacks, or a retired slug still in use as a
    kept one, is a `TableError` with the row's line."""
    text = read_table("program-sameas.csv") if text is None else text
    rows = read_rows(text, "program-sameas.csv")
    found = [Retired(r.required("retired"), r.required("kept"), r.text("note")) for r in rows]
    retired = {f.retired for f in found}
    for row, item in zip(rows, found, strict=True):
        if known is not None and item.kept not in known:
            raise row.error(f"kept programme {item.kept!r} is not in programs.csv")
        if item.kept in retired:
            raise row.error(f"kept programme {item.kept!r} is itself retired")
    return found


@cache
def retired_programs() -> dict[str, str]:
    """Retired slug -> kept slug, from the shipped table."""
    return {r.retired: r.kept for r in read_retired()}


@cache
def generic_names() -> frozenset[str]:
    """Folded names from `reference/program-generic.csv`: names that head several programmes
    and identify none on their own, so a loader neither links nor mints a programme for
    them."""
    rows = read_rows(read_table("program-generic.csv"), "program-generic.csv")
    return frozenset(fold(r.required("name")) for r in rows)


def is_generic(name: str) -> bool:
    """Whether `name` (accents, case and quotes aside) is one of the generic names."""
    return fold(name.strip(' .,;:"“”*')) in generic_names()
