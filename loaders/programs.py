"""Program identity: one `mig:Program` per named programme, service, system or campaign.

`reference/programs.csv` is the curated registry (canonical name, aliases, operating agency).
Loaders call `ProgramRegistry.resolve(name)`; a name the registry does not know still gets a
stable IRI from its slug, so that the same wording in two documents meets in one resource.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from slugify import slugify

from loaders.agencies import fold


def program_slug(name: str) -> str:
    """The IRI slug of a program name: lower case, accents folded, hyphens."""
    return slugify(name, max_length=80, word_boundary=True)


@dataclass(frozen=True)
class Program:
    slug: str
    pref_label: str
    aliases: tuple[str, ...]
    agency: str | None


class ProgramRegistry:
    """Lookup of curated programs by canonical name or alias (folded)."""

    def __init__(self, programs: list[Program]) -> None:
        self.programs = {p.slug: p for p in programs}
        self._by_name = {fold(n): p for p in programs for n in (p.pref_label, *p.aliases)}

    @classmethod
    def from_csv_text(cls, text: str) -> ProgramRegistry:
        rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
        return cls(
            [
                Program(
                    slug=row["slug"].strip(),
                    pref_label=row["pref_label_es"].strip(),
                    aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                    agency=row["agency"].strip() or None,
                )
                for row in rows
            ]
        )

    def resolve(self, name: str) -> Program | None:
        return self._by_name.get(fold(name))

    def slug_for(self, name: str) -> str:
        """The registry's slug for `name`, or one derived from the name itself."""
        program = self.resolve(name)
        return program.slug if program else program_slug(name)


@cache
def default_programs() -> ProgramRegistry:
    text = resources.files("loaders").joinpath("reference/programs.csv").read_text("utf-8")
    return ProgramRegistry.from_csv_text(text)
