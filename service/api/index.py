"""An in-process index of every API member: summaries, facets and folded search text.

Why in process: the API's collections filter, search and page the same few thousand
resources over and over, and `CONTAINS`/`REGEX` scans are slow on every engine. The
index is read once at start-up with three SELECTs through the engine (a build never
changes while it is served) and then answers collection requests in microseconds.

Filter semantics (documented in the OpenAPI description too): every member has *facets*:
- its own: `year` (mig:year), `agency` (responsible, collaborating or participating),
  `document` (prov:wasDerivedFrom a source document), `pem` (the PEM concepts it
  contributes to and their ancestors via skos:broader; a PEM concept itself and its
  ancestors), `gcm` (GCM objectives it contributes to, mig:gcmObjective, or itself),
  `agency_kind` (mig:agencyKind, and the kinds of its agencies), `program`
  (mig:aboutProgram, or itself), `dataset` (qb:dataSet, or itself), `status`;
- a member that is not an action or an observation also has the facets of every action
  that names it (as agency, program, PEM concept, GCM objective or document), and a
  dataset those of its observations.
A filter keeps the members whose facet holds the value; filters combine with AND.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from loaders.vocab import PREFIXES, Ids
from service.api.kinds import BY_CLASS, KINDS, MIG, QB, Kind
from service.api.text import fold, matches, words
from service.engine.backend import Engine
from service.engine.pool import QueryPool, check
from service.engine.process import Request as EngineRequest

RDF = PREFIXES["rdf"]
SKOS = PREFIXES["skos"]
RDFS = PREFIXES["rdfs"]
DCTERMS = PREFIXES["dcterms"]
PROV = PREFIXES["prov"]
ORG = PREFIXES["org"]
XSD = PREFIXES["xsd"]

Term = dict[str, str]  # a SPARQL JSON term

# Literal properties a member summary shows and search reads.
SUMMARY = (
    SKOS + "prefLabel",
    RDFS + "label",
    SKOS + "notation",
    MIG + "acronym",
    DCTERMS + "title",
    MIG + "year",
)
SEARCHED = (*SUMMARY, SKOS + "altLabel", MIG + "description", MIG + "results", MIG + "challenge")
AGENCY_ROLES = (MIG + "responsibleAgency", MIG + "collaboratingAgency", MIG + "participatingAgency")
EDGES = (
    *AGENCY_ROLES,
    MIG + "contributesTo",
    MIG + "aboutProgram",
    MIG + "agencyKind",
    MIG + "gcmObjective",
    MIG + "status",
    PROV + "wasDerivedFrom",
    SKOS + "broader",
    QB + "dataSet",
    ORG + "subOrganizationOf",
    ORG + "originalOrganization",
    ORG + "resultingOrganization",
)
# Facets through which an action names another member.
LINKING = ("agency", "program", "pem", "gcm", "document")


def _values(iris: tuple[str, ...]) -> str:
    return " ".join(f"<{i}>" for i in iris)


Q_MEMBERS = f"SELECT ?s ?t WHERE {{ VALUES ?t {{ {_values(tuple(BY_CLASS))} }} ?s a ?t }}"
Q_LITERALS = f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {_values(SEARCHED)} }} ?s ?p ?o }}"
Q_EDGES = f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {_values(EDGES)} }} ?s ?p ?o FILTER(isIRI(?o)) }}"
Q_TIMES = f"SELECT ?s ?o WHERE {{ ?s <{PROV}atTime> ?o }}"

_DIGITS = re.compile(r"(\d+)")


def natural_key(iri: str) -> tuple[Any, ...]:
    """Sort key: digit runs compare as numbers (`1.1.9` before `1.1.10`)."""
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(iri))


@dataclass
class Member:
    iri: str
    kinds: set[str] = field(default_factory=set)
    types: list[str] = field(default_factory=list)
    literals: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))
    facets: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    text: str = ""


@dataclass
class MemberIndex:
    """Every member by IRI, the ordered members of each kind, and the raw edges."""

    ids: Ids
    members: dict[str, Member]
    by_kind: dict[str, list[str]]
    edges: dict[str, dict[str, list[str]]]
    times: dict[str, str]

    def member_iri(self, kind: Kind, item_id: str) -> str | None:
        """The IRI of the member of `kind` with local id `item_id`; None if there is none."""
        iri = self.ids.base + kind.prefix + item_id
        member = self.members.get(iri)
        return iri if member is not None and kind.name in member.kinds else None

    def filter(self, kind: str, facets: dict[str, str | None], q: str | None = None) -> list[str]:
        """The IRIs of `kind` that pass every given facet filter and the search, in order."""
        wanted = {k: v for k, v in facets.items() if v is not None}
        query_words = words(q) if q else []
        out = []
        for iri in self.by_kind.get(kind, []):
            m = self.members[iri]
            if all(v in m.facets.get(k, ()) for k, v in wanted.items()) and (
                not query_words or matches(m.text, query_words)
            ):
                out.append(iri)
        return out

    def search(self, q: str, limit: int = 200) -> list[Member]:
        """Members of any kind whose text matches `q` (kind order, then natural order)."""
        query_words = words(q)
        if not query_words:
            return []
        found: list[Member] = []
        for kind in KINDS:
            for iri in self.by_kind.get(kind.name, []):
                m = self.members[iri]
                if matches(m.text, query_words):
                    found.append(m)
                    if len(found) >= limit:
                        return found
        return found

    def label(self, iri: str, lang: str = "es") -> str:
        """The best display label: prefLabel/label/title in `lang`, untagged, any; else ''."""
        m = self.members.get(iri)
        if m is None:
            return ""
        for p in (SKOS + "prefLabel", RDFS + "label", DCTERMS + "title"):
            terms = m.literals.get(p, [])
            for pick in (lang, None, "*"):
                for t in terms:
                    tag = t.get("xml:lang")
                    if pick == "*" or tag == pick:
                        return t["value"]
        return ""

    def first(self, iri: str, prop: str) -> str:
        m = self.members.get(iri)
        terms = m.literals.get(prop, []) if m else []
        return terms[0]["value"] if terms else ""


async def _select(engine: Engine, query: str) -> list[dict[str, Term]]:
    request = EngineRequest(query, results_format="JSON", graph_format=None, max_bytes=2**31)
    if isinstance(engine, QueryPool):  # the embedded store: read in this process, uncapped
        reply = check(await engine.run_own(request))
    else:
        reply = await engine.query(request, timeout=600)
    rows: list[dict[str, Term]] = json.loads(reply.body)["results"]["bindings"]
    return rows


async def load(engine: Engine, base: str) -> MemberIndex:
    """Reads the index from the store (three scans and a small one)."""
    member_rows = await _select(engine, Q_MEMBERS)
    literal_rows = await _select(engine, Q_LITERALS)
    edge_rows = await _select(engine, Q_EDGES)
    time_rows = await _select(engine, Q_TIMES)
    return assemble(base, member_rows, literal_rows, edge_rows, time_rows)


def assemble(
    base: str,
    member_rows: list[dict[str, Term]],
    literal_rows: list[dict[str, Term]],
    edge_rows: list[dict[str, Term]],
    time_rows: list[dict[str, Term]],
) -> MemberIndex:
    """Builds the index from the rows of the four queries (pure, for testing)."""
    members: dict[str, Member] = {}
    for row in member_rows:
        s, t = row["s"], row["t"]["value"]
        if s["type"] != "uri":
            continue
        m = members.setdefault(s["value"], Member(s["value"]))
        m.kinds.add(BY_CLASS[t].name)
        m.types.append(t)
    edges: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in edge_rows:
        edges[row["s"]["value"]][row["p"]["value"]].append(row["o"]["value"])
    texts: dict[str, list[str]] = defaultdict(list)
    for row in literal_rows:
        subject = row["s"]["value"]
        if subject in members:
            members[subject].literals[row["p"]["value"]].append(row["o"])
            texts[subject].append(row["o"]["value"])
    for iri, m in members.items():
        m.types.sort()
        for terms in m.literals.values():
            terms.sort(key=lambda t: (t.get("xml:lang", ""), t["value"]))
        m.text = fold(" ".join(texts.get(iri, [])))
    _own_facets(members, edges)
    _derived_facets(members)
    by_kind = {
        k.name: sorted((i for i, m in members.items() if k.name in m.kinds), key=natural_key)
        for k in KINDS
    }
    times = {r["s"]["value"]: r["o"]["value"] for r in time_rows}
    return MemberIndex(Ids(base), members, by_kind, edges, times)


def _ancestors(iri: str, edges: dict[str, dict[str, list[str]]]) -> set[str]:
    seen: set[str] = set()
    todo = [iri]
    while todo:
        x = todo.pop()
        if x in seen:
            continue
        seen.add(x)
        todo.extend(edges.get(x, {}).get(SKOS + "broader", []))
    return seen


def _own_facets(members: dict[str, Member], edges: dict[str, dict[str, list[str]]]) -> None:
    def is_kind(iri: str, *kinds: str) -> bool:
        m = members.get(iri)
        return m is not None and bool(m.kinds.intersection(kinds))

    pem_kinds = ("pem-objectives", "pem-strategies", "pem-lines")
    for iri, m in members.items():
        out = edges.get(iri, {})
        f = m.facets
        for t in m.literals.get(MIG + "year", []):
            f["year"].add(t["value"])
        for p in AGENCY_ROLES:
            f["agency"].update(out.get(p, []))
        f["document"].update(
            d for d in out.get(PROV + "wasDerivedFrom", []) if is_kind(d, "documents")
        )
        for target in out.get(MIG + "contributesTo", []):
            if is_kind(target, *pem_kinds):
                f["pem"].update(a for a in _ancestors(target, edges) if is_kind(a, *pem_kinds))
            if is_kind(target, "gcm-objectives"):
                f["gcm"].add(target)
        f["gcm"].update(out.get(MIG + "gcmObjective", []))
        f["agency_kind"].update(out.get(MIG + "agencyKind", []))
        for agency in f["agency"]:
            f["agency_kind"].update(edges.get(agency, {}).get(MIG + "agencyKind", []))
        f["program"].update(out.get(MIG + "aboutProgram", []))
        f["dataset"].update(out.get(QB + "dataSet", []))
        f["status"].update(out.get(MIG + "status", []))
        if m.kinds.intersection(pem_kinds):
            f["pem"].update(a for a in _ancestors(iri, edges) if is_kind(a, *pem_kinds))
        for kind, facet in (
            ("gcm-objectives", "gcm"),
            ("programs", "program"),
            ("datasets", "dataset"),
            ("documents", "document"),
            ("agencies", "agency"),
        ):
            if kind in m.kinds:
                f[facet].add(iri)


def _derived_facets(members: dict[str, Member]) -> None:
    """Adds to each linked member the own facets of the actions (observations) naming it."""
    additions: dict[str, list[dict[str, set[str]]]] = defaultdict(list)
    for m in members.values():
        if "actions" in m.kinds:
            for facet in LINKING:
                for target in m.facets.get(facet, ()):
                    additions[target].append(m.facets)
        if "observations" in m.kinds:
            for target in m.facets.get("dataset", ()):
                additions[target].append(m.facets)
    for target, sources in additions.items():
        linked = members.get(target)
        if linked is None or linked.kinds & {"actions", "observations"}:
            continue
        for facets in sources:
            for k, values in facets.items():
                linked.facets[k].update(values)
