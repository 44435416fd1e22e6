"""Hydra collections: one page of members, `hydra:view` links and the HTTP `Link` header.

Members are short summaries compacted by hand against the v1 context (id, type, labels as
language maps, notation, acronym, title, year); every statement in a summary is a triple of
the store, so a member expands to a subset of its item. Pages are numbered from 1; the
order is the index's natural IRI order, stable for a given build.
"""

from __future__ import annotations

from math import ceil
from typing import Any
from urllib.parse import urlencode

from service.api.context import CONTEXT
from service.api.index import DCTERMS, RDFS, SKOS, XSD, MemberIndex, Term
from service.api.kinds import MIG

_CLASS_TERMS = {
    v.replace("mig:", MIG)
    .replace("skos:", SKOS)
    .replace("qb:", "http://purl.org/linked-data/cube#")
    .replace("org:", "http://www.w3.org/ns/org#")
    .replace("hydra:", "http://www.w3.org/ns/hydra/core#"): k
    for k, v in CONTEXT.items()
    if isinstance(v, str) and k[:1].isupper()
}
_LANG_MAPS = {SKOS + "prefLabel": "prefLabel", RDFS + "label": "label", DCTERMS + "title": "title"}
_STRINGS = {SKOS + "notation": "notation", MIG + "acronym": "acronym"}
_PLAIN_STRING = XSD + "string"


def _lang_map(terms: list[Term]) -> dict[str, Any]:
    out: dict[str, list[str]] = {}
    for t in terms:
        if t["type"] != "literal":
            continue
        lang = t.get("xml:lang")
        if lang is None and t.get("datatype", _PLAIN_STRING) != _PLAIN_STRING:
            continue
        out.setdefault(lang or "@none", []).append(t["value"])
    return {k: v[0] if len(v) == 1 else v for k, v in out.items()}


def summary(index: MemberIndex, iri: str) -> dict[str, Any]:
    """The compacted summary of one member."""
    m = index.members[iri]
    types = [_CLASS_TERMS.get(t, t) for t in m.types]
    node: dict[str, Any] = {"id": iri, "type": types[0] if len(types) == 1 else types}
    for p, term in _LANG_MAPS.items():
        values = _lang_map(m.literals.get(p, []))
        if values:
            node[term] = values
    for p, term in _STRINGS.items():
        plain = [
            t["value"]
            for t in m.literals.get(p, [])
            if "xml:lang" not in t and t.get("datatype", _PLAIN_STRING) == _PLAIN_STRING
        ]
        if plain:
            node[term] = plain[0] if len(plain) == 1 else plain
    years = [
        t["value"] for t in m.literals.get(MIG + "year", []) if t.get("datatype") == XSD + "gYear"
    ]
    if years:
        node["year"] = years[0] if len(years) == 1 else years
    return node


def page_count(total: int, per_page: int) -> int:
    return max(1, ceil(total / per_page))


def page_url(collection_url: str, params: dict[str, Any], page: int, per_page: int) -> str:
    query = {k: v for k, v in params.items() if v is not None}
    query.update(page=page, per_page=per_page)
    return f"{collection_url}?{urlencode(query)}"


def collection(
    index: MemberIndex,
    iris: list[str],
    *,
    collection_url: str,
    params: dict[str, Any],
    page: int,
    per_page: int,
    context_url: str,
) -> tuple[dict[str, Any], dict[str, str]]:
    """The page body and its navigation links (rel -> URL) for the `Link` header."""
    chunk = iris[(page - 1) * per_page : page * per_page]
    return frame(
        len(iris),
        [summary(index, i) for i in chunk],
        collection_url=collection_url,
        params=params,
        page=page,
        per_page=per_page,
        context_url=context_url,
    )


def frame(
    total: int,
    members: list[Any],
    *,
    collection_url: str,
    params: dict[str, Any],
    page: int,
    per_page: int,
    context_url: str,
) -> tuple[dict[str, Any], dict[str, str]]:
    """A page of `total` members showing `members` (their summaries), and its links."""
    last = page_count(total, per_page)
    filters = {k: v for k, v in params.items() if v is not None}
    coll_id = f"{collection_url}?{urlencode(filters)}" if filters else collection_url
    links = {
        "first": page_url(collection_url, params, 1, per_page),
        "last": page_url(collection_url, params, last, per_page),
    }
    if page > 1:
        links["previous"] = page_url(collection_url, params, page - 1, per_page)
    if page < last:
        links["next"] = page_url(collection_url, params, page + 1, per_page)
    view = {
        "id": page_url(collection_url, params, page, per_page),
        "type": "PartialCollectionView",
        **links,
    }
    body = {
        "@context": context_url,
        "id": coll_id,
        "type": "Collection",
        "totalItems": total,
        "member": members,
        "view": view,
    }
    return body, links


def link_header(links: dict[str, str], context_url: str) -> str:
    """RFC 8288 `Link`: the JSON-LD context, then first/prev/next/last."""
    parts = [
        f'<{context_url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
    ]
    rels = {"first": "first", "previous": "prev", "next": "next", "last": "last"}
    parts += [f'<{links[k]}>; rel="{rel}"' for k, rel in rels.items() if k in links]
    return ", ".join(parts)
