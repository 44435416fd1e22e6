"""Writes a build's `api.bin` (`service.api.snapshot`) from its store, once, at build time.

The member index is assembled from the same four SELECTs the service used to run at
start-up (`index.assemble`), each item is the same CONSTRUCT framed by the same function
(`framing.frame`), each timeline and summary the same function's output: the bytes are
those the API wrote per request before. Framing is the cost (pyld, ~2.6 ms an item), so
the items are framed in one process per CPU, each with the store opened read-only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pyoxigraph as ox

from service.api import answers, collections, framing, index, timeline
from service.api.kinds import KINDS
from service.api.snapshot import FILE_NAME, Writer, dumps

_PLACEHOLDER = "urn:migrakg:context"
_PREFIX = dumps({"@context": _PLACEHOLDER})[:-1]  # `{"@context":"urn:..."`

_store: ox.Store | None = None
_base = ""


def _select(store: ox.Store, query: str) -> list[dict[str, index.Term]]:
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    body = result.serialize(format=ox.QueryResultsFormat.JSON)
    assert body is not None
    rows: list[dict[str, index.Term]] = json.loads(body)["results"]["bindings"]
    return rows


def member_index(store: ox.Store, base: str) -> index.MemberIndex:
    queries = (index.Q_MEMBERS, index.Q_LITERALS, index.Q_EDGES, index.Q_TIMES)
    return index.assemble(base, *(_select(store, q) for q in queries))


def _open(store_path: str, base: str) -> None:
    global _store, _base
    _store = ox.Store.read_only(store_path)
    _base = base


def item(iri: str, store: ox.Store | None = None, base: str | None = None) -> bytes:
    """The framed item of `iri` as the API writes it, without its `@context` member:
    starts with `,` (or is `}` alone)."""
    store = store or _store
    assert store is not None
    triples = store.query(
        framing.item_query(base or _base), substitutions={ox.Variable("r"): ox.NamedNode(iri)}
    )
    assert isinstance(triples, ox.QueryTriples)
    raw = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert raw is not None
    nt = raw.decode("utf-8")
    body = dumps(framing.frame(nt, iri, _PLACEHOLDER))
    assert body.startswith(_PREFIX)
    return body[len(_PREFIX) :]


def _items(iris: list[str], store_path: Path, base: str) -> Iterator[bytes]:
    workers = max(1, min(len(os.sched_getaffinity(0)), 8))
    if workers == 1 or len(iris) < 200:
        store = ox.Store.read_only(str(store_path))
        yield from (item(i, store, base) for i in iris)
        return
    with ProcessPoolExecutor(
        workers, mp_context=get_context("fork"), initializer=_open, initargs=(str(store_path), base)
    ) as pool:
        yield from pool.map(item, iris, chunksize=64)


def write(build: Path, base: str) -> Path:
    """Writes `build/api.bin` from `build/store` and `build/answers/` (the named queries'
    calls the build answers); returns the path of `api.bin`."""
    store = ox.Store.read_only(str(build / "store"))
    idx = member_index(store, base)
    del store
    members = sorted(idx.members, key=lambda i: (index.natural_key(i), i))
    number = {iri: n for n, iri in enumerate(members)}
    out = Writer()
    out.header["members"] = members
    kinds = {k.name: [number[i] for i in idx.by_kind[k.name]] for k in KINDS}
    out.header["kinds"] = {k: out.numbers(ns) for k, ns in kinds.items()}
    out.header["ordered"] = all(ns == sorted(ns) for ns in kinds.values())
    facets: dict[str, dict[str, dict[str, list[int]]]] = {}
    for k in KINDS:
        lists: dict[str, dict[str, list[int]]] = {}
        for iri in idx.by_kind[k.name]:
            for facet, values in idx.members[iri].facets.items():
                for v in values:
                    lists.setdefault(facet, {}).setdefault(v, []).append(number[iri])
        facets[k.name] = {
            f: {v: out.numbers(ns) for v, ns in sorted(vals.items())}
            for f, vals in sorted(lists.items())
        }
    out.header["facets"] = facets
    out.header["summaries"] = out.table([dumps(collections.summary(idx, i)) for i in members])
    out.header["items"] = out.table(list(_items(members, build / "store", base)))
    prepared = timeline.prepare(idx)
    subjects: tuple[tuple[str, timeline.Subject], ...] = (
        ("agencies", "agency"),
        ("programs", "program"),
    )
    out.header["timelines"] = {
        subject: {
            iri: out.add(dumps(timeline.timeline(idx, iri, subject, prepared)))
            for iri in idx.by_kind[kind]
        }
        for kind, subject in subjects
    }
    path = build / FILE_NAME
    out.write(path)
    answers.write(build, base=base)
    return path
