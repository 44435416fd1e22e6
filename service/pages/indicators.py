"""The 2024 report's figures for the pages: every observation with its dimensions and value.

The 2024 report states figures (RDF Data Cube observations), not actions: how many actions
it counted per GCM objective, per kind of reporting body, per challenge category, and some
percentages. `load` reads them all (127 on the corpus) in one query; the helpers shape them
into the tables and charts of `/explorar/indicadores`, `/explorar/pmm` and `/graficas`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from service.engine.backend import Engine

QUERY = """
PREFIX mig: <https://w3id.org/migracion-mx/def#>
PREFIX qb: <http://purl.org/linked-data/cube#>
SELECT ?o ?d ?objective ?kind ?category ?population ?measure ?v ?line WHERE {
  ?o qb:dataSet ?d ; ?measure ?v .
  VALUES ?measure { mig:actionCount mig:percentage mig:agencyCount }
  OPTIONAL { ?o mig:gcmObjective ?objective }
  OPTIONAL { ?o mig:agencyKind ?kind }
  OPTIONAL { ?o mig:challengeCategory ?category }
  OPTIONAL { ?o mig:targetPopulation ?population }
  OPTIONAL { ?o mig:sourceLineStart ?line }
}"""

PER_OBJECTIVE = "pmm-2024-acciones-por-objetivo"  # apartado III: actions per objective
PER_OBJECTIVE_KIND = "pmm-2024-acciones-por-objetivo-y-tipo"  # apartado III: and kind
PER_KIND = "pmm-2024-acciones-por-tipo"  # apartado IV: actions per kind of body
MEASURES = {"actionCount": "acciones", "percentage": "%", "agencyCount": "instituciones"}


@dataclass
class Figure:
    """One observation: its IRI, dataset, dimensions (IRIs or ''), measure and value."""

    iri: str
    dataset: str
    objective: str = ""
    kind: str = ""
    category: str = ""
    population: str = ""
    measure: str = ""
    value: str = ""
    line: int = 0


@dataclass
class Figures:
    by_dataset: dict[str, list[Figure]] = field(default_factory=dict)

    def dataset(self, key: str) -> list[Figure]:
        """The figures of the dataset whose IRI ends in `/indicador/<key>`."""
        for iri, figures in self.by_dataset.items():
            if iri.endswith("/indicador/" + key):
                return figures
        return []

    def per_objective(self) -> dict[str, Figure]:
        """Objective IRI -> its figure (apartado III)."""
        return {f.objective: f for f in self.dataset(PER_OBJECTIVE) if f.objective}

    def per_objective_kind(self) -> tuple[list[str], dict[tuple[str, str], Figure]]:
        """(kinds in first-met order, (objective, kind) -> figure) (apartado III)."""
        cells: dict[tuple[str, str], Figure] = {}
        kinds: dict[str, None] = {}
        for f in self.dataset(PER_OBJECTIVE_KIND):
            if f.objective and f.kind:
                kinds.setdefault(f.kind)
                cells[(f.objective, f.kind)] = f
        return list(kinds), cells


def assemble(rows: list[dict[str, dict[str, str]]]) -> Figures:
    out: dict[str, list[Figure]] = defaultdict(list)
    names = ("o", "d", "objective", "kind", "category", "population", "measure", "v", "line")
    for row in rows:
        o, d, objective, kind, category, population, measure, value, line = (
            row.get(n, {}).get("value", "") for n in names
        )
        figure = Figure(o, d, objective, kind, category, population,
                        measure.rsplit("#", 1)[-1], value, int(line or 0))  # fmt: skip
        out[d].append(figure)
    for figures in out.values():
        figures.sort(key=lambda f: (f.line, f.iri))
    return Figures(dict(sorted(out.items())))


async def load(engine: Engine) -> Figures:
    return assemble(await engine.select(QUERY))
