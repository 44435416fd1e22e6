"""Named queries' answers computed once at build time (`answers/`): every call without
parameters, and every call with only a GCM objective (its 23 values).

Why: an aggregate over the whole corpus (`documents_counts`, `agency_actions_per_kind_year`,
`programs_across_documents`) visits every action, and no rewrite makes that grow slower than
the actions do (at synthetic 49x the quads there are 85x the actions, and each lookup costs
more in a bigger store); per objective the actions grow the same way. Such an answer is a
function of the build and of a parameter with a closed set of values, so the build
evaluates each call once per results format with the engine's own `evaluate`, on the store
as the service opens it in memory (`open_store`), and writes the bytes to
`answers/<name>[.<variant>].<format>`; the service reads the file per request (the page
cache shares it between workers; nothing is held per process; a file over `READ_ON_LOOP`
is read in a thread, off the event loop). `answers/index.json` keys
each query's answers by the SHA-256 of its text: a query edited after the build runs live.
Other parameters, CONSTRUCT/DESCRIBE queries, remote backends and answers over `MAX_BYTES`
(long listings cost what writing them out costs) run live.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from loaders.vocab import DEFAULT_BASE, Ids
from service.api.named_queries import NamedQuery, load_queries
from service.engine.process import Request, WireTerm, evaluate, open_store
from service.http.formats import RESULTS
from service.settings import REPO_DIR

DIR_NAME = "answers"
MAX_BYTES = 4 << 20  # per answer and format
# Up to this size a page-cached file reads in less time than a hop to a thread (~50 µs).
READ_ON_LOOP = 64 << 10
GCM_OBJECTIVES = 23


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def variant(subs: dict[str, WireTerm]) -> str | None:
    """A call's file-name part: '' without parameters, a digest of its one bound term, or
    None (never answered by the build) with more than one."""
    if not subs:
        return ""
    if len(subs) > 1:
        return None
    ((name, term),) = subs.items()
    return _digest(f"{name}={term[1]}")[:16]


def raw_calls(q: NamedQuery) -> list[dict[str, str]]:
    """The calls the build answers, as query-string values: none if a parameter is
    required, else the call without parameters and, for a `gcm` parameter, one per
    objective."""
    if q.form not in ("SELECT", "ASK") or any(p.required for p in q.params):
        return []
    out: list[dict[str, str]] = [{}]
    for p in q.params:
        if p.type == "gcm":
            out += [{p.name: str(n)} for n in range(1, GCM_OBJECTIVES + 1)]
    return out


def calls(q: NamedQuery, ids: Ids) -> list[dict[str, WireTerm]]:
    """`raw_calls` bound as the route binds them."""
    return [q.bindings(raw, ids) if raw else {} for raw in raw_calls(q)]


def write(build: Path, queries_dir: Path = REPO_DIR / "queries", base: str = DEFAULT_BASE) -> Path:
    """Writes `build/answers/` from `build/graph.nq`; returns the folder."""
    store = open_store("memory", str(build / "store"), str(build / "graph.nq"))
    folder = build / DIR_NAME
    folder.mkdir(exist_ok=True)
    index: dict[str, dict[str, object]] = {}
    for q in load_queries(queries_dir).values():
        answered = []
        for subs in calls(q, Ids(base)):
            bodies = {}
            for offer in RESULTS:
                request = Request(q.text, results_format=offer.key, substitutions=subs)
                reply = evaluate(store, request)
                if reply.status != "ok" or len(reply.body) > MAX_BYTES:
                    break
                bodies[offer.key] = reply.body
            else:
                part = variant(subs)
                assert part is not None  # `calls` binds one parameter at most
                for key, body in bodies.items():
                    (folder / _file_name(q.name, part, key)).write_bytes(body)
                answered.append(part)
        if answered:
            index[q.name] = {"text": _digest(q.text), "variants": sorted(answered)}
    (folder / "index.json").write_text(json.dumps(index, indent=1, sort_keys=True), "utf-8")
    return folder


def _file_name(name: str, part: str, results_format: str) -> str:
    return f"{name}.{part}.{results_format}" if part else f"{name}.{results_format}"


@lru_cache(maxsize=8)
def _index(folder: Path) -> dict[str, tuple[str, frozenset[str]]]:
    try:
        data = json.loads((folder / "index.json").read_text("utf-8"))
    except FileNotFoundError:  # a build from before the answers: every call runs live
        return {}
    return {n: (e["text"], frozenset(e["variants"])) for n, e in data.items()}


async def read_answer(
    build: Path, query: NamedQuery, subs: dict[str, WireTerm], results_format: str
) -> bytes | None:
    """The build's answer to this call of `query` in that format, or None; a large file is
    read in a thread rather than on the event loop."""
    path = answer_path(build, query, subs, results_format)
    try:
        if path is None:
            return None
        if path.stat().st_size <= READ_ON_LOOP:
            return path.read_bytes()
        return await asyncio.to_thread(path.read_bytes)
    except FileNotFoundError:
        return None


def answer_path(
    build: Path, query: NamedQuery, subs: dict[str, WireTerm], results_format: str
) -> Path | None:
    """Where the build wrote this call's answer, or None when it did not answer it."""
    folder = build / DIR_NAME
    entry = _index(folder).get(query.name)
    part = variant(subs)
    if part is None or entry is None or entry[0] != _digest(query.text) or part not in entry[1]:
        return None
    return folder / _file_name(query.name, part, results_format)
