"""Which curated names the sources state, and the public-knowledge mark on those they don't.

Agencies and programmes take their names from the curated tables (`agencies.csv`,
`programs.csv`) as `skos:prefLabel`, `skos:altLabel`, `skos:hiddenLabel` and
`mig:acronym`. Some of those names are written in the five source texts; the others the
curators supplied (an official full name, a spelling, a generated variant such as
"Gobierno Estatal de Nayarit"). Users must be able to tell them apart whatever property
holds the name, so every name no source writes carries the mark on the one triple that
holds it, by RDF reification (the standard way to say something about a triple):

    <id/nombre-suministrado/<digest>> a rdf:Statement ;
        rdf:subject <id/institucion/cns> ; rdf:predicate skos:prefLabel ;
        rdf:object "Comisión Nacional de Seguridad"@es ;
        mig:nameSource mig:PublicKnowledge .

A name a source writes gets no such node. The digest is the SHA-256 of the triple's
N-Triples form (first 16 hex digits), so the IRI is the same in every build. Whether a
source writes a name is decided on the texts themselves: full names folded (accents, case
and line breaks aside) and matched as whole words; acronyms matched as written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS
from rdflib.term import URIRef

from loaders.emit import new_graph
from loaders.text import fold
from loaders.vocab import MIG, Ids

__all__ = ["SourceNames", "supplied_names"]

_WORD = re.compile(r"\w")
NAME_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, MIG.acronym)


class SourceNames:
    """The source texts, ready to be asked whether they write a name."""

    def __init__(self, texts: Iterable[str]) -> None:
        raw = list(texts)
        self._raw = "\n".join(raw)
        self._folded = fold(" ".join(raw))

    def states(self, name: str, *, acronym: bool = False) -> bool:
        """True when some source writes `name` (an acronym exactly, a full name folded)."""
        haystack, needle = (self._raw, name) if acronym else (self._folded, fold(name))
        start = haystack.find(needle) if needle else -1
        while start >= 0:  # str.find, then the word boundaries: a regex per name is slow
            end = start + len(needle)
            before = haystack[start - 1 : start]
            after = haystack[end : end + 1]
            if not _WORD.match(before) and not _WORD.match(after):
                return True
            start = haystack.find(needle, start + 1)
        return False


def _statement(ids: Ids, subject: URIRef, prop: URIRef, name: Literal) -> URIRef:
    triple = f"{subject.n3()} {prop.n3()} {name.n3()} ."
    return ids.supplied_name(hashlib.sha256(triple.encode("utf-8")).hexdigest()[:16])


def supplied_names(reference: Graph, sources: SourceNames, ids: Ids) -> Graph:
    """The public-knowledge marks for the names of `reference`'s agencies and programmes
    that no source writes (see the module docstring)."""
    marks = new_graph()
    nodes = [*reference.subjects(RDF.type, MIG.Agency), *reference.subjects(RDF.type, MIG.Program)]
    for subject in sorted(set(nodes), key=str):
        for prop in NAME_PROPERTIES:
            for name in reference.objects(subject, prop):
                if not isinstance(name, Literal) or not isinstance(subject, URIRef):
                    continue
                if sources.states(str(name), acronym=prop == MIG.acronym):
                    continue
                node = _statement(ids, subject, prop, name)
                marks.add((node, RDF.type, RDF.Statement))
                marks.add((node, RDF.subject, subject))
                marks.add((node, RDF.predicate, prop))
                marks.add((node, RDF.object, name))
                marks.add((node, MIG.nameSource, MIG.PublicKnowledge))
    return marks
