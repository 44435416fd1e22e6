"""Synthetic corpora shaped like the real graph, at any multiple of its size, as a build.

Why: the corpus grows by a few reports a year; the growth benchmark needs the graph of
ten or fifty years from now, today. The generator keeps the real graph's classes,
properties, IRI patterns (minted with `loaders.vocab.Ids`) and named graphs, and scales
its counts. At scale `s` there are `c = round(sqrt(s))` cycles of five documents (the real
keys first, then `pem-2026`, `pmm-2026`, ... for later years), `178·c` agencies (the
registry's own, then synthetic ones), `35·c` programmes, and about `s·850` actions spread
over the documents (more actions per PEM line and GCM objective as `s` grows), each with
the real per-action triples (type, description, year, status, agencies, line or objective,
programme, results, challenge, provenance and source lines); PEM documents carry their
skos-xl wordings of the 226 PEM concepts, GCM reports their indicator observations
(qb:Observation per objective and agency kind). The ontology graph is the real
`ontology/*.ttl`. At scale 1 this is about 22k quads, close to the real build's size.

N-Quads are written as text directly (fast, no rdflib), deterministically: a seeded
`random.Random`, no clock, sorted lines. `write_scale` lays the result out as a published
build (`loaders.pipeline.store`: `stores/<id>/store`, `graph.nq`, `report.json`, `current`).
"""

from __future__ import annotations

import csv
import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from loaders.pipeline import store as publish
from loaders.vocab import (
    DEFAULT_BASE,
    ONTOLOGY_GRAPH_KEY,
    PREFIXES,
    REFERENCE_GRAPH_KEY,
    Ids,
)
from service.api import precompute

REPO = Path(__file__).resolve().parent.parent
MIG, SKOS, PROV = PREFIXES["mig"], PREFIXES["skos"], PREFIXES["prov"]
RDF_TYPE = PREFIXES["rdf"] + "type"
XSD, DCT, QB, ORG = PREFIXES["xsd"], PREFIXES["dcterms"], PREFIXES["qb"], PREFIXES["org"]
SKOSXL = "http://www.w3.org/2008/05/skos-xl#"
ACTIONS_1X = 850  # actions in the real corpus, roughly (164 + 159 + ~180 + 346)
# Real documents: key, kind, share of the actions.
REAL_DOCS = (
    ("pem-2015", "pem", 0.19),
    ("pem-2018", "pem", 0.19),
    ("pmm-2018", "pmm", 0.21),
    ("pmm-2022", "pmm", 0.41),
    ("pmm-2024", "pmm", 0.0),
)
KINDS = (
    "administracion-publica-federal",
    "organo-desconcentrado",
    "organismo-descentralizado",
    "gobierno-estatal",
    "organismo-internacional",
    "organizacion-sociedad-civil",
)
WORDS = [
    "programa",
    "atención",
    "migrantes",
    "frontera",
    "derechos",
    "protección",
    "retorno",
    "integración",
    "niñas",
    "niños",
    "adolescentes",
    "refugio",
    "asilo",
    "trabajo",
    "salud",
    "educación",
    "documentación",
    "registro",
    "consular",
    "repatriación",
    "capacitación",
    "coordinación",
    "estatal",
    "federal",
    "personas",
    "regularización",
    "albergues",
    "empleo",
    "vivienda",
    "estancia",
    "visas",
    "trámites",
    "gobierno",
    "instituto",
    "servicios",
    "municipios",
    "comunidades",
    "familias",
    "acceso",
    "justicia",
    "identidad",
    "nacionalidad",
    "género",
]


@dataclass(frozen=True)
class Doc:
    key: str
    kind: str  # "pem" (planned programme) or "pmm" (GCM report)
    year: int
    actions: int
    figures: bool = False  # a report of figures only (like pmm-2024): indicator observations


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def _int(n: int) -> str:
    return _lit(str(n), datatype=XSD + "integer")


def _year(y: int) -> str:
    return _lit(str(y), datatype=XSD + "gYear")


class _Writer:
    """Collects N-Quads lines for one named graph at a time."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.graph = ""

    def q(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> {o} <{self.graph}> .\n")


def documents(scale: float, actions: float | None = None) -> list[Doc]:
    """The documents at `scale`: the five real keys, then later cycles; `actions` in all."""
    cycles = _cycles(scale)
    per_cycle = (ACTIONS_1X * scale if actions is None else actions) / cycles
    docs = [
        Doc(k, kind, int(k[-4:]), round(per_cycle * share), not share)
        for k, kind, share in REAL_DOCS
    ]
    for c in range(1, cycles):
        year = 2026 + 3 * (c - 1)
        for (_, kind, share), offset in zip(REAL_DOCS, (0, 1, 0, 1, 2), strict=True):
            y = year + offset
            docs.append(Doc(f"{kind}-{y}", kind, y, round(per_cycle * share), not share))
    return docs


def _cycles(scale: float) -> int:
    return max(1, round(math.sqrt(scale)))


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _registry_agencies() -> list[tuple[str, str, str, str]]:
    path = REPO / "loaders" / "reference" / "agencies.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["slug"] and r["kind"]]
    return [(r["slug"], r["pref_label_es"], r["acronyms"], r["kind"]) for r in rows]


def _registry_programs() -> list[tuple[str, str]]:
    path = REPO / "loaders" / "reference" / "programs.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["slug"], r["pref_label_es"]) for r in csv.DictReader(f) if r["slug"]]


def _reference(w: _Writer, ids: Ids, cycles: int, rng: random.Random) -> tuple[list, list]:
    """Agencies, programmes, the PEM and GCM schemes; returns (agency, programme) IRIs."""
    w.graph = str(ids.graph(REFERENCE_GRAPH_KEY))
    real = _registry_agencies()
    agencies = list(real)
    for n in range(len(real) * (cycles - 1)):
        kind = KINDS[n % len(KINDS)]
        agencies.append((f"agencia-sintetica-{n + 1}", f"Agencia sintética {n + 1}", "", kind))
    agency_iris = []
    for slug, label, acronyms, kind in agencies:
        a = str(ids.agency(slug))
        agency_iris.append(a)
        w.q(a, RDF_TYPE, _iri(MIG + "Agency"))
        w.q(a, RDF_TYPE, _iri(ORG + "Organization"))
        w.q(a, SKOS + "prefLabel", _lit(label, "es"))
        w.q(a, MIG + "agencyKind", _iri(str(ids.agency_kind(kind))))
        for acronym in filter(None, acronyms.split("|")):
            w.q(a, MIG + "acronym", _lit(acronym))
    programs = _registry_programs()
    programs += [(f"programa-sintetico-{n + 1}", f"Programa sintético {n + 1}") for n in
                 range(len(programs) * (cycles - 1))]  # fmt: skip
    program_iris = []
    for slug, label in programs:
        p = str(ids.program(slug))
        program_iris.append(p)
        w.q(p, RDF_TYPE, _iri(MIG + "Program"))
        w.q(p, SKOS + "prefLabel", _lit(label, "es"))
        w.q(p, MIG + "operatedBy", _iri(rng.choice(agency_iris)))
    pem, gcm = str(ids.pem()), str(ids.gcm())
    for scheme, label in ((pem, "Programa Especial de Migración 2014-2018"), (gcm, "Pacto")):
        w.q(scheme, RDF_TYPE, _iri(SKOS + "ConceptScheme"))
        w.q(scheme, RDF_TYPE, _iri(MIG + "PolicyFramework"))
        w.q(scheme, SKOS + "prefLabel", _lit(label, "es"))
    for code in pem_codes():
        c = str(ids.pem_concept(code))
        depth = code.count(".")
        cls = ("PEMObjective", "PEMStrategy", "PEMLineOfAction")[depth]
        w.q(c, RDF_TYPE, _iri(SKOS + "Concept"))
        w.q(c, RDF_TYPE, _iri(MIG + cls))
        w.q(c, SKOS + "notation", _lit(code))
        w.q(c, SKOS + "inScheme", _iri(pem))
        w.q(c, SKOS + "prefLabel", _lit(_words(rng, 12), "es"))
        if depth:
            w.q(c, SKOS + "broader", _iri(str(ids.pem_concept(code.rsplit(".", 1)[0]))))
        else:
            w.q(c, SKOS + "topConceptOf", _iri(pem))
    for n in range(1, 24):
        o = str(ids.gcm_objective(n))
        w.q(o, RDF_TYPE, _iri(SKOS + "Concept"))
        w.q(o, RDF_TYPE, _iri(MIG + "GCMObjective"))
        w.q(o, SKOS + "notation", _lit(str(n)))
        w.q(o, SKOS + "inScheme", _iri(gcm))
        w.q(o, SKOS + "topConceptOf", _iri(gcm))
        # its labels come from ontology/gcm-objectives.ttl, one per language as in the corpus
    return agency_iris, program_iris


def pem_codes() -> list[str]:
    """5 objectives, 26 strategies, 195 lines of action: the PEM's shape."""
    strategies = (5, 6, 5, 5, 5)
    codes = []
    line_counts = iter([8] * 13 + [7] * 13)
    for o, n_strategies in enumerate(strategies, 1):
        codes.append(str(o))
        for s in range(1, n_strategies + 1):
            codes.append(f"{o}.{s}")
            codes += [f"{o}.{s}.{n}" for n in range(1, next(line_counts) + 1)]
    return codes


def _document(w: _Writer, ids: Ids, doc: Doc, agencies: list, programs: list,
              rng: random.Random) -> None:  # fmt: skip
    """One source document's graph: the document, its actions, its wordings or figures."""
    w.graph = str(ids.graph(doc.key))
    d = str(ids.document(doc.key))
    w.q(d, RDF_TYPE, _iri(MIG + "SourceDocument"))
    w.q(d, DCT + "title", _lit(f"Documento sintético {doc.key}", "es"))
    w.q(d, DCT + "issued", _lit(str(doc.year), datatype=XSD + "gYear"))
    w.q(d, MIG + "periodStart", _lit(f"{doc.year}-01-01", datatype=XSD + "date"))
    w.q(d, MIG + "periodEnd", _lit(f"{doc.year}-12-31", datatype=XSD + "date"))
    w.q(d, MIG + "sha256", _lit(f"{rng.getrandbits(256):064x}"))
    lines = [c for c in pem_codes() if c.count(".") == 2]
    line = 1
    for n in range(1, doc.actions + 1):
        if doc.kind == "pem":
            target = rng.choice(lines)
            a = str(ids.action(doc.key, f"{target}-{n}"))
            w.q(a, MIG + "contributesTo", _iri(str(ids.pem_line(target))))
            w.q(a, MIG + "status", _iri(MIG + "Planned"))
        else:
            objective = rng.randint(1, 23)
            a = str(ids.action(doc.key, f"obj{objective:02d}-{n}"))
            w.q(a, MIG + "contributesTo", _iri(str(ids.gcm_objective(objective))))
            w.q(a, MIG + "status", _iri(MIG + "Reported"))
            w.q(a, SKOS + "prefLabel", _lit(_words(rng, 6), "es"))
            w.q(a, MIG + "results", _lit(_words(rng, 60), "es"))
            if rng.random() < 0.5:
                w.q(a, MIG + "challenge", _lit(_words(rng, 25), "es"))
            else:
                w.q(a, MIG + "noChallengeReported", _lit("true", datatype=XSD + "boolean"))
            w.q(a, MIG + "reportSection", _iri(MIG + "federalGovernmentPart"))
            if rng.random() < 0.4:
                program = rng.choice(programs)
                w.q(a, MIG + "aboutProgram", _iri(program))
                w.q(program, PROV + "wasDerivedFrom", _iri(d))
        w.q(a, RDF_TYPE, _iri(MIG + "Action"))
        w.q(a, MIG + "description", _lit(_words(rng, 45), "es"))
        w.q(a, MIG + "year", _year(doc.year))
        for agency in rng.sample(agencies, rng.choice((1, 1, 1, 2))):
            w.q(a, MIG + "responsibleAgency", _iri(agency))
        if rng.random() < 0.2:
            w.q(a, MIG + "collaboratingAgency", _iri(rng.choice(agencies)))
        w.q(a, PROV + "wasDerivedFrom", _iri(d))
        span = rng.randint(1, 12)
        w.q(a, MIG + "sourceLineStart", _int(line))
        w.q(a, MIG + "sourceLineEnd", _int(line + span))
        line += span + 1
    if doc.kind == "pem":
        _wordings(w, ids, doc, d, rng)
    elif doc.figures:
        _indicators(w, ids, doc, rng)


def _wordings(w: _Writer, ids: Ids, doc: Doc, d: str, rng: random.Random) -> None:
    for n, code in enumerate(pem_codes(), 1):
        label = str(ids.pem_label(code, doc.key))
        w.q(str(ids.pem_concept(code)), SKOSXL + "prefLabel", _iri(label))
        w.q(label, RDF_TYPE, _iri(SKOSXL + "Label"))
        w.q(label, SKOSXL + "literalForm", _lit(_words(rng, 12), "es"))
        w.q(label, PROV + "wasDerivedFrom", _iri(d))
        w.q(label, MIG + "sourceLineStart", _int(n))
        w.q(label, MIG + "sourceLineEnd", _int(n))


def _indicators(w: _Writer, ids: Ids, doc: Doc, rng: random.Random) -> None:
    slug = f"acciones-por-objetivo-{doc.year}"
    ds = str(ids.dataset(slug))
    w.q(ds, RDF_TYPE, _iri(QB + "DataSet"))
    w.q(ds, SKOS + "prefLabel", _lit(f"Acciones por objetivo {doc.year}", "es"))
    for objective in range(1, 24):
        for kind in KINDS:
            o = str(ids.observation(slug, f"{objective}-{kind}"))
            w.q(o, RDF_TYPE, _iri(QB + "Observation"))
            w.q(o, QB + "dataSet", _iri(ds))
            w.q(o, MIG + "gcmObjective", _iri(str(ids.gcm_objective(objective))))
            w.q(o, MIG + "agencyKind", _iri(str(ids.agency_kind(kind))))
            w.q(o, MIG + "year", _year(doc.year))
            w.q(o, MIG + "actionCount", _int(rng.randint(0, 40)))


def _ontology_lines(ids: Ids) -> Iterator[str]:
    graph = ox.NamedNode(str(ids.graph(ONTOLOGY_GRAPH_KEY)))
    for path in sorted((REPO / "ontology").glob("*.ttl")):
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            yield str(ox.Quad(t.subject, t.predicate, t.object, graph)) + " .\n"


def nquads(scale: float, seed: int = 0, base: str = DEFAULT_BASE) -> bytes:
    """The corpus at `scale` as sorted N-Quads (same scale and seed, same bytes)."""
    if scale == 1:
        return _generate(1, None, seed, base)
    # Fixed parts (ontology, schemes, wordings) grow slower than actions: pick the action
    # count that makes the whole `scale` times the 1x corpus, from the cost of one action.
    target = scale * _generate(1, None, seed, base).count(b"\n")
    fixed = _generate(scale, 0, seed, base).count(b"\n")
    sample = ACTIONS_1X * 2
    per_action = (_generate(scale, sample, seed, base).count(b"\n") - fixed) / sample
    return _generate(scale, max(0.0, (target - fixed) / per_action), seed, base)


def _generate(scale: float, actions: float | None, seed: int, base: str) -> bytes:
    rng = random.Random(seed)
    ids = Ids(base)
    w = _Writer()
    agencies, programs = _reference(w, ids, _cycles(scale), rng)
    for doc in documents(scale, actions):
        _document(w, ids, doc, agencies, programs, rng)
    lines = set(w.lines)
    lines.update(_ontology_lines(ids))
    return "".join(sorted(lines)).encode("utf-8")


def write_scale(root: Path, scale: float, seed: int = 0) -> Path:
    """Publishes the corpus at `scale` as a build under `root` (a build_dir); returns root."""
    build_id = f"synthetic-x{scale:g}-seed{seed}"
    if (root / "current").resolve().name == build_id:
        return root
    data = nquads(scale, seed)
    work = publish.start_build(root, build_id)
    (work / "graph.nq").write_bytes(data)
    publish.write_store(work, data)
    precompute.write(work, DEFAULT_BASE)
    report = {"version": "synthetic", "build_id": build_id, "scale": scale, "seed": seed,
              "quads": data.count(b"\n")}  # fmt: skip
    (work / "report.json").write_text(json.dumps(report, indent=1), "utf-8")
    publish.publish(root, work)
    return root


def write(root: Path, actions: int) -> Path:
    """A build with about `actions` actions (what `python -m bench --synthetic N` asks)."""
    return write_scale(root, actions / ACTIONS_1X)
