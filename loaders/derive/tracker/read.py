"""What the tracker reads from the assembled graphs: one pass of SELECTs into plain records.

Only published names are read: the PEM scheme and its actions, the reports' actions and
programme mentions, the crosswalk's `mig:Correspondence` nodes (never its modules: another
step owns how they are scored), the reference data (programmes, agencies, their kinds and
`org:ChangeEvent`s) and the 2024 report's figures per objective and kind of body.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from loaders.dataset import select

__all__ = ["Act", "Correspondence", "Facts", "Figure", "Mention", "read_facts"]

_P = """
PREFIX mig: <https://w3id.org/migracion-mx/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX skosxl: <http://www.w3.org/2008/05/skos-xl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX qb: <http://purl.org/linked-data/cube#>
"""
_LINES = (
    _P
    + """
SELECT ?l ?code ?objective ?label ?xl ?none WHERE {
  ?l a mig:PEMLineOfAction ; skos:notation ?code ; skos:broader/skos:broader ?objective .
  OPTIONAL { ?l skos:prefLabel ?label FILTER(LANG(?label) = "es") }
  OPTIONAL { ?l skosxl:prefLabel ?xl }
  OPTIONAL { ?l mig:noActionPlannedIn ?none }
}"""
)
_ACTIONS = (
    _P
    + """
SELECT ?a ?doc ?target ?start ?end ?role ?x WHERE {
  ?a a mig:Action ; prov:wasDerivedFrom ?doc ; mig:contributesTo ?target ;
     mig:sourceLineStart ?start ; mig:sourceLineEnd ?end .
  OPTIONAL {
    VALUES ?role { mig:responsibleAgency mig:collaboratingAgency mig:aboutProgram }
    ?a ?role ?x
  }
}"""
)
_TEXTS = (
    _P
    + """
SELECT ?a ?text WHERE {
  ?a a mig:Action .
  { ?a skos:prefLabel ?text } UNION { ?a mig:description ?text } UNION { ?a mig:results ?text }
}"""
)
_CORRESPONDENCES = (
    _P
    + """
SELECT ?c ?l ?o ?published ?ev WHERE {
  ?c a mig:Correspondence ; mig:pemLineOfAction ?l ; mig:gcmObjectiveMatched ?o ;
     mig:published ?published .
  OPTIONAL { ?c mig:evidenceAction ?ev }
}"""
)
_MENTIONS = (
    _P
    + """
SELECT ?m ?doc ?program ?under ?in ?wording WHERE {
  ?m a mig:ProgramMention ; prov:wasDerivedFrom ?doc ; mig:mentionOf ?program .
  OPTIONAL { ?m mig:mentionedUnder ?under }
  OPTIONAL { ?m mig:mentionedIn ?in }
  OPTIONAL { ?m mig:wording ?wording }
}"""
)
_PROGRAMS = (
    _P
    + """
SELECT ?p ?label ?operator WHERE {
  ?p a mig:Program .
  FILTER NOT EXISTS { ?p <http://www.w3.org/2002/07/owl#sameAs> ?kept }
  OPTIONAL { { ?p skos:prefLabel ?label } UNION { ?p skos:altLabel ?label } }
  OPTIONAL { ?p mig:operatedBy ?operator }
}"""
)
_AGENCIES = (
    _P
    + """
SELECT ?g ?kind ?top WHERE {
  ?g a mig:Agency .
  OPTIONAL { ?g mig:agencyKind ?kind . ?kind skos:broader* ?top .
             FILTER NOT EXISTS { ?top skos:broader ?higher } }
}"""
)
_CHANGES = (
    _P
    + """
SELECT ?e ?from ?to WHERE {
  ?e a org:ChangeEvent ; org:originalOrganization ?from ; org:resultingOrganization ?to .
}"""
)
_FIGURES = (
    _P
    + """
SELECT ?obs ?objective ?kind ?n ?disc WHERE {
  ?obs qb:dataSet ?ds ; mig:gcmObjective ?objective ; mig:agencyKind ?kind ;
       mig:actionCount ?n .
  FILTER(STRENDS(STR(?ds), "/indicador/pmm-2024-acciones-por-objetivo-y-tipo"))
  OPTIONAL { ?obs mig:hasDiscrepancy ?disc }
}"""
)
_PARTICIPANTS = (
    _P
    + """
SELECT ?obs ?doc ?g WHERE { ?obs mig:participatingAgency ?g ; prov:wasDerivedFrom ?doc }"""
)
_DISCREPANT_ACTIONS = _P + "SELECT ?a ?d WHERE { ?a a mig:Action ; mig:hasDiscrepancy ?d }"
_OBJECTIVES = _P + "SELECT ?o ?n WHERE { ?o a mig:GCMObjective ; skos:notation ?n }"

_ROLE = {
    "https://w3id.org/migracion-mx/def#responsibleAgency": "responsible",
    "https://w3id.org/migracion-mx/def#collaboratingAgency": "collaborators",
    "https://w3id.org/migracion-mx/def#aboutProgram": "programs",
}


@dataclass
class Act:
    """One action of a document with what it contributes to and who and what it is about."""

    iri: str
    doc: str
    start: int
    end: int
    targets: set[str] = field(default_factory=set)
    responsible: set[str] = field(default_factory=set)
    collaborators: set[str] = field(default_factory=set)
    programs: set[str] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)
    discrepancies: set[str] = field(default_factory=set)


@dataclass
class Correspondence:
    iri: str
    line: str
    objective: str
    published: bool
    evidence: set[str] = field(default_factory=set)


@dataclass
class Mention:
    iri: str
    doc: str
    program: str
    under: str | None
    action: str | None
    wording: str


@dataclass
class Figure:
    """One 2024 figure: actions under an objective by one kind of body."""

    iri: str
    objective: str
    kind: str
    count: int
    discrepancies: set[str] = field(default_factory=set)


@dataclass
class Facts:
    lines: dict[str, str] = field(default_factory=dict)  # line IRI -> code
    line_label: dict[str, str] = field(default_factory=dict)
    line_objective: dict[str, str] = field(default_factory=dict)  # -> PEM objective IRI
    line_shown: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    not_planned: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    acts: dict[str, Act] = field(default_factory=dict)
    correspondences: list[Correspondence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    program_names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    operators: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    agency_top_kind: dict[str, str] = field(default_factory=dict)
    changes: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    objectives: dict[str, int] = field(default_factory=dict)
    # agencies a document names on its figures (the 2024 report): doc -> agency -> figures
    participants: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    # indices over `acts`, filled by `read_facts`: what a line or objective has filed under
    # it, what a document holds, what a document says about a programme
    by_target: dict[str, list[Act]] = field(default_factory=lambda: defaultdict(list))
    by_doc: dict[str, list[Act]] = field(default_factory=lambda: defaultdict(list))
    by_program: dict[tuple[str, str], list[Act]] = field(default_factory=lambda: defaultdict(list))


def _int(term: ox.Literal) -> int:
    return int(term.value)


def read_facts(store: ox.Store) -> Facts:
    """Everything the tracker derives from, read from the merged `store`."""
    facts = Facts()
    options = {"use_default_graph_as_union": True}
    for row in select(store, _LINES, **options):
        line = row["l"].value
        facts.lines[line] = row["code"].value
        facts.line_objective[line] = row["objective"].value
        if row["label"] is not None:
            facts.line_label[line] = row["label"].value
        if row["xl"] is not None:
            facts.line_shown[line].add(row["xl"].value.rsplit("/", 1)[-1])
        if row["none"] is not None:
            facts.not_planned[line].add(row["none"].value)
    for row in select(store, _ACTIONS, **options):
        iri = row["a"].value
        act = facts.acts.get(iri)
        if act is None:
            doc = row["doc"].value.rsplit("/", 1)[-1]
            act = Act(iri, doc, _int(row["start"]), _int(row["end"]))
            facts.acts[iri] = act
        act.targets.add(row["target"].value)
        if row["role"] is not None:
            getattr(act, _ROLE[row["role"].value]).add(row["x"].value)
    for row in select(store, _TEXTS, **options):
        facts.acts[row["a"].value].texts.append(row["text"].value)
    for iri in sorted(facts.acts):
        act = facts.acts[iri]
        act.texts.sort()
        facts.by_doc[act.doc].append(act)
        for target in act.targets:
            facts.by_target[target].append(act)
        for program in act.programs:
            facts.by_program[(program, act.doc)].append(act)
    for row in select(store, _DISCREPANT_ACTIONS, **options):
        facts.acts[row["a"].value].discrepancies.add(row["d"].value)
    found: dict[str, Correspondence] = {}
    for row in select(store, _CORRESPONDENCES, **options):
        iri = row["c"].value
        c = found.setdefault(
            iri,
            Correspondence(iri, row["l"].value, row["o"].value, row["published"].value == "true"),
        )
        if row["ev"] is not None:
            c.evidence.add(row["ev"].value)
    facts.correspondences = [found[k] for k in sorted(found)]
    for row in select(store, _MENTIONS, **options):
        facts.mentions.append(
            Mention(
                row["m"].value,
                row["doc"].value.rsplit("/", 1)[-1],
                row["program"].value,
                row["under"].value if row["under"] is not None else None,
                row["in"].value if row["in"] is not None else None,
                row["wording"].value if row["wording"] is not None else "",
            )
        )
    facts.mentions.sort(key=lambda m: m.iri)
    for row in select(store, _PROGRAMS, **options):
        program = row["p"].value
        facts.program_names[program]  # a programme with no label is still one
        if row["label"] is not None:
            facts.program_names[program].add(row["label"].value)
        if row["operator"] is not None:
            facts.operators[program].add(row["operator"].value)
    for row in select(store, _AGENCIES, **options):
        if row["top"] is not None:
            facts.agency_top_kind[row["g"].value] = row["top"].value
    for row in select(store, _CHANGES, **options):
        before, after = facts.changes.setdefault(row["e"].value, (set(), set()))
        before.add(row["from"].value)
        after.add(row["to"].value)
    figures: dict[str, Figure] = {}
    for row in select(store, _FIGURES, **options):
        iri = row["obs"].value
        fig = figures.setdefault(
            iri, Figure(iri, row["objective"].value, row["kind"].value, _int(row["n"]))
        )
        if row["disc"] is not None:
            fig.discrepancies.add(row["disc"].value)
    facts.figures = [figures[k] for k in sorted(figures)]
    for row in select(store, _PARTICIPANTS, **options):
        doc = row["doc"].value.rsplit("/", 1)[-1]
        facts.participants[doc][row["g"].value].add(row["obs"].value)
    for row in select(store, _OBJECTIVES, **options):
        facts.objectives[row["o"].value] = int(row["n"].value)
    return facts
