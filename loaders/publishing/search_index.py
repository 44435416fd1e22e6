"""The full-text index of a build: `search.sqlite` (SQLite FTS5), written beside `graph.nq`.

What is indexed: every resource the API lists (PEM objectives, strategies and lines of
action, GCM objectives, agencies, programmes, actions, source documents, indicator datasets
and observations), with all its names, acronyms, notations and texts (descriptions,
results, challenges, definitions, the PEM's skos-xl wordings); an action or observation also
carries the names and acronyms of its agencies and programmes (`rel`), so "INM" finds the
actions the INM is responsible for even where their text says "el Instituto". A document
that states no actions (the 2024 executive report) is indexed paragraph by paragraph as
*passages*: each names the observation of the objective its section is about (or the
document), and its source lines.

Tables:
    doc(id, iri, cls, title, text, lines, passage)   one row per searchable unit
    fts(ident, title, body, rel, exact, relx)         FTS5 over the analysed text of each row
    alias(alias, iri, cls)                            folded names from the curated tables
    label(iri, label)                                 the display label of every named IRI
                                                      (facet values such as agency kinds)
Columns of `fts` hold analysed words (`loaders.search_text`): `ident` the row's own
acronyms and notations (exact form), `title` its names (stems), `body` its texts (stems),
`rel` its agencies' and programmes' names (stems), `exact` every word of the row in exact
form, `relx` the related names in exact form. The service weighs them (`service.search`).

Deterministic: rows are inserted in IRI order from sorted input, in one transaction, then
the FTS index is optimised and the file vacuumed; the same sources give the same bytes.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from loaders.reference.agencies import default_registry
from loaders.reference.programs import default_programs
from loaders.search_text import exact_text, stem_text
from loaders.text import fold
from loaders.vocab import PREFIXES, Ids

SEARCH_FILE = "search.sqlite"

MIG, SKOS, RDFS = PREFIXES["mig"], PREFIXES["skos"], PREFIXES["rdfs"]
DCT, PROV, QB = PREFIXES["dcterms"], PREFIXES["prov"], PREFIXES["qb"]
RDF_TYPE = PREFIXES["rdf"] + "type"
SKOSXL = "http://www.w3.org/2008/05/skos-xl#"

# The classes whose members are searchable (the API's collections), in display order.
CLASSES = (
    MIG + "PEMObjective",
    MIG + "PEMStrategy",
    MIG + "PEMLineOfAction",
    MIG + "GCMObjective",
    MIG + "Agency",
    MIG + "Program",
    MIG + "Action",
    MIG + "SourceDocument",
    QB + "DataSet",
    QB + "Observation",
)
IDENT = (MIG + "acronym", SKOS + "notation")
NAMES = (SKOS + "prefLabel", RDFS + "label", DCT + "title", SKOS + "altLabel")
TEXTS = (MIG + "description", MIG + "results", MIG + "challenge", SKOS + "definition")
RELATED = (
    MIG + "responsibleAgency",
    MIG + "collaboratingAgency",
    MIG + "participatingAgency",
    MIG + "aboutProgram",
)
_SECTION = re.compile(r"^(?:[IVX]+\.\s+[A-ZÁÉÍÓÚÑ ,]{4,}|OBJETIVO\s+(\d+)\b.*)$")
_MIN_PASSAGE = 40  # characters: shorter paragraphs are page numbers and signatures

SCHEMA = """
CREATE TABLE doc(id INTEGER PRIMARY KEY, iri TEXT NOT NULL, cls TEXT NOT NULL,
                 title TEXT NOT NULL, text TEXT NOT NULL, lines TEXT NOT NULL,
                 passage INTEGER NOT NULL);
CREATE INDEX doc_iri ON doc(iri);
CREATE VIRTUAL TABLE fts USING fts5(ident, title, body, rel, exact, relx,
    tokenize = 'unicode61 remove_diacritics 0', detail = full);
CREATE TABLE alias(alias TEXT NOT NULL, iri TEXT NOT NULL, cls TEXT NOT NULL);
CREATE TABLE label(iri TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE INDEX alias_alias ON alias(alias);
"""


class _Graph:
    """The union of the build's triples: literals and links by subject and property."""

    def __init__(self, nquads: bytes) -> None:
        self.literals: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        seen: set[tuple[str, str, str]] = set()
        for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
            s, p, o = q.subject, q.predicate.value, q.object
            if not isinstance(s, ox.NamedNode):
                continue
            key = (s.value, p, str(o))
            if key in seen:
                continue
            seen.add(key)
            if isinstance(o, ox.Literal):
                self.literals[s.value][p].append((o.value, o.language or ""))
            elif isinstance(o, ox.NamedNode):
                self.links[s.value][p].append(o.value)
        for literal_props in self.literals.values():
            for pairs in literal_props.values():
                pairs.sort()
        for link_props in self.links.values():
            for targets in link_props.values():
                targets.sort()

    def texts(self, s: str, props: tuple[str, ...]) -> list[str]:
        return [v for p in props for v, _ in self.literals.get(s, {}).get(p, [])]

    def label(self, s: str) -> str:
        for p in (SKOS + "prefLabel", RDFS + "label", DCT + "title"):
            values = self.literals.get(s, {}).get(p, [])
            for pick in ("es", "", None):
                for v, lang in values:
                    if pick is None or lang == pick:
                        return v
        return ""

    def line_range(self, s: str) -> tuple[int, int] | None:
        start = self.literals.get(s, {}).get(MIG + "sourceLineStart")
        end = self.literals.get(s, {}).get(MIG + "sourceLineEnd")
        if not start or not end:
            return None
        return int(start[0][0]), int(end[0][0])


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _title(g: _Graph, s: str, cls: str) -> str:
    label = g.label(s)
    if label:
        return label
    if cls == MIG + "Action":
        return _shorten(" ".join(g.texts(s, (MIG + "description",))))
    if cls == QB + "Observation":
        parts = [g.label(d) for d in g.links[s].get(QB + "dataSet", [])]
        for p in (MIG + "gcmObjective", MIG + "agencyKind", MIG + "challengeCategory"):
            for target in g.links[s].get(p, []):
                notation = g.texts(target, (SKOS + "notation",))
                parts.append(
                    f"objetivo {notation[0]}" if p.endswith("gcmObjective") and notation
                    else g.label(target)
                )  # fmt: skip
        return " · ".join(x for x in parts if x)
    return s.rsplit("/", 1)[-1]


def _related(g: _Graph, s: str) -> list[str]:
    out: list[str] = []
    for p in RELATED:
        for target in g.links[s].get(p, []):
            out += g.texts(target, (MIG + "acronym", *NAMES))
    return out


def _passages(g: _Graph, doc_iri: str, text: str) -> list[tuple[str, str, str, tuple[int, int]]]:
    """Paragraphs of a document with no actions: (iri, section title, text, lines)."""
    observations: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for s, links in g.links.items():
        if doc_iri in links.get(PROV + "wasDerivedFrom", []) and QB + "Observation" in links.get(
            RDF_TYPE, []
        ):
            span = g.line_range(s)
            for target in links.get(MIG + "gcmObjective", []):
                notation = g.texts(target, (SKOS + "notation",))
                if span and notation and notation[0].isdigit():
                    observations[int(notation[0])].append((span[0], s))
    out: list[tuple[str, str, str, tuple[int, int]]] = []
    section, about, started = "", doc_iri, False
    paragraph: list[tuple[int, str]] = []

    def flush() -> None:
        body = " ".join(t.strip() for _, t in paragraph)
        if started and len(body) >= _MIN_PASSAGE:
            out.append((about, section, body, (paragraph[0][0], paragraph[-1][0])))
        paragraph.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        clean = line.replace("**", " ").strip()
        heading = _SECTION.match(clean)
        if heading:
            flush()
            started = True
            section = " ".join(clean.split())
            objective = heading.group(1)
            about = doc_iri
            if objective:
                after = sorted(
                    (x[0], len(x[1]), x[1])
                    for x in observations.get(int(objective), [])
                    if x[0] >= number
                )
                about = after[0][2] if after else doc_iri
            continue
        if not clean:
            flush()
        else:
            paragraph.append((number, clean))
    flush()
    return out


def _aliases(ids: Ids) -> list[tuple[str, str, str]]:
    """Folded names of the curated tables (agencies with context names, programmes)."""
    rows: list[tuple[str, str, str]] = []
    registry = default_registry(ids.base)
    for agency in registry.agencies.values():
        iri = str(registry.iri(agency))
        for name in (*agency.names, *agency.acronyms, *agency.context_labels):
            rows.append((fold(name), iri, MIG + "Agency"))
    for program in default_programs().programs.values():
        for name in (*program.names, *program.acronyms):
            rows.append((fold(name), str(ids.program(program.slug)), MIG + "Program"))
    return sorted(set(rows))


def write(work: Path, nquads: bytes, sources_dir: Path | None, ids: Ids | None = None) -> Path:
    """Writes `work/search.sqlite` from the build's N-Quads and (for passages) its sources."""
    ids = ids or Ids()
    g = _Graph(nquads)
    rows: list[tuple[str | int, ...]] = []
    sources: dict[str, str] = {}
    for s in sorted(g.links):
        types = g.links[s].get(RDF_TYPE, [])
        cls = next((c for c in CLASSES if c in types), None)
        if cls is None:
            continue
        idents = g.texts(s, IDENT)
        names = g.texts(s, NAMES)
        xl = [
            v for label in g.links[s].get(SKOSXL + "prefLabel", [])
            for v in g.texts(label, (SKOSXL + "literalForm",))
        ]  # fmt: skip
        body = g.texts(s, TEXTS) + xl
        related = _related(g, s)
        span = g.line_range(s)
        text = " ".join(body) or " · ".join(dict.fromkeys((*names, *idents)))
        rows.append(
            (s, cls, _title(g, s, cls), text, f"{span[0]}-{span[1]}" if span else "",
             " ".join(exact_text(x) for x in idents), stem_text(" ".join(names)),
             stem_text(" ".join(body)), stem_text(" ".join(related)),
             exact_text(" ".join((*idents, *names, *body))), exact_text(" ".join(related)), 0)
        )  # fmt: skip
        if cls == MIG + "SourceDocument":
            sources[s] = ""
    if sources_dir is not None:
        for doc_iri in sorted(sources):
            key = doc_iri.rsplit("/", 1)[-1]
            has_actions = any(
                doc_iri in g.links[a].get(PROV + "wasDerivedFrom", [])
                and MIG + "Action" in g.links[a].get(RDF_TYPE, [])
                for a in g.links
            )
            files = sorted(sources_dir.glob(f"{key}-*.txt"))
            if has_actions or not files:
                continue
            for about, section, passage, (start, end) in _passages(
                g, doc_iri, files[0].read_text("utf-8")
            ):
                cls = next(c for c in CLASSES if c in g.links[about].get(RDF_TYPE, []))
                related = _related(g, about) if about != doc_iri else []
                rows.append(
                    (about, cls, section, passage, f"{start}-{end}", "", stem_text(section),
                     stem_text(passage), stem_text(" ".join(related)),
                     exact_text(section + " " + passage), exact_text(" ".join(related)), 1)
                )  # fmt: skip
    target = work / SEARCH_FILE
    target.unlink(missing_ok=True)
    con = sqlite3.connect(target)
    try:
        con.executescript(SCHEMA)
        with con:
            for n, r in enumerate(rows, start=1):
                con.execute("INSERT INTO doc VALUES (?,?,?,?,?,?,?)", (n, *r[0:5], r[11]))
                con.execute("INSERT INTO fts(rowid, ident, title, body, rel, exact, relx) "
                            "VALUES (?,?,?,?,?,?,?)", (n, *r[5:11]))  # fmt: skip
            con.executemany("INSERT INTO alias VALUES (?,?,?)", _aliases(ids))
            labels = ((s, g.label(s)) for s in sorted(g.literals))
            con.executemany("INSERT INTO label VALUES (?,?)", ((s, x) for s, x in labels if x))
            con.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        con.execute("VACUUM")
    finally:
        con.close()
    return target
