"""The agency registry: curated reference data that gives each body one identity.

`reference/agencies.csv` holds one row per body (see `reference/README.md` for the columns).
Loaders resolve the acronyms and names a source uses with `AgencyRegistry.resolve` and find
the bodies a free text names with `AgencyRegistry.find_mentions`.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib.term import URIRef

from loaders.vocab import Ids


def fold(text: str) -> str:
    """Accent- and case-insensitive key with collapsed white space, for matching names."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip().casefold()


@dataclass(frozen=True)
class Agency:
    """One row of the registry."""

    slug: str
    pref_label: str
    acronyms: tuple[str, ...]
    alt_labels: tuple[str, ...]
    kind: str
    parent: str | None
    name_from_public_knowledge: bool
    note: str = ""


@dataclass(frozen=True)
class Mention:
    """A place in a text where the registry recognises a body."""

    agency: Agency
    start: int
    end: int
    matched: str


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


class AgencyRegistry:
    """Lookup of agencies by acronym (case-sensitive) or by any name (folded)."""

    def __init__(self, agencies: list[Agency], ids: Ids | None = None) -> None:
        self.ids = ids or Ids()
        self.agencies = {a.slug: a for a in agencies}
        self._by_acronym: dict[str, Agency] = {}
        self._by_name: dict[str, Agency] = {}
        for agency in agencies:
            for acronym in agency.acronyms:
                self._by_acronym[acronym] = agency
            for name in (agency.pref_label, *agency.alt_labels):
                self._by_name[fold(name)] = agency
        names = sorted(
            {*self._by_acronym, *(n for a in agencies for n in (a.pref_label, *a.alt_labels))},
            key=len,
            reverse=True,
        )
        alternatives = "|".join(re.escape(n) for n in names)
        self._pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])") if names else None

    @classmethod
    def from_csv_text(cls, text: str, ids: Ids | None = None) -> AgencyRegistry:
        rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
        agencies = [
            Agency(
                slug=row["slug"].strip(),
                pref_label=row["pref_label_es"].strip(),
                acronyms=_split(row["acronyms"]),
                alt_labels=_split(row["alt_labels"]),
                kind=row["kind"].strip(),
                parent=row["parent"].strip() or None,
                name_from_public_knowledge=row["name_source"].strip() == "public-knowledge",
                note=(row.get("note") or "").strip(),
            )
            for row in rows
        ]
        return cls(agencies, ids)

    def iri(self, agency: Agency) -> URIRef:
        return self.ids.agency(agency.slug)

    def resolve(self, mention: str) -> Agency | None:
        """The agency an acronym or a name stands for, or None when the registry lacks it."""
        cleaned = mention.strip().strip(".,;:()")
        return self._by_acronym.get(cleaned) or self._by_name.get(fold(cleaned))

    def find_mentions(self, text: str) -> Iterator[Mention]:
        """Every registry name or acronym in `text`, left to right, longest match first."""
        if self._pattern is None:
            return
        for match in self._pattern.finditer(text):
            agency = self.resolve(match.group(0))
            if agency is not None:
                yield Mention(agency, match.start(), match.end(), match.group(0))


@cache
def default_registry(base: str | None = None) -> AgencyRegistry:
    """The registry shipped in `loaders/reference/agencies.csv`."""
    text = resources.files("loaders").joinpath("reference/agencies.csv").read_text("utf-8")
    return AgencyRegistry.from_csv_text(text, Ids(base) if base else None)
