"""The commitment tracker as the service holds it: read once at start-up through the engine.

Why in process: the page, the API and the CSV export filter and group the same few thousand
statuses over and over; a build never changes while it is served. Five SELECTs read the
graph `id/grafo/seguimiento` (see `loaders.derive.tracker`) with the facts each row is
filtered on: the PEM objective, the GCM objectives, agencies and programmes involved.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from loaders.derive.tracker.scale import CHANGES, DOCUMENTS, STATUSES
from loaders.vocab import PREFIXES
from service.engine.backend import Engine

__all__ = ["Change", "Evidence", "Status", "Tally", "TrackerData", "load"]

MIG = PREFIXES["mig"]
_CODES = {MIG + local: code for table in (STATUSES, CHANGES) for code, local in table.items()}
DOC_KEYS = tuple(d.key for d in DOCUMENTS)

_P = """PREFIX mig: <https://w3id.org/migracion-mx/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
Q_STATUSES = (
    _P
    + """SELECT ?s ?subject ?doc ?value WHERE {
  ?s a mig:TrackerStatus ; mig:trackedSubject ?subject ; mig:inDocument ?doc ;
     mig:trackerStatus ?value }"""
)
Q_LINKS = (
    _P
    + """SELECT ?s ?p ?o WHERE {
  VALUES ?p { mig:statusEvidence mig:viaAgency mig:viaProgram mig:viaCorrespondence
              mig:changeEvidence mig:agencyBefore mig:agencyAfter mig:tallyEvidence
              mig:hasDiscrepancy }
  ?s ?p ?o }"""
)
Q_EVIDENCE = (
    _P
    + """SELECT ?e ?doc ?start ?end ?target ?agency ?program WHERE {
  { ?x mig:statusEvidence ?e } UNION { ?x mig:changeEvidence ?e } UNION { ?x mig:tallyEvidence ?e }
  ?e prov:wasDerivedFrom ?doc .
  OPTIONAL { ?e mig:sourceLineStart ?start ; mig:sourceLineEnd ?end }
  OPTIONAL { { ?e mig:contributesTo ?target } UNION { ?e mig:mentionedUnder ?target }
             UNION { ?e mig:gcmObjective ?target } }
  OPTIONAL { ?e mig:responsibleAgency ?agency }
  OPTIONAL { { ?e mig:aboutProgram ?program } UNION { ?e mig:mentionOf ?program } }
}"""
)
Q_CHANGES = (
    _P
    + """SELECT ?c ?subject ?before ?after ?type ?nameBefore ?nameAfter WHERE {
  ?c a mig:ChangeRecord ; mig:trackedSubject ?subject ; mig:fromDocument ?before ;
     mig:toDocument ?after ; mig:changeType ?type .
  OPTIONAL { ?c mig:nameBefore ?nameBefore } OPTIONAL { ?c mig:nameAfter ?nameAfter } }"""
)
Q_TALLIES = (
    _P
    + """SELECT ?t ?objective ?year ?kind ?n ?doc WHERE {
  ?t a mig:ObjectiveTally ; mig:tallyObjective ?objective ; mig:year ?year ;
     mig:agencyKind ?kind ; mig:tallyCount ?n ; mig:inDocument ?doc }"""
)
Q_LINES = (
    _P
    + """SELECT ?line ?objective ?a ?agency ?program WHERE {
  ?line a mig:PEMLineOfAction ; skos:broader/skos:broader ?objective .
  OPTIONAL { ?a mig:contributesTo ?line .
             OPTIONAL { ?a mig:responsibleAgency ?agency }
             OPTIONAL { ?a mig:aboutProgram ?program } } }"""
)
Q_KINDS = (
    _P
    + """SELECT ?k ?label WHERE {
  ?k a mig:AgencyKind ; skos:prefLabel ?label FILTER(LANG(?label) = "es") }"""
)


@dataclass
class Evidence:
    iri: str
    doc: str
    start: int | None = None
    end: int | None = None
    targets: set[str] = field(default_factory=set)
    agencies: set[str] = field(default_factory=set)
    programs: set[str] = field(default_factory=set)


@dataclass
class Status:
    iri: str
    kind: str  # linea | programa | institucion
    subject: str
    doc: str
    code: str
    evidence: list[str] = field(default_factory=list)
    via: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    facets: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


@dataclass
class Change:
    iri: str
    kind: str
    subject: str
    before: str
    after: str
    code: str
    name_before: str | None
    name_after: str | None
    evidence: list[str] = field(default_factory=list)
    agencies_before: list[str] = field(default_factory=list)
    agencies_after: list[str] = field(default_factory=list)
    facets: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


@dataclass
class Tally:
    iri: str
    objective: str
    year: str
    kind: str
    count: int
    doc: str
    evidence: list[str] = field(default_factory=list)
    discrepancies: list[str] = field(default_factory=list)


@dataclass
class TrackerData:
    statuses: list[Status]
    changes: list[Change]
    tallies: list[Tally]
    evidence: dict[str, Evidence]
    line_objective: dict[str, str]
    kind_labels: dict[str, str] = field(default_factory=dict)  # agency kind -> Spanish label
    # subject -> document key -> status
    by_subject: dict[str, dict[str, Status]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for s in self.statuses:
            self.by_subject.setdefault(s.subject, {})[s.doc] = s

    def subjects(self, kind: str) -> list[str]:
        return [k for k, v in self.by_subject.items() if next(iter(v.values())).kind == kind]

    def without_follow_up(self, line: str) -> bool:
        """True when no GCM report shows any evidence of follow-up for the line."""
        row = self.by_subject.get(line, {})
        return all(row[d].code == "none" for d in ("pmm-2018", "pmm-2022", "pmm-2024") if d in row)


def _key(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _kind(status_iri: str) -> str:
    return status_iri.split("/seguimiento/", 1)[1].split("/", 1)[0]


async def load(engine: Engine) -> TrackerData:
    """Everything the tracker's page and API answer from, read through `engine`."""
    evidence: dict[str, Evidence] = {}
    for row in await engine.select(Q_EVIDENCE):
        iri = row["e"]["value"]
        ev = evidence.setdefault(iri, Evidence(iri, _key(row["doc"]["value"])))
        if "start" in row:
            ev.start, ev.end = int(row["start"]["value"]), int(row["end"]["value"])
        if "target" in row:
            ev.targets.add(row["target"]["value"])
        if "agency" in row:
            ev.agencies.add(row["agency"]["value"])
        if "program" in row:
            ev.programs.add(row["program"]["value"])
    line_objective: dict[str, str] = {}
    line_facets: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in await engine.select(Q_LINES):
        line = row["line"]["value"]
        line_objective[line] = row["objective"]["value"]
        line_facets[line]["pem"].add(row["objective"]["value"])
        line_facets[line]["pem"].add(line)
        if "agency" in row:
            line_facets[line]["agency"].add(row["agency"]["value"])
        if "program" in row:
            line_facets[line]["program"].add(row["program"]["value"])
    links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in await engine.select(Q_LINKS):
        links[row["s"]["value"]][row["p"]["value"][len(MIG) :]].append(row["o"]["value"])
    rows = await engine.select(Q_STATUSES)
    statuses = [_status(row, links, evidence, line_facets) for row in rows]
    order = {d: i for i, d in enumerate(DOC_KEYS)}
    statuses.sort(key=lambda s: (s.kind, s.subject, order[s.doc]))
    changes = [_change(row, links, evidence) for row in await engine.select(Q_CHANGES)]
    changes.sort(key=lambda c: (c.kind, c.subject, order[c.before], c.code))
    tallies = [
        Tally(
            row["t"]["value"],
            row["objective"]["value"],
            row["year"]["value"],
            row["kind"]["value"],
            int(row["n"]["value"]),
            _key(row["doc"]["value"]),
            sorted(links[row["t"]["value"]]["tallyEvidence"]),
            sorted(links[row["t"]["value"]]["hasDiscrepancy"]),
        )
        for row in await engine.select(Q_TALLIES)
    ]
    tallies.sort(key=lambda t: (t.objective, t.year, t.kind))
    kinds = {r["k"]["value"]: r["label"]["value"] for r in await engine.select(Q_KINDS)}
    return TrackerData(statuses, changes, tallies, evidence, line_objective, kinds)


def _status(
    row: dict[str, dict[str, str]],
    links: dict[str, dict[str, list[str]]],
    evidence: dict[str, Evidence],
    line_facets: dict[str, dict[str, set[str]]],
) -> Status:
    iri = row["s"]["value"]
    subject = row["subject"]["value"]
    s = Status(iri, _kind(iri), subject, _key(row["doc"]["value"]), _CODES[row["value"]["value"]])
    mine = links.get(iri, {})
    s.evidence = sorted(mine.get("statusEvidence", []))
    for prop in ("viaAgency", "viaProgram", "viaCorrespondence"):
        s.via[prop] = sorted(mine.get(prop, []))
    facets = s.facets
    facets["document"].add(s.doc)
    if s.kind == "linea":
        for name, values in line_facets.get(subject, {}).items():
            facets[name] |= values
    facets[{"linea": "pem", "programa": "program", "institucion": "agency"}[s.kind]].add(subject)
    facets["agency"] |= set(s.via["viaAgency"])
    facets["program"] |= set(s.via["viaProgram"])
    for e in s.evidence:
        ev = evidence.get(e)
        if ev is not None:
            facets["gcm"] |= {t for t in ev.targets if "/gcm/objetivo/" in t}
            facets["agency"] |= ev.agencies
            facets["program"] |= ev.programs
    return s


def _change(
    row: dict[str, dict[str, str]],
    links: dict[str, dict[str, list[str]]],
    evidence: dict[str, Evidence],
) -> Change:
    iri = row["c"]["value"]
    mine = links.get(iri, {})
    c = Change(
        iri, iri.split("/cambio/", 1)[1].split("/", 1)[0], row["subject"]["value"],
        _key(row["before"]["value"]), _key(row["after"]["value"]), _CODES[row["type"]["value"]],
        row["nameBefore"]["value"] if "nameBefore" in row else None,
        row["nameAfter"]["value"] if "nameAfter" in row else None,
        sorted(mine.get("changeEvidence", [])),
        sorted(mine.get("agencyBefore", [])), sorted(mine.get("agencyAfter", [])),
    )  # fmt: skip
    c.facets["document"] |= {c.before, c.after}
    c.facets["program" if c.kind == "programa" else "agency"].add(c.subject)
    c.facets["agency"] |= set(c.agencies_before) | set(c.agencies_after)
    for e in c.evidence:
        ev = evidence.get(e)
        if ev is not None:
            c.facets["gcm"] |= {t for t in ev.targets if "/gcm/objetivo/" in t}
    return c
