"""What a loader receives and returns.

A loader is `parse(text, *, ctx) -> ParseResult`: pure, no I/O. The build pipeline reads
the file, hands its text and a `LoadContext`, and collects the graph and the findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from rdflib import Graph

from loaders.vocab import Ids

if TYPE_CHECKING:
    from loaders.reference.agencies import AgencyRegistry
    from loaders.reference.programs import ProgramRegistry

FindingKind = Literal["warning", "inconsistency", "contradiction", "unresolved-agency", "note"]


@dataclass(frozen=True)
class SourceDocument:
    """One entry of `data/sources/manifest.toml`."""

    key: str
    file: str
    title: str
    publisher: str
    publisher_agency: str
    issued: str
    year: str
    status: Literal["Planned", "Reported"]
    sha256: str
    period_start: str | None = None
    period_end: str | None = None


@dataclass(frozen=True, order=True)
class Finding:
    """Something the build report must name: where the source says it, and what is odd."""

    file: str
    line: int
    kind: FindingKind
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind}: {self.message}"


@dataclass
class ParseResult:
    """The triples derived from one document and the findings met while parsing it."""

    graph: Graph
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class LoadContext:
    """Everything a loader may use besides the text: the document, IRI minting, agencies."""

    source: SourceDocument
    agencies: AgencyRegistry
    programs: ProgramRegistry
    ids: Ids = field(default_factory=Ids)

    def finding(self, line: int, kind: FindingKind, message: str) -> Finding:
        return Finding(self.source.file, line, kind, message)
