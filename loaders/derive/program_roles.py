"""About a programme, or naming it in passing: `mig:aboutProgram` versus `mig:mentionsProgram`.

An action is about a programme when its title or its description names it: that is what the
action does. A programme named only in the action's results ("... se canalizaron al Programa
de Apoyo al Empleo") is context, not the action's subject; a programme timeline that counted
it would credit the programme with work it did not do. This step runs after the links are
made (`program_links.py`) and demotes, in the same document graph, every `mig:aboutProgram`
whose programme the title and description do not name but the results do, to the weaker
`mig:mentionsProgram`. So is a programme the title and description name only as a
co-actor or a venue of someone else's work ("con la participación de PGR, INM, Grupo BETA",
"en coordinación con la Ventanilla de Salud", "durante las Ferias de la Salud, ..., la
Semana Binacional de Salud"): the cue stands in the same sentence, at most `_CUE_SPAN`
characters before the name. A link whose programme no text names (the loader read it from
the entry's layout) is kept.

Names of a programme: the registry's name, aliases and acronyms, and the labels its node
carries in the graph (the wordings the documents use).
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS
from rdflib.term import URIRef

from loaders.reference.programs import ProgramRegistry
from loaders.text import fold_keep_length, name_pattern
from loaders.vocab import MIG

__all__ = ["demote_passing_mentions"]

_QUOTES = re.compile(r"[\"“”«»‘’*]")
_CUE = re.compile(
    r"\b(?:en coordinacion con|con la participacion de|en colaboracion con|participo|"
    r"participaron|durante (?:el|la|los|las))\b[^.;]*$"
)
_CUE_SPAN = 80


def _texts(graph: Graph, action: URIRef, props: tuple[URIRef, ...]) -> str:
    return " ".join(
        str(o) for p in props for o in graph.objects(action, p) if isinstance(o, Literal)
    )


def _names(graph: Graph, program: URIRef, registry: ProgramRegistry) -> list[str]:
    slug = str(program).rsplit("/", 1)[-1]
    names = [str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(program, p)]
    registered = registry.programs.get(slug)
    if registered is not None:
        names += [*registered.names, *registered.acronyms]
    return sorted(set(names))


def _places(text: str, names: list[str]) -> list[int]:
    """Where in `fold(text)` the names occur (acronyms case-sensitive, whole words)."""
    folded = fold_keep_length(_QUOTES.sub(" ", text))
    found: list[int] = []
    for name in names:
        if name.isupper() and len(name) <= 6:
            pattern, haystack = rf"(?<![\w-]){re.escape(name)}(?!\w)", text
        else:
            pattern, haystack = rf"(?<!\w){name_pattern(_QUOTES.sub(' ', name))}(?!\w)", folded
        found += [m.start() for m in re.finditer(pattern, haystack)]
    return sorted(found)


def _names_in(text: str, names: list[str]) -> bool:
    return bool(_places(text, names))


def _as_co_actor(text: str, names: list[str]) -> bool:
    """Every place naming the programme follows a co-actor or venue cue."""
    folded = fold_keep_length(text)
    places = _places(text, names)
    return bool(places) and all(_CUE.search(folded[max(0, at - _CUE_SPAN) : at]) for at in places)


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
            passing = _names_in(results, names) if not _names_in(subject, names) else False
            if passing or _as_co_actor(subject, names):
                graph.remove((action, MIG.aboutProgram, program))
                graph.add((action, MIG.mentionsProgram, program))
                demoted += 1
    return demoted
