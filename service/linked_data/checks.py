"""The checked claims a page shows: a resource's discrepancies, or a document's.

Why here: the resource page (`/id/...`) warns when a figure, observation or action takes
part in a discrepancy, and the per-document page (`/explorar/discrepancias/<doc>`) lists
them all; both show the same thing, each cited line quoted from the build's copy of the
source text with the value it gives, so a reader sees both sides without leaving the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from loaders.vocab import PREFIXES
from service.linked_data.describe import source_files, source_lines

MIG = PREFIXES["mig"]

_SELECT = """
PREFIX mig: <https://w3id.org/migracion-mx/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?r ?d ?type ?kind ?label ?explanation ?computed ?quote ?st ?line ?value ?doc ?file WHERE {
  %s
  ?d a ?type ; mig:citesStatement ?st ; mig:discrepancyKind ?k .
  FILTER(?type IN (mig:Discrepancy, mig:Claim))
  ?st mig:sourceLineStart ?line ; prov:wasDerivedFrom ?doc .
  ?k skos:prefLabel ?kind FILTER(lang(?kind) = "es")
  OPTIONAL { ?d rdfs:label ?label FILTER(lang(?label) = "es") }
  OPTIONAL { ?d mig:explanation ?explanation FILTER(lang(?explanation) = "es") }
  OPTIONAL { ?d mig:computedValue ?computed }
  OPTIONAL { ?d mig:quote ?quote }
  OPTIONAL { ?st mig:statedValue ?value }
  OPTIONAL { ?doc mig:fileName ?file }
}"""
# The cited statements are joined before the OPTIONALs: a pattern written after them is
# joined as a whole (every statement with a line, ~11 ms a page), not per check (~2 ms).
# ?r: a resource; its checks, or itself when it is one.
FOR_RESOURCE = _SELECT % (
    "{ ?r mig:hasDiscrepancy ?d } UNION { ?r mig:hasCheckedClaim ?d } "
    "UNION { ?r mig:citesStatement ?any BIND(?r AS ?d) }"
)
# ?r: a document; the checks derived from it.
FOR_DOCUMENT = _SELECT % "?d prov:wasDerivedFrom ?r ; mig:citesStatement ?any ."


@dataclass
class Cited:
    """One cited line: where, the values it gives, and its text."""

    iri: str
    document: str
    file: str
    line: int
    values: list[str] = field(default_factory=list)
    text: str = ""


@dataclass
class CheckView:
    iri: str
    discrepancy: bool
    kind: str
    label: str
    explanation: str
    computed: str
    quote: str
    cited: list[Cited] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        return min((c.line for c in self.cited), default=0)


def views(
    rows: list[dict[str, dict[str, str]]], base_iri: str, sources_dir: Path
) -> list[CheckView]:
    """The SELECT rows grouped per check (discrepancies first, then by line)."""
    files = source_files(sources_dir)
    prefix = base_iri + "documento/"
    found: dict[str, CheckView] = {}
    for row in rows:
        iri = row["d"]["value"]
        view = found.get(iri)
        if view is None:
            view = found[iri] = CheckView(
                iri,
                row["type"]["value"] == MIG + "Discrepancy",
                row["kind"]["value"],
                row.get("label", {}).get("value", ""),
                row.get("explanation", {}).get("value", ""),
                row.get("computed", {}).get("value", ""),
                row.get("quote", {}).get("value", ""),
            )
        st = row["st"]["value"]
        cited = next((c for c in view.cited if c.iri == st), None)
        if cited is None:
            doc = row["doc"]["value"]
            file = row.get("file", {}).get("value") or files.get(doc[len(prefix) :], "")
            line = int(row["line"]["value"])
            text = ""
            if file and Path(file).name == file:
                lines = source_lines(sources_dir / file)
                text = lines[line - 1] if 0 < line <= len(lines) else ""
            cited = Cited(st, doc, file, line, text=text)
            view.cited.append(cited)
        value = row.get("value", {}).get("value")
        if value and value not in cited.values:
            cited.values.append(value)
    for view in found.values():
        view.cited.sort(key=lambda c: (c.document, c.line))
        for c in view.cited:
            c.values.sort()
    return sorted(found.values(), key=lambda v: (not v.discrepancy, v.first_line, v.iri))
