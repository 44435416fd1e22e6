"""What the build learns for publishing, kept as JSON beside the store (`publications.json`).

The catalog, VoID and schema.org documents are rendered from these facts for a given public
URL (see `urls`), at build time into files and again by the service. Everything here comes
from the build itself: the dump files' sizes and hashes, the manifest's source hashes, counts
computed with SPARQL on the built store.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from loaders.publishing.releases import Release

FACTS_FILE = "publications.json"


@dataclass(frozen=True)
class FileFacts:
    """A file the service serves for download: where, what, how big, which bytes."""

    key: str  # stable identifier part: "nquads", "trig", "pem-2015", ...
    file: str
    media_type: str  # of the content (before gzip)
    file_type: str  # code of the EU file-type authority table: RDF_N_QUADS, TXT, ...
    size: int
    sha256: str
    compressed: bool = False


@dataclass(frozen=True)
class SourceFacts:
    """One vendored source document, from the manifest, with its text file."""

    key: str
    title: str
    publisher: str
    publisher_agency: str
    issued: str
    sha256: str
    file: FileFacts
    period_start: str | None = None
    period_end: str | None = None


@dataclass(frozen=True)
class IndicatorFacts:
    """A qb:DataSet of the graph: labels (`lang -> text`), observation count, named graph,
    and its downloadable files (`tables.write_tables`: CSV, JSON-LD)."""

    iri: str
    labels: dict[str, str]
    observations: int
    graph: str = ""
    files: list[FileFacts] = field(default_factory=list)


@dataclass
class Publications:
    build_id: str
    built_at: str
    version: str
    base: str
    dumps: list[FileFacts] = field(default_factory=list)
    sources: list[SourceFacts] = field(default_factory=list)
    indicators: list[IndicatorFacts] = field(default_factory=list)
    void: dict[str, Any] = field(default_factory=dict)
    # The release ledger, oldest first (`releases`), and each release's file as served.
    releases: list[Release] = field(default_factory=list)
    release_files: list[FileFacts] = field(default_factory=list)

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True).encode()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Publications:
        return cls(
            build_id=data["build_id"],
            built_at=data["built_at"],
            version=data["version"],
            base=data["base"],
            dumps=[FileFacts(**d) for d in data["dumps"]],
            sources=[SourceFacts(**{**s, "file": FileFacts(**s["file"])}) for s in data["sources"]],
            indicators=[
                IndicatorFacts(**{**i, "files": [FileFacts(**f) for f in i.get("files", [])]})
                for i in data["indicators"]
            ],
            void=data["void"],
            releases=[Release.from_dict(r) for r in data.get("releases", [])],
            release_files=[FileFacts(**f) for f in data.get("release_files", [])],
        )

    @classmethod
    def load(cls, path: Path) -> Publications:
        """The facts a build wrote into its directory `path` (or the file itself)."""
        file = path / FACTS_FILE if path.is_dir() else path
        return cls.from_dict(json.loads(file.read_text("utf-8")))

    @property
    def release(self) -> Release:
        """The release this build serves; for facts written before releases existed, one
        made of the build's own version and date."""
        if self.releases:
            return self.releases[-1]
        return Release(self.version, self.built_at, "", self.build_id, 0, 0)

    @property
    def first_issued(self) -> str:
        """When the first release was made: the series' and the catalog's issue date."""
        return self.releases[0].issued if self.releases else self.built_at

    def coverage(self) -> tuple[str, str]:
        """First and last day the sources cover (ISO dates), from their periods and dates."""
        starts = [s.period_start or _first_day(s.issued) for s in self.sources]
        ends = [s.period_end or _last_day(s.issued) for s in self.sources]
        return min(starts), max(ends)


def _first_day(date: str) -> str:
    return date if len(date) == 10 else f"{date[:4]}-01-01"


def _last_day(date: str) -> str:
    return date if len(date) == 10 else f"{date[:4]}-12-31"
