"""The build report: counts per class and per graph, and every finding with file:line."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from loaders.checks import Check
from loaders.dataset import select
from loaders.model import Finding, SourceDocument

_CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?class } }
GROUP BY ?class ORDER BY ?class
"""
_GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


@dataclass
class BuildReport:
    build_id: str
    built_at: str
    version: str
    base: str
    sources: list[dict[str, str]]
    quads: int = 0
    classes: dict[str, int] = field(default_factory=dict)
    graphs: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    publications: dict[str, object] = field(default_factory=dict)
    # programme candidates (loaders.derive.program_links.Candidate rows), decided or unsure
    curation: list[dict[str, object]] = field(default_factory=list)
    # each document checked against itself (loaders.derive.discrepancies)
    checks: list[Check] = field(default_factory=list)

    @classmethod
    def start(
        cls, build_id: str, built_at: str, version: str, base: str, docs: list[SourceDocument]
    ) -> BuildReport:
        sources = [{"key": d.key, "file": d.file, "sha256": d.sha256} for d in docs]
        return cls(build_id, built_at, version, base, sources)

    def count(self, store: ox.Store) -> None:
        """Fill the class and graph counts from the finished store."""
        self.classes = {
            row["class"].value: int(row["n"].value) for row in select(store, _CLASS_COUNTS)
        }
        self.graphs = {row["g"].value: int(row["n"].value) for row in select(store, _GRAPH_COUNTS)}
        self.quads = sum(self.graphs.values())

    def to_json(self) -> bytes:
        data = asdict(self)
        data["findings"] = [asdict(f) for f in sorted(self.findings)]
        data["checks"] = [
            {**asdict(c), "lines": list(c.lines), "id": c.key} for c in sorted(self.checks)
        ]
        data["check_counts"] = {
            key: {
                "discrepancies": sum(
                    1 for c in self.checks if c.document == key and not c.confirmed
                ),
                "confirmed": sum(1 for c in self.checks if c.document == key and c.confirmed),
            }
            for key in sorted({s["key"] for s in self.sources})
        }
        data["finding_counts"] = dict(sorted(Counter(f.kind for f in self.findings).items()))
        data["curation_counts"] = dict(
            sorted(Counter(str(row["decision"]) for row in self.curation).items())
        )
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")

    def write_curation(self, path: Path) -> None:
        """The programme candidates as CSV, for curators (loaders/reference/
        program-curation.csv records their decisions)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        columns = ["document", "action", "line", "wording", "program", "score", "reason"]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, [*columns, "decision"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.curation)
        path.write_text(buffer.getvalue(), "utf-8")

    def to_text(self) -> str:
        lines = [
            f"migrakg build {self.build_id} ({self.built_at}), version {self.version}",
            f"base IRI: {self.base}",
            f"quads: {self.quads}",
            "",
            "sources:",
            *(f"  {s['key']:<10} {s['file']:<34} sha256 {s['sha256']}" for s in self.sources),
            "",
            "quads per named graph:",
            *(f"  {n:>8}  {g}" for g, n in self.graphs.items()),
            "",
            "resources per class:",
            *(f"  {n:>8}  {c}" for c, n in self.classes.items()),
            "",
            f"findings ({len(self.findings)}):",
        ]
        by_kind = Counter(f.kind for f in self.findings)
        lines += [f"  {n:>6} {kind}" for kind, n in sorted(by_kind.items())]
        decided = Counter(str(row["decision"]) for row in self.curation)
        lines.append(
            "programme candidates: " + ", ".join(f"{n} {d}" for d, n in sorted(decided.items()))
        )
        lines.append("")
        lines += [str(f) for f in sorted(self.findings)]
        files = {s["key"]: s["file"] for s in self.sources}
        lines += ["", "each document checked against itself (discrepancies, confirmed claims):"]
        for key in sorted(files):
            mine = [c for c in self.checks if c.document == key]
            bad = sum(1 for c in mine if not c.confirmed)
            lines.append(f"  {key:<10} {bad:>4} discrepancies, {len(mine) - bad:>4} confirmed")
        for c in sorted(self.checks, key=lambda c: (c.document, c.lines, c.kind, c.key)):
            verdict = "confirmed" if c.confirmed else "DISCREPANCY"
            where = ",".join(map(str, c.lines))
            lines.append(
                f"{files.get(c.document, c.document)}:{where}: {verdict} ({c.kind}): {c.en}"
            )
        return "\n".join(lines) + "\n"
