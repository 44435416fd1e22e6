"""One search for every face: ranked hits, filtered by the API's facets, counted, paged.

The text side is the index (`service.search.index`); the facets are the member index's
(`service.api.index`), so a search filtered by `agency=inm` means what `/api/actions?
agency=inm` means. Facet counts are over every hit of the query (before paging), under the
other filters; nothing is capped: `total` is every hit, and every page can be reached.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from service.api.filters import Filters
from service.api.index import MemberIndex
from service.api.kinds import BY_CLASS
from service.search import snippet
from service.search.index import Hit, Row, SearchIndex
from service.search.query import Query
from service.state import ServiceState

# facet name -> (title in Spanish, kinds of member its values are)
FACETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "kind": ("Tipo de recurso", ()),
    "document": ("Documento", ("documents",)),
    "year": ("Año", ()),
    "gcm": ("Objetivo del PMM", ("gcm-objectives",)),
    "pem": ("Objetivo del PEM", ("pem-objectives",)),
    "agency": ("Institución", ("agencies",)),
    "agency_kind": ("Tipo de institución", ()),
    "program": ("Programa", ("programs",)),
}


@dataclass
class Found:
    hit: Hit
    row: Row
    kind: str
    parts: list[tuple[str, bool]]


@dataclass
class Page:
    query: Query
    total: int
    found: list[Found]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    page: int = 1
    last: int = 1
    corrected: str = ""


def kind_of(cls: str) -> str:
    kind = BY_CLASS.get(cls)
    return kind.name if kind else ""


def _values(idx: MemberIndex, iri: str, facet: str, kind: str) -> set[str]:
    if facet == "kind":
        return {kind} if kind else set()
    m = idx.members.get(iri)
    if m is None:
        return set()
    values = m.facets.get(facet, set())
    kinds = FACETS[facet][1]
    if not kinds:
        return set(values)
    return {v for v in values if (x := idx.members.get(v)) is not None and x.kinds & set(kinds)}


def run(
    search: SearchIndex,
    idx: MemberIndex,
    q: str,
    filters: dict[str, str | None],
    *,
    page: int = 1,
    per_page: int = 20,
) -> Page:
    """The hits of `q` passing every filter (facet name -> value IRI, or kind name)."""
    result = search.search(q)
    wanted = {k: v for k, v in filters.items() if v is not None}
    counts: dict[str, Counter[str]] = {f: Counter() for f in FACETS}
    kept: list[tuple[Hit, str]] = []
    for hit in result.hits:
        kind = kind_of(hit.cls)
        values = {f: _values(idx, hit.iri, f, kind) for f in FACETS}
        member = idx.members.get(hit.iri)
        own = member.facets if member is not None else {}
        ok = {f: v in (values[f] if f in FACETS else own.get(f, ())) for f, v in wanted.items()}
        if all(ok.values()):
            kept.append((hit, kind))
        for f in FACETS:  # a facet counts under every other filter, not its own
            if all(passed for g, passed in ok.items() if g != f):
                counts[f].update(values[f])
    last = max(1, -(-len(kept) // per_page))
    chunk = kept[(page - 1) * per_page : page * per_page]
    rows = search.rows([h for h, _ in chunk])
    found = [
        Found(h, r, k, snippet.segments(r.text, result.query))
        for (h, k), r in zip(chunk, rows, strict=True)
    ]
    facets = {f: sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) for f, c in counts.items()}
    return Page(result.query, len(kept), found, facets, page, last, result.corrected)


def ranked(search: SearchIndex, q: str, among: Collection[str] | None = None) -> dict[str, Hit]:
    """The best hit of each IRI matching `q`, in rank order (for the API's `q`); with
    `among`, of those IRIs only (a filtered page's members: `SearchIndex.search`)."""
    out: dict[str, Hit] = {}
    for hit in search.search(q, among=among).hits:
        out.setdefault(hit.iri, hit)
    return out


def filtered(state: ServiceState, kind: str, filters: Filters) -> tuple[list[str], dict[str, Hit]]:
    """The members of `kind` that pass `filters` (a collection page, API or HTML): in the
    kind's order, or with `filters.q` ranked best first with each one's best hit.

    The facets are answered from the build's precomputed lists when it has them
    (`FastApi.members`; `MemberIndex.filter` reads every member), and when they leave some
    members out, only the kept members' rows are scored (`SearchIndex.search`'s `among`):
    a filtered `q` page then costs what its members do, not every match in the corpus."""
    idx, fast = state.index, state.api_fast
    facets = filters.facets(idx)
    iris = idx.filter(kind, facets) if fast is None else fast.members(kind, facets)
    if not filters.q:
        return iris, {}
    narrowed = len(iris) < len(idx.by_kind.get(kind, ()))
    hits = ranked(state.search, filters.q, among=iris if narrowed else None)
    keep = set(iris)
    return [i for i in hits if i in keep], hits
