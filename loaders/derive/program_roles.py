"""About a programme, or naming it in passing: `mig:aboutProgram` versus `mig:mentionsProgram`.

An action is about a programme when its title or its description names it as its work: that
is what the action does. A programme named only in the action's results ("... se canalizaron
al Programa de Apoyo al Empleo") is context, not the action's subject; a programme timeline
that counted it would credit the programme with work it did not do. This step runs after
the links are made (`program_links.py`) and demotes, in the same document graph, every
`mig:aboutProgram` whose programme the title and description do not name but the results
do, to the weaker `mig:mentionsProgram`, unless the results count the programme's own items
(the action's output is the programme's product). So is a programme that the title and
description name only in passing places (`program_cues.py`): as a co-actor, venue or data
source of someone else's work, in an aside, as the complement of one item of an enumeration
of other work, or as one activity in a list of another programme's. A link whose programme
no text names (the loader read it from the entry's layout) is kept.

Names of a programme: the registry's name, aliases and acronyms, and the labels its node
carries in the graph (the wordings the documents use).
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS
from rdflib.term import URIRef

from loaders.derive.program_cues import counted, passing_cue, places
from loaders.reference.programs import ProgramRegistry
from loaders.vocab import MIG

__all__ = ["demote_passing_mentions"]


def _texts(graph: Graph, action: URIRef, props: tuple[URIRef, ...]) -> str:
    """The texts, each its own sentence (a title ends without a full stop)."""
    return ". ".join(
        str(o) for p in props for o in graph.objects(action, p) if isinstance(o, Literal)
    )


def _names(graph: Graph, program: URIRef, registry: ProgramRegistry) -> list[str]:
    slug = str(program).rsplit("/", 1)[-1]
    names = [str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(program, p)]
    registered = registry.programs.get(slug)
    if registered is not None:
        names += [*registered.names, *registered.acronyms]
    return sorted(set(names))


def _in_passing(text: str, names: list[str]) -> bool:
    """Every place naming the programme is a passing one."""
    found = places(text, names)
    return bool(found) and all(passing_cue(text, place) for place in found)


def demote_passing_mentions(graph: Graph, registry: ProgramRegistry) -> int:
    """Demote, in place, links named only in results; return how many were demoted."""
    demoted = 0
    for action in sorted(set(graph.subjects(RDF.type, MIG.Action)), key=str):
        if not isinstance(action, URIRef):
            continue
        subject = _texts(graph, action, (SKOS.prefLabel, MIG.description))
        results = _texts(graph, action, (MIG.results,))
        for program in sorted(graph.objects(action, MIG.aboutProgram), key=str):
            if not isinstance(program, URIRef):
                continue
            names = _names(graph, program, registry)
            if places(subject, names):
                passing = _in_passing(subject, names)
            else:
                passing = bool(places(results, names)) and not counted(results, names)
            if passing:
                graph.remove((action, MIG.aboutProgram, program))
                graph.add((action, MIG.mentionsProgram, program))
                demoted += 1
    return demoted
