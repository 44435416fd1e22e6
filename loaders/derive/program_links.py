"""Program identity across the documents: the build step that links actions to programmes.

One mechanism for every document graph: each `mig:Action`'s title, description and results
are scanned with `ProgramRegistry.find_mentions` (registry names accent- and case-folded
across line breaks, acronyms case-sensitive). Rules, precision over recall:

- a mention written with a capital or a digit ("Programa Paisano", "PTAT", "programa 3x1")
  links the action to the programme (`mig:aboutProgram`);
- a mention written all in lower case ("una repatriación humana, segura y ordenada") is
  usually a common phrase: it is not linked but goes to curation;
- a capitalised phrase headed "Programa", "Estrategia", "Protocolo", ... that the registry
  does not hold is matched fuzzily (`ProgramRegistry.match`); fuzzy candidates are never
  linked automatically ("Estrategia Nacional de Educación Financiera" scores 95 against the
  Semana Nacional de Educación Financiera): they go to curation;
- an action reported by a state government whose title is the name of a programme that no
  state body operates reports the state's own programme of that name (Puebla's "Programa
  de Repatriación Humana" is not the INM's): it gets a programme of its own,
  `id/programa/<title>-<state>`, and the federal programme is not linked;
- a programme named only in the action's results is a passing mention: the link is demoted
  to `mig:mentionsProgram` (`program_roles.py`);
- `reference/program-curation.csv` records curators' decisions (`link` / `reject`) for
  (document, action, programme); a decided candidate is applied and no longer unsure.

Links a loader made itself are kept unless these rules reject them (lowercase phrase,
state namesake, curated `reject`): then they are withdrawn and reported.

RDF contract, in each document's graph: `<action> mig:aboutProgram <program>`; the
programme node `rdf:type mig:Program`, `skos:prefLabel` @es (the registry's name, or the
title for a state's own programme), `skos:altLabel` @es for each other capitalised wording
the document uses, and `prov:wasDerivedFrom` the document (the lines are on the action).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, SKOS
from rdflib.term import URIRef

from loaders.derive.program_roles import demote_passing_mentions
from loaders.emit import es
from loaders.model import Finding
from loaders.reference import read_rows, read_table
from loaders.reference.agencies import STATE_KIND, AgencyRegistry
from loaders.reference.programs import Program, ProgramRegistry, program_slug
from loaders.reference.retired import is_generic
from loaders.text import fold
from loaders.vocab import MIG, Ids

__all__ = ["Candidate", "Decision", "Linking", "link", "read_decisions"]

# Capitalised programme-like phrases: a head word and the capitalised words that follow.
_HEADS = r"Programa|Estrategia|Proyecto|Mecanismo|Operativo|Sistema|Campaña|Protocolo|Encuesta"
_PHRASE = re.compile(
    rf"\b(?:{_HEADS})(?:\s+(?:(?:de|del|la|las|los|el|para|y|en|a)\s+)*[A-ZÁÉÍÓÚÑ0-9][\w-]*)+"
)
_TRAILING_GROUP = re.compile(r"\s*\([^()]{1,60}\)$")


@dataclass(frozen=True, order=True)
class Candidate:
    """One row of `curation/program-candidates.csv`: a match the build was unsure of."""

    document: str
    action: str
    line: int
    wording: str
    program: str
    score: float
    reason: str
    decision: str


@dataclass(frozen=True)
class Decision:
    """A curator's decision on (document, action, programme): `link` or `reject`."""

    document: str
    action: str
    program: str
    decision: str
    note: str = ""


@dataclass
class Linking:
    """What the step did: findings, every candidate (decided or not) and counts."""

    findings: list[Finding] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    links: dict[str, int] = field(default_factory=dict)
    mentions: dict[str, int] = field(default_factory=dict)

    @property
    def unsure(self) -> list[Candidate]:
        return [c for c in self.candidates if c.decision == "unsure"]

    def rows(self) -> list[dict[str, object]]:
        return [asdict(c) for c in sorted(self.candidates)]


def read_decisions(text: str | None = None) -> dict[tuple[str, str, str], Decision]:
    """`reference/program-curation.csv` keyed by (document, action local id, programme)."""
    text = read_table("program-curation.csv") if text is None else text
    rows = read_rows(text, "program-curation.csv")
    decisions = []
    for r in rows:
        d = Decision(
            r.required("document"),
            r.required("action"),
            r.required("program"),
            r.required("decision"),
            r.text("note"),
        )
        if d.decision not in {"link", "reject"}:
            raise r.error(f"decision {d.decision!r} for {d.action}: expected link or reject")
        decisions.append(d)
    return {(d.document, d.action, d.program): d for d in decisions}


def _visible(matched: str) -> bool:
    """A mention written with a capital or a digit names something; all lower case rarely."""
    return any(c.isupper() or c.isdigit() for c in matched)


def _wording(matched: str) -> str:
    return re.sub(r"\s+", " ", matched).strip(' .,;:*“”"')


class _Doc:
    """The step over one document graph."""

    def __init__(
        self,
        key: str,
        file: str,
        graph: Graph,
        ctx: tuple[ProgramRegistry, AgencyRegistry, Ids],
        decisions: Mapping[tuple[str, str, str], Decision],
        out: Linking,
    ) -> None:
        self.key, self.file, self.graph = key, file, graph
        self.programs, self.agencies, self.ids = ctx
        self.decisions, self.out = decisions, out
        self.prefix = str(self.ids.action(key, ""))
        self.document = self.ids.document(key)

    def run(self) -> None:
        count = 0
        actions = {a for a in self.graph.subjects(RDF.type, MIG.Action) if isinstance(a, URIRef)}
        for action in sorted(actions, key=str):
            count += self._action(action)
        self._drop_orphans()
        self.out.links[self.key] = count

    # --- one action -----------------------------------------------------------------------

    def _texts(self, action: URIRef) -> str:
        parts = [
            str(o)
            for p in (SKOS.prefLabel, MIG.description, MIG.results)
            for o in sorted(o for o in self.graph.objects(action, p) if isinstance(o, Literal))
        ]
        return "\n".join(parts)

    def _line(self, action: URIRef) -> int:
        value = self.graph.value(action, MIG.sourceLineStart)
        return int(str(value)) if value is not None else 0

    def _candidate(
        self,
        action: URIRef,
        wording: str,
        program: str,
        score: float,
        reason: str,
        default: str = "unsure",
    ) -> str:
        """Record a candidate; return the curated decision, else `default`."""
        local = str(action)[len(self.prefix) :]
        decided = self.decisions.get((self.key, local, program))
        decision = decided.decision if decided else default
        row = Candidate(
            self.key, local, self._line(action), wording, program, score, reason, decision
        )
        if row not in self.out.candidates:
            self.out.candidates.append(row)
        return decision

    def _state_namesake(self, action: URIRef) -> tuple[Program, str] | None:
        """(federal programme, state) when a state government reports a programme of its own
        under a federal programme's name."""
        title = self.graph.value(action, SKOS.prefLabel)
        bodies = [
            self.agencies.agencies.get(str(a).rsplit("/", 1)[-1])
            for a in self.graph.objects(action, MIG.responsibleAgency)
        ]
        if title is None or not bodies or any(b is None or b.kind != STATE_KIND for b in bodies):
            return None
        program = self.programs.resolve(_TRAILING_GROUP.sub("", str(title)))
        if program is None:
            return None
        operators = [self.agencies.agencies.get(s) for s in program.agencies]
        if any(o is not None and o.kind == STATE_KIND for o in operators):
            return None
        state = next(b for b in bodies if b is not None)
        while state.parent and state.parent in self.agencies.agencies:
            state = self.agencies.agencies[state.parent]
        return program, (state.context_labels or (state.pref_label,))[0]

    def _action(self, action: URIRef) -> int:
        text = self._texts(action)
        linked: dict[str, list[str]] = {}
        rejected: set[str] = set()
        lowercase: dict[str, str] = {}
        namesake = self._state_namesake(action)
        if namesake is not None:
            program, state = namesake
            title = _TRAILING_GROUP.sub("", str(self.graph.value(action, SKOS.prefLabel)))
            own = f"{title} ({state})"
            self._candidate(action, own, program.slug, 100.0, "state-namesake", "own-programme")
            rejected.add(program.slug)
            node = self.ids.program(program_slug(own))
            self.graph.add((action, MIG.aboutProgram, node))
            self._node(node, own, [], own=True)
        spans: list[tuple[int, int]] = []
        for mention in self.programs.find_mentions(text):
            spans.append((mention.start, mention.end))
            slug = mention.program.slug
            if slug in rejected:
                continue
            if _visible(mention.matched):
                linked.setdefault(slug, []).append(_wording(mention.matched))
            else:
                lowercase.setdefault(slug, _wording(mention.matched))
        for slug, wording in lowercase.items():
            if slug not in linked:
                decision = self._candidate(action, wording, slug, 100.0, "lowercase")
                if decision == "link":
                    linked[slug] = []
                else:
                    rejected.add(slug)
        for phrase in _PHRASE.finditer(text):
            if any(s < phrase.end() and phrase.start() < e for s, e in spans):
                continue
            wording = _wording(phrase.group(0))
            if is_generic(wording):  # heads several programmes: no candidate either
                continue
            result = self.programs.match(wording)
            for program, score in result.candidates:
                if program.slug in linked:
                    continue
                reason = "fuzzy" if score < 100 else "name-in-phrase"
                decision = self._candidate(action, wording, program.slug, round(score, 1), reason)
                if decision == "link":
                    linked[program.slug] = [wording]
        for slug in list(linked):
            local = str(action)[len(self.prefix) :]
            decided = self.decisions.get((self.key, local, slug))
            if decided is not None and decided.decision == "reject":
                del linked[slug]
                rejected.add(slug)
        for slug in sorted(rejected):
            iri = self.ids.program(slug)
            if (action, MIG.aboutProgram, iri) in self.graph:
                self.graph.remove((action, MIG.aboutProgram, iri))
                self.out.findings.append(
                    Finding(
                        self.file,
                        self._line(action),
                        "note",
                        f"{str(action)[len(self.prefix) :]}: loader link to programme "
                        f"{slug} withdrawn (see curation/program-candidates.csv)",
                    )
                )
        for slug, wordings in sorted(linked.items()):
            node = self.ids.program(slug)
            self.graph.add((action, MIG.aboutProgram, node))
            self._node(node, self.programs.programs[slug].pref_label, wordings)
        return len(linked)

    # --- programme nodes ------------------------------------------------------------------

    def _node(self, node: URIRef, pref: str, wordings: list[str], *, own: bool = False) -> None:
        """Type and provenance; the document's wordings as labels: the one that is the
        programme's name (`pref`) as skos:prefLabel, the others as skos:altLabel. A state's
        own programme (`own`) is labelled with `pref` in any case."""
        g = self.graph
        g.add((node, RDF.type, MIG.Program))
        g.add((node, PROV.wasDerivedFrom, self.document))
        if own and not list(g.objects(node, SKOS.prefLabel)):
            g.add((node, SKOS.prefLabel, es(pref)))
        labels = {fold(str(o)) for o in g.objects(node, SKOS.prefLabel)}
        alts = {fold(str(o)) for o in g.objects(node, SKOS.altLabel)}
        for wording in wordings:
            key = fold(wording)
            if key == fold(pref) and not labels:
                g.add((node, SKOS.prefLabel, es(pref)))
                labels.add(key)
            elif key not in labels and key not in alts:
                alts.add(key)
                g.add((node, SKOS.altLabel, es(wording)))

    def _drop_orphans(self) -> None:
        """A programme node nothing of this document is about, mentions or names any more
        leaves the graph."""
        g = self.graph
        for node in set(g.subjects(RDF.type, MIG.Program)):
            if not any(
                (None, p, node) in g for p in (MIG.aboutProgram, MIG.mentionsProgram, MIG.mentionOf)
            ):
                for triple in list(g.triples((node, None, None))):
                    g.remove(triple)


def link(
    graphs: Mapping[str, Graph],
    *,
    programs: ProgramRegistry,
    agencies: AgencyRegistry,
    ids: Ids,
    files: Mapping[str, str] | None = None,
    decisions: Mapping[tuple[str, str, str], Decision] | None = None,
) -> Linking:
    """Link every document graph's actions to programmes, in place (see module docstring).

    `graphs` maps document keys to their graphs; `files` their source file names (for the
    findings' file:line).
    """
    out = Linking()
    decided = read_decisions() if decisions is None else decisions
    for key in sorted(graphs):
        file = (files or {}).get(key, key)
        _Doc(key, file, graphs[key], (programs, agencies, ids), decided, out).run()
        out.mentions[key] = demote_passing_mentions(graphs[key], programs)
        out.links[key] -= out.mentions[key]
    return out


def counts(linking: Linking) -> dict[str, object]:
    """Numbers for the build report."""
    by_reason = Counter(c.reason for c in linking.candidates)
    by_decision = Counter(c.decision for c in linking.candidates)
    return {
        "links_per_document": dict(sorted(linking.links.items())),
        "mentions_per_document": dict(sorted(linking.mentions.items())),
        "candidates_per_reason": dict(sorted(by_reason.items())),
        "candidates_per_decision": dict(sorted(by_decision.items())),
    }
