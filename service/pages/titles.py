"""A human title for any resource, so no page or list shows a bare IRI as a heading.

In order: the member index's label (`skos:prefLabel`, `rdfs:label`, `dcterms:title`), any
Spanish label the graph gives (`service.pages.labels`), an action's own text cut at a word
boundary, an observation's dataset and dimensions, a correspondence's two sides.
"""

from __future__ import annotations

from service.api.index import SKOS, MemberIndex
from service.api.kinds import MIG, QB

CUT = 110


def cut(text: str, limit: int = CUT) -> str:
    """`text` up to `limit` characters, ended at a word boundary with «…» when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–(")
    return head + "…"


def _notation(idx: MemberIndex, iri: str) -> str:
    return idx.first(iri, SKOS + "notation") or iri.rsplit("/", 1)[-1]


def observation_title(idx: MemberIndex, labels: dict[str, str], iri: str) -> str:
    edges = idx.edges.get(iri, {})
    parts = [labels.get(d) or idx.label(d) for d in edges.get(QB + "dataSet", [])]
    parts += [f"objetivo {_notation(idx, o)}" for o in edges.get(MIG + "gcmObjective", [])]
    parts += [labels.get(k, "") for k in edges.get(MIG + "agencyKind", [])]
    parts += [labels.get(c, "") for c in edges.get(MIG + "challengeCategory", [])]
    parts += [t["value"] for t in idx.members[iri].literals.get(MIG + "year", [])[:1]]
    return " · ".join(p for p in parts if p)


def correspondence_title(line: str, objective: str) -> str:
    return f"Correspondencia: línea {line} del PEM ↔ objetivo {objective} del Pacto Mundial"


def title(idx: MemberIndex, labels: dict[str, str], iri: str) -> str:
    """The best title of `iri` the index and the labels give; '' when they give none."""
    found = idx.label(iri) or labels.get(iri, "")
    if found:
        return found
    member = idx.members.get(iri)
    if member is not None:
        text = member.literals.get(MIG + "description", [])
        if text:
            return cut(text[0]["value"])
        if "observations" in member.kinds:
            return observation_title(idx, labels, iri)
    if "/mencion-programa/" in iri:  # a programme named in passing (mig:ProgramMention)
        doc, _, local = iri.split("/mencion-programa/", 1)[1].partition("/")
        return f"Mención del programa en {doc} ({local})"
    if "/etiqueta/" in iri:  # a line's wording in one document (skos-xl)
        return f"Redacción de la línea en {iri.rsplit('/', 1)[-1]}"
    if "/correspondencia/" in iri:
        line, _, objective = iri.rsplit("/", 1)[-1].partition("--")
        return correspondence_title(line, objective)
    return ""
