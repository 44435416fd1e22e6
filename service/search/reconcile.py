"""The W3C Entity Reconciliation Service API (version 0.2, what OpenRefine speaks).

`GET /reconcile` is the service manifest; `POST /reconcile` with the form field `queries`
(a JSON object of named queries: `{"q0": {"query": "...", "type": "...", "limit": 3}}`)
answers `{"q0": {"result": [{"id", "name", "score", "match", "type": [...]}]}}`.
Candidates come from two places: the curated alias tables (`loaders/reference/`: every
name, acronym and context name of an agency or programme), which give an exact match, and
the full-text index (any word of the query), scored by how close the query is to the
candidate's names (rapidfuzz, 0-99). `match` is true for the one candidate of the requested
types with an exact curated or title name, or for a score of 95 or more at least 10 ahead
of the next candidate.
A name with an acronym in parentheses, as the sources write them ("Instituto Nacional de
Migración (INM)"), is tried whole, without the parentheses and as the acronym.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from loaders.text import fold
from service.errors import BadRequest
from service.search.index import SearchIndex

MIG = "https://w3id.org/migracion-mx/def#"


@dataclass(frozen=True)
class RType:
    id: str
    name: str


TYPES = (
    RType(MIG + "Agency", "Institución"),
    RType(MIG + "Program", "Programa"),
    RType(MIG + "PEMLineOfAction", "Línea de acción del PEM"),
    RType(MIG + "GCMObjective", "Objetivo del Pacto Mundial (PMM)"),
)
_BY_ID = {t.id: t for t in TYPES}
_SHORT = {t.id.removeprefix(MIG): t for t in TYPES}  # "Agency" is accepted for mig:Agency
MAX_QUERIES = 500
MAX_LIMIT = 100
_PARENS = re.compile(r"\(([^()]*)\)")


def manifest(root: str, base_iri: str) -> dict[str, Any]:
    return {
        "versions": ["0.2"],
        "name": "migrakg: instituciones, programas, líneas de acción del PEM y objetivos del PMM",
        "identifierSpace": base_iri,
        "schemaSpace": MIG,
        "defaultTypes": [{"id": t.id, "name": t.name} for t in TYPES],
        "view": {"url": root + "/reconcile/view?id={{id}}"},
        "preview": {"url": root + "/reconcile/preview?id={{id}}", "width": 430, "height": 160},
    }


@dataclass(frozen=True)
class RQuery:
    query: str
    types: tuple[RType, ...]
    limit: int


def parse_batch(raw: str) -> dict[str, RQuery]:
    """The `queries` field; BadRequest for anything the protocol does not allow."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise BadRequest(f"queries is not JSON: {exc}"[:200]) from None
    if not isinstance(data, dict):
        raise BadRequest("queries must be a JSON object of named queries")
    if len(data) > MAX_QUERIES:
        raise BadRequest(f"at most {MAX_QUERIES} queries per request")
    out: dict[str, RQuery] = {}
    for key, q in data.items():
        if not isinstance(q, dict) or not isinstance(q.get("query"), str):
            raise BadRequest(f"query {key!r} must be an object with a string 'query'"[:200])
        limit = q.get("limit", 3)
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise BadRequest(f"query {key!r}: limit must be an integer from 1 to {MAX_LIMIT}"[:200])
        out[key] = RQuery(q["query"][:300], _types(key, q.get("type")), limit)
    return out


def _types(key: str, raw: object) -> tuple[RType, ...]:
    if raw is None or raw == "":
        return TYPES
    names = raw if isinstance(raw, list) else [raw]
    found = []
    for name in names:
        t = _BY_ID.get(name) or _SHORT.get(name) if isinstance(name, str) else None
        if t is None:
            raise BadRequest(f"query {key!r}: unknown type {name!r}"[:200])
        found.append(t)
    return tuple(found)


def _variants(text: str) -> list[str]:
    out = [text]
    inside = _PARENS.findall(text)
    outside = _PARENS.sub(" ", text)
    out += [outside, *inside]
    return [v for v in (" ".join(x.split()) for x in out) if v]


def _similarity(query: str, name: str) -> float:
    """0-100: the whole name against the query, or (a little less) the query's words all
    found in the name, as when a long title is typed in part."""
    return max(fuzz.token_sort_ratio(query, name), 0.9 * fuzz.token_set_ratio(query, name))


def reconcile(index: SearchIndex, q: RQuery) -> list[dict[str, Any]]:
    classes = tuple(t.id for t in q.types)
    scored: dict[str, float] = {}
    exact: set[str] = set()
    variants = _variants(q.query)
    folded = [fold(v) for v in variants]
    for f in folded:
        for iri, cls in index.aliases(f):
            if cls in classes:
                exact.add(iri)
    candidates = {iri: 0.0 for iri in exact}
    for v in variants:
        for hit in index.match_any(v, classes, 30):
            candidates.setdefault(hit.iri, 0.0)
    for iri in candidates:
        names = [fold(n) for n in index.names(iri)]
        if any(n in folded for n in names):
            exact.add(iri)
        best = max((_similarity(f, n) for f in folded for n in names), default=0.0)
        scored[iri] = 100.0 if iri in exact else round(min(best, 99.0), 1)
    order = sorted(scored, key=lambda i: (-scored[i], i))[: q.limit]
    exact_count = sum(1 for i in scored if i in exact)
    second = scored[order[1]] if len(order) > 1 else 0.0
    # one exact name of the type is a match; else a close name well ahead of the next
    matched = bool(order) and (
        (order[0] in exact and exact_count == 1)
        or (order[0] not in exact and scored[order[0]] >= 95 and scored[order[0]] - second >= 10)
    )
    results = []
    for rank, iri in enumerate(order):
        cls = index.kind_class(iri)
        t = _BY_ID.get(cls)
        results.append(
            {
                "id": iri,
                "name": index.title(iri),
                "score": scored[iri],
                "match": rank == 0 and matched,
                "type": [{"id": t.id, "name": t.name}] if t else [],
            }
        )
    return results


def answer(index: SearchIndex, batch: dict[str, RQuery]) -> dict[str, Any]:
    return {key: {"result": reconcile(index, q)} for key, q in batch.items()}
