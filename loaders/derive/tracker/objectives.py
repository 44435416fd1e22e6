"""Actions per GCM objective, year and kind of body across the three reports.

2018 and 2022: the report's actions filed under the objective, counted once per top kind
(the `id/tipo-institucion` concept with no broader one) of their responsible bodies; an
action with no responsible body counts under no kind. 2024: the report's own figures
(`pmm-2024-acciones-por-objetivo-y-tipo`), which already use the top kinds. A tally whose
figure or actions carry a `mig:hasDiscrepancy` keeps the link: the document disagrees with
itself there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.derive.tracker.read import Facts
from loaders.derive.tracker.scale import year_of

__all__ = ["Tally", "tallies"]


@dataclass
class Tally:
    objective: str
    year: str
    kind: str
    count: int
    doc: str
    evidence: set[str] = field(default_factory=set)
    discrepancies: set[str] = field(default_factory=set)


def tallies(facts: Facts) -> list[Tally]:
    found: dict[tuple[str, str, str], Tally] = {}
    for act in sorted(facts.acts.values(), key=lambda a: a.iri):
        if act.doc not in ("pmm-2018", "pmm-2022"):
            continue
        kinds = {facts.agency_top_kind[g] for g in act.responsible if g in facts.agency_top_kind}
        year = year_of(act.doc)
        for objective in sorted(act.targets & facts.objectives.keys()):
            for kind in sorted(kinds):
                t = found.setdefault(
                    (objective, year, kind), Tally(objective, year, kind, 0, act.doc)
                )
                t.count += 1
                t.evidence.add(act.iri)
                t.discrepancies |= act.discrepancies
    for fig in facts.figures:
        t = Tally(fig.objective, "2024", fig.kind, fig.count, "pmm-2024", {fig.iri})
        t.discrepancies = set(fig.discrepancies)
        found[(fig.objective, "2024", fig.kind)] = t
    return [found[k] for k in sorted(found)]
