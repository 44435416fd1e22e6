"""What each document shows of each PEM line of action: planned, or reported and how surely.

The PEM's own documents: 2015 `planned` (the programme lists the line with actions) or
`not-in-document`; 2018 `planned`, `not-planned` (the block says "No se realizarán
acciones en 2018") or `contradictory` (it says so and still describes actions: both kept).

A GCM report (the scale `ontology/tracker.ttl` defines):
- `strong`: the report has an action about the same programme as one of the line's planned
  actions (programme identity, `mig:aboutProgram`; in 2024, a `mig:ProgramMention`), or an
  action the crosswalk gives as evidence of a published correspondence (`skos:relatedMatch`)
  carried out by a body that was responsible for one of the line's planned actions, or by
  its successor (`org:ChangeEvent`);
- `weak`: only the crosswalk's evidence: an action of the report that a published or
  candidate correspondence of the line cites; in 2024 (figures, no actions) a count above
  zero under an objective the line is published as matching;
- `none`: neither. Absence from a report is not proof that nothing was done.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from loaders.derive.tracker.read import Facts
from loaders.derive.tracker.scale import GCM_REPORTS

__all__ = ["Status", "line_statuses", "successors"]


@dataclass
class Status:
    """One subject in one document: its status code and what it rests on."""

    subject: str  # the line, programme or agency IRI
    kind: str  # "linea", "programa", "institucion"
    doc: str
    code: str
    evidence: set[str] = field(default_factory=set)
    correspondences: set[str] = field(default_factory=set)
    programs: set[str] = field(default_factory=set)
    agencies: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)


def successors(facts: Facts) -> dict[str, set[str]]:
    """Each body with every body it became through `org:ChangeEvent`s (transitively)."""
    direct: dict[str, set[str]] = defaultdict(set)
    for before, after in facts.changes.values():
        for b in before:
            direct[b] |= after
    out: dict[str, set[str]] = {}
    for start in direct:
        seen: set[str] = set()
        todo = list(direct[start])
        while todo:
            nxt = todo.pop()
            if nxt not in seen:
                seen.add(nxt)
                todo.extend(direct.get(nxt, ()))
        out[start] = seen
    return out


def _pem(facts: Facts, line: str) -> list[Status]:
    acts = facts.by_target.get(line, [])
    by_doc = {d: sorted(a.iri for a in acts if a.doc == d) for d in ("pem-2015", "pem-2018")}
    first = "planned" if by_doc["pem-2015"] else "not-in-document"
    said_none = "2018" in facts.not_planned.get(line, set())
    second = ("contradictory" if by_doc["pem-2018"] else "not-planned") if said_none else "planned"
    return [
        Status(line, "linea", "pem-2015", first, set(by_doc["pem-2015"])),
        Status(line, "linea", "pem-2018", second, set(by_doc["pem-2018"])),
    ]


def _report(facts: Facts, line: str, doc: str, after: dict[str, set[str]]) -> Status:
    planned = [a for a in facts.by_target.get(line, []) if a.doc.startswith("pem-")]
    programs = {p for a in planned for p in a.programs}
    bodies = {g for a in planned for g in a.responsible}
    bodies |= {s for g in set(bodies) for s in after.get(g, ())}
    mine = [c for c in facts.correspondences if c.line == line]
    status = Status(line, "linea", doc, "none")
    if doc == "pmm-2024":
        for m in facts.mentions:
            if m.doc == doc and m.program in programs:
                status.evidence.add(m.iri)
                status.programs.add(m.program)
        if status.evidence:
            status.code = "strong"
            return status
        published = {c.objective: c.iri for c in mine if c.published}
        for fig in facts.figures:
            if fig.objective in published and fig.count > 0:
                status.evidence.add(fig.iri)
                status.correspondences.add(published[fig.objective])
        status.code = "weak" if status.evidence else "none"
        return status
    acts = {a.iri: a for a in facts.by_doc.get(doc, [])}
    strong: set[str] = set()
    for a in acts.values():
        shared = a.programs & programs
        if shared:
            strong.add(a.iri)
            status.programs |= shared
    weak: set[str] = set()
    for c in mine:
        cited = c.evidence & acts.keys()
        if cited:
            status.correspondences.add(c.iri)
        for ev in sorted(cited):
            shared_bodies = acts[ev].responsible & bodies
            if c.published and shared_bodies:
                strong.add(ev)
                status.agencies |= shared_bodies
            else:
                weak.add(ev)
    status.evidence = strong | weak
    status.code = "strong" if strong else "weak" if weak else "none"
    return status


def line_statuses(facts: Facts) -> list[Status]:
    """Every line of action's status in every document, in line then time order."""
    after = successors(facts)
    out: list[Status] = []
    for line in sorted(facts.lines, key=lambda iri: _code_key(facts.lines[iri])):
        out += _pem(facts, line)
        out += [_report(facts, line, doc, after) for doc in GCM_REPORTS]
    return out


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))
