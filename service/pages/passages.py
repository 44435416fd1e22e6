"""Where the sources speak of a line of action or a programme: the passages of what links
to it (the actions that contribute to a line or are about a programme, the programme's
mentions in the 2024 report, the line's own wording in each PEM document), each quoted
clean and linked to its lines in the source viewer."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from service.pages import quotes, sources

QUERY = """
PREFIX mig: <https://w3id.org/migracion-mx/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xl: <http://www.w3.org/2008/05/skos-xl#>
SELECT DISTINCT ?r ?x ?doc ?start ?end ?text WHERE {
  { ?x ?p ?r } UNION { ?r ?p ?x }
  ?x prov:wasDerivedFrom ?doc ; mig:sourceLineStart ?start .
  ?doc a mig:SourceDocument .
  OPTIONAL { ?x mig:sourceLineEnd ?end }
  OPTIONAL { ?x mig:description|xl:literalForm|mig:wording ?text }
}"""
CAP = 80  # passages per page
QUOTED_LINES = 12  # a long passage is quoted up to this many lines, and linked whole


@dataclass
class Quoted:
    """A passage of a source: whose it is, where, and its lines as quoted."""

    iri: str
    key: str
    start: int
    end: int
    lines: list[tuple[int, str]]

    @property
    def link(self) -> str:
        return sources.link(self.key, self.start, self.end)


def quoted(
    request: Request, key: str, start: int, end: int, own: list[str], iri: str = ""
) -> Quoted | None:
    """Lines `start`..`end` of document `key`, cleaned and narrowed to what `own` says."""
    text = sources.lines(request, key)
    if text is None:
        return None
    last = min(end, len(text), start + QUOTED_LINES - 1)
    lines = [(n, text[n - 1]) for n in range(start, last + 1)]
    return Quoted(iri, key, start, end, quotes.paragraphs(quotes.excerpt(lines, own)))


def from_rows(rows: list[dict[str, dict[str, str]]], request: Request) -> list[Quoted]:
    """The passages of `QUERY`'s rows, in document and line order, at most `CAP`."""
    seen: dict[str, Quoted] = {}
    for row in rows:
        iri = row["x"]["value"]
        key = row["doc"]["value"].rsplit("/", 1)[-1]
        start = int(row["start"]["value"])
        end = int(row.get("end", row["start"])["value"])
        text = row.get("text", {}).get("value", "")
        if iri in seen:
            continue
        found = quoted(request, key, start, end, [text], iri)
        if found is not None:
            seen[iri] = found
    return sorted(seen.values(), key=lambda q: (q.key, q.start))[:CAP]
