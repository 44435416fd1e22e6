"""Timelines: an agency's or a program's history across the source documents.

An agency's *identity* is the agency plus every agency linked to it by `org:ChangeEvent`s
(`org:originalOrganization` / `org:resultingOrganization`), followed transitively in both
directions, so UPM and UPMRIP share one timeline. A program's identity is the program
(its other names are its `skos:altLabel`s). The timeline groups the actions that name any
identity (as responsible, collaborating or participating agency; or `mig:aboutProgram`) by
source document, in the order of the documents' years, with the PEM lines of action and
GCM objectives those actions contribute to. An agency's timeline also lists the observations
naming it as participating agency (the 2024 report states figures, not actions), as
`queries/agency_timeline.rq` does. Everything comes from the index.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from service.api.index import (
    AGENCY_ROLES,
    DCTERMS,
    ORG,
    SKOS,
    MemberIndex,
    natural_key,
)
from service.api.kinds import MIG

Subject = Literal["agency", "program"]
TARGETS = (MIG + "contributesTo", MIG + "gcmObjective")


def change_events(index: MemberIndex) -> list[tuple[str, list[str], list[str]]]:
    """(event, original organizations, resulting organizations) for every event."""
    out = []
    for s, props in index.edges.items():
        original = props.get(ORG + "originalOrganization", [])
        resulting = props.get(ORG + "resultingOrganization", [])
        if original or resulting:
            out.append((s, sorted(original), sorted(resulting)))
    return sorted(out)


@dataclass
class Prepared:
    """What every timeline reads, computed once per index: the change events, the agencies
    each agency is linked to by them, and per subject kind and IRI the actions (and, for
    agencies, observations) naming it, in the order a scan of the index meets them."""

    events: list[tuple[str, list[str], list[str]]]
    links: dict[str, set[str]]
    naming: dict[Subject, dict[str, list[str]]]
    position: dict[str, int]  # of each action and observation in that scan


_PREPARED: dict[int, tuple[MemberIndex, Prepared]] = {}


def prepare(index: MemberIndex) -> Prepared:
    """What the timelines of `index` read, computed once per index (a build never changes
    while it is served: the pages' timelines reuse it)."""
    cached = _PREPARED.get(id(index))
    if cached is not None and cached[0] is index:
        return cached[1]
    prepared = _prepare(index)
    _PREPARED.clear()  # one index per process at a time
    _PREPARED[id(index)] = (index, prepared)
    return prepared


def _prepare(index: MemberIndex) -> Prepared:
    events = change_events(index)
    links: dict[str, set[str]] = defaultdict(set)
    for _, original, resulting in events:
        group = original + resulting
        for a in group:
            links[a].update(group)
    naming: dict[Subject, dict[str, list[str]]] = {"agency": {}, "program": {}}
    scan = (x for k in ("actions", "observations") for x in index.by_kind.get(k, []))
    position = {a: i for i, a in enumerate(scan)}
    for subject, kinds in (("agency", ("actions", "observations")), ("program", ("actions",))):
        by = naming[subject]  # type: ignore[index]
        for a in (x for k in kinds for x in index.by_kind.get(k, [])):
            for value in index.members[a].facets.get(subject, ()):
                by.setdefault(value, []).append(a)
    return Prepared(events, links, naming, position)


def identity(index: MemberIndex, iri: str, prepared: Prepared | None = None) -> list[str]:
    """`iri` and every agency connected to it through change events, in natural order."""
    links = (prepared or prepare(index)).links
    seen: set[str] = set()
    todo = [iri]
    while todo:
        x = todo.pop()
        if x not in seen:
            seen.add(x)
            todo.extend(links.get(x, ()))
    return sorted(seen, key=natural_key)


def _ref(index: MemberIndex, iri: str) -> dict[str, Any]:
    ref: dict[str, Any] = {"id": iri, "label": index.label(iri)}
    notation = index.first(iri, SKOS + "notation")
    if notation:
        ref["notation"] = notation
    return ref


def _name(index: MemberIndex, iri: str) -> dict[str, Any]:
    m = index.members.get(iri)
    lits = m.literals if m else {}
    return {
        "id": iri,
        "label": index.label(iri),
        "labelEn": index.label(iri, "en")
        if any(t.get("xml:lang") == "en" for t in lits.get(SKOS + "prefLabel", []))
        else None,
        "acronyms": sorted({t["value"] for t in lits.get(MIG + "acronym", [])}),
        "altLabels": sorted({t["value"] for t in lits.get(SKOS + "altLabel", [])}),
    }


def timeline(
    index: MemberIndex, iri: str, subject: Subject, prepared: Prepared | None = None
) -> dict[str, Any]:
    """The timeline document for the agency or program `iri` (which must be a member);
    `prepared` (`prepare(index)`) when writing many."""
    prepared = prepared or prepare(index)
    names = identity(index, iri, prepared) if subject == "agency" else [iri]
    wanted = set(names)
    by_doc: dict[str, list[str]] = defaultdict(list)
    naming = prepared.naming[subject]
    named = {a for n in names for a in naming.get(n, ())}
    for a in sorted(named, key=prepared.position.__getitem__):
        m = index.members[a]
        for doc in sorted(m.facets.get("document", ())) or [""]:
            by_doc[doc].append(a)
    entries: list[dict[str, Any]] = []
    for doc, actions in by_doc.items():
        edges = [index.edges.get(a, {}) for a in actions]
        targets = {t for e in edges for p in TARGETS for t in e.get(p, [])}
        lines = sorted(
            (t for t in targets if "pem-lines" in index.members.get(t, _NONE).kinds),
            key=natural_key,
        )
        objectives = sorted(
            (t for t in targets if "gcm-objectives" in index.members.get(t, _NONE).kinds),
            key=natural_key,
        )
        years = sorted({y for a in actions for y in index.members[a].facets.get("year", ())})
        entries.append(
            {
                "document": {
                    "id": doc or None,
                    "title": index.label(doc) if doc else "",
                    "key": doc.rsplit("/", 1)[-1] if doc else "",
                },
                "years": years,
                "actionCount": len(actions),
                "actions": [_action(index, a, wanted, subject) for a in actions],
                "pemLines": [_ref(index, t) for t in lines],
                "gcmObjectives": [_ref(index, t) for t in objectives],
            }
        )
    entries.sort(key=lambda e: (e["years"][:1], e["document"]["key"]))
    events = [
        {
            "id": e,
            "date": index.times.get(e),
            "from": original,
            "to": resulting,
        }
        for e, original, resulting in prepared.events
        if wanted & set(original + resulting)
    ]
    return {
        "id": iri,
        "kind": subject,
        "label": index.label(iri),
        "names": [_name(index, n) for n in names],
        "changes": events,
        "documentCount": len([d for d in by_doc if d]),
        "actionCount": sum(len(v) for v in by_doc.values()),
        "entries": entries,
    }


class _None:
    kinds: frozenset[str] = frozenset()


_NONE: Any = _None()


def _action(index: MemberIndex, iri: str, wanted: set[str], subject: Subject) -> dict[str, Any]:
    edges = index.edges.get(iri, {})
    m = index.members[iri]
    if subject == "agency":
        roles = {p.rsplit("#", 1)[-1]: sorted(set(edges.get(p, [])) & wanted) for p in AGENCY_ROLES}
        as_named = {k: v for k, v in roles.items() if v}
    else:
        as_named = {}
    descriptions = [t["value"] for t in m.literals.get(MIG + "description", [])]
    return {
        "id": iri,
        "label": index.label(iri) or None,
        "description": descriptions[0] if descriptions else None,
        "year": sorted(m.facets.get("year", ()))[0] if m.facets.get("year") else None,
        "roles": as_named,
        "title": index.first(iri, DCTERMS + "title") or None,
    }
