"""The reference graph (named graph `id/grafo/referencia`): the curated agency and program
registries and the agencies' renames and mergers, as RDF.

RDF contract:
- every agency: `mig:Agency`, `org:Organization`, `skos:prefLabel`@es, `mig:acronym` (each
  acronym as the sources write it), `skos:altLabel`@es (other spellings), `skos:hiddenLabel`@es
  (context labels such as bare state names, matched only as whole cells),
  `mig:agencyKind` -> `id/tipo-institucion/<kind>`, `org:subOrganizationOf` -> its parent,
  `mig:nameSource` (`mig:StatedInSources` with `mig:nameEvidence` "file:line", or
  `mig:PublicKnowledge` with `mig:fromPublicKnowledge true`), `skos:scopeNote`@en (curator's
  note). IRI `id/institucion/<slug>`.
- every change event (`loaders/reference/agency-changes.csv`): `org:ChangeEvent`,
  `org:originalOrganization`, `org:resultingOrganization`, `prov:atTime` (xsd:gYear or
  xsd:date), `mig:fromPublicKnowledge true` when the date is not in the sources, and on the
  agencies `org:changedBy` / `org:resultedFrom`. IRI `id/cambio-institucional/<slug>`.
- every curated program: `mig:Program`, `skos:prefLabel`@es, `skos:altLabel`@es (aliases and
  acronyms), `mig:operatedBy` -> agency. IRI `id/programa/<slug>`.
- every retired programme IRI (`loaders/reference/program-sameas.csv`): `owl:sameAs` the
  IRI kept and nothing else (the reason is in the table), so it is never a
  second `mig:Program`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Literal
from rdflib.namespace import ORG, OWL, PROV, RDF, SKOS, XSD

from loaders.emit import es, new_graph
from loaders.reference import read_rows, read_table
from loaders.reference.agencies import AgencyRegistry
from loaders.reference.programs import ProgramRegistry
from loaders.reference.retired import read_retired
from loaders.vocab import MIG, Ids

__all__ = ["AgencyChange", "agency_changes", "reference_graph"]


@dataclass(frozen=True)
class AgencyChange:
    """One row of `reference/agency-changes.csv`: a rename or merger."""

    slug: str
    original: tuple[str, ...]
    resulting: tuple[str, ...]
    date: str
    date_from_public_knowledge: bool
    note: str = ""


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def parse_agency_changes(text: str) -> list[AgencyChange]:
    rows = read_rows(text, "agency-changes.csv")
    return [
        AgencyChange(
            slug=row["slug"].strip(),
            original=_split(row["original"]),
            resulting=_split(row["resulting"]),
            date=row["date"].strip(),
            date_from_public_knowledge=row["date_source"].strip() == "public-knowledge",
            note=(row.get("note") or "").strip(),
        )
        for row in rows
    ]


@cache
def agency_changes() -> tuple[AgencyChange, ...]:
    """The change events shipped in `loaders/reference/agency-changes.csv`."""
    return tuple(parse_agency_changes(read_table("agency-changes.csv")))


def _date(value: str) -> Literal:
    datatype = XSD.gYear if len(value) == 4 else XSD.date
    return Literal(value, datatype=datatype)


def reference_graph(
    ids: Ids,
    agencies: AgencyRegistry,
    programs: ProgramRegistry,
    changes: tuple[AgencyChange, ...] | None = None,
) -> Graph:
    """The registries as RDF (see the module docstring for the contract)."""
    graph = new_graph()
    for agency in sorted(agencies.agencies.values(), key=lambda a: a.slug):
        iri = ids.agency(agency.slug)
        graph.add((iri, RDF.type, MIG.Agency))
        graph.add((iri, RDF.type, ORG.Organization))
        graph.add((iri, SKOS.prefLabel, es(agency.pref_label)))
        for acronym in agency.acronyms:
            graph.add((iri, MIG.acronym, Literal(acronym)))
        for label in agency.alt_labels:
            graph.add((iri, SKOS.altLabel, es(label)))
        for label in agency.context_labels:
            graph.add((iri, SKOS.hiddenLabel, es(label)))
        graph.add((iri, MIG.agencyKind, ids.agency_kind(agency.kind)))
        if agency.parent:
            graph.add((iri, ORG.subOrganizationOf, ids.agency(agency.parent)))
        if agency.name_from_public_knowledge:
            graph.add((iri, MIG.nameSource, MIG.PublicKnowledge))
            graph.add((iri, MIG.fromPublicKnowledge, Literal(True)))
        else:
            graph.add((iri, MIG.nameSource, MIG.StatedInSources))
            if agency.name_evidence:
                graph.add((iri, MIG.nameEvidence, Literal(agency.name_evidence)))
        if agency.note:
            graph.add((iri, SKOS.scopeNote, Literal(agency.note, lang="en")))

    for change in agency_changes() if changes is None else changes:
        event = ids.change_event(change.slug)
        graph.add((event, RDF.type, ORG.ChangeEvent))
        names = [agencies.agencies[s] for s in (*change.original, *change.resulting)]
        label = " → ".join(
            ", ".join(a.acronyms[0] if a.acronyms else a.pref_label for a in group)
            for group in (names[: len(change.original)], names[len(change.original) :])
        )
        graph.add((event, SKOS.prefLabel, es(label)))
        graph.add((event, PROV.atTime, _date(change.date)))
        if change.date_from_public_knowledge:
            graph.add((event, MIG.fromPublicKnowledge, Literal(True)))
        if change.note:
            graph.add((event, SKOS.scopeNote, Literal(change.note, lang="en")))
        for slug in change.original:
            graph.add((event, ORG.originalOrganization, ids.agency(slug)))
            graph.add((ids.agency(slug), ORG.changedBy, event))
        for slug in change.resulting:
            graph.add((event, ORG.resultingOrganization, ids.agency(slug)))
            graph.add((ids.agency(slug), ORG.resultedFrom, event))

    for program in sorted(programs.programs.values(), key=lambda p: p.slug):
        iri = ids.program(program.slug)
        graph.add((iri, RDF.type, MIG.Program))
        graph.add((iri, SKOS.prefLabel, es(program.pref_label)))
        for alias in (*program.aliases, *program.acronyms):
            graph.add((iri, SKOS.altLabel, es(alias)))
        for slug in program.agencies or ((program.agency,) if program.agency else ()):
            graph.add((iri, MIG.operatedBy, ids.agency(slug)))
        if program.note:
            graph.add((iri, SKOS.scopeNote, Literal(program.note, lang="en")))
    for item in read_retired(known=frozenset(programs.programs)):
        graph.add((ids.program(item.retired), OWL.sameAs, ids.program(item.kept)))
    return graph
