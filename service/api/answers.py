"""Named queries called without parameters, answered once at build time (`answers/`).

Why: an aggregate over the whole corpus (`documents_counts`, `agency_actions_per_kind_year`,
`programs_across_documents`) visits every action, and no rewrite makes that grow slower than
the actions do (at synthetic 50x the quads there are 83x the actions, and each lookup costs
more in a bigger store). Without parameters such an answer is a function of the build, so
the build evaluates it once per results format with the engine's own `evaluate`, on the
store as the service opens it in memory (`open_store`), and writes the bytes to
`answers/<name>.<format>`; the service reads the file per request (the page cache shares
it between workers; nothing is held per process). `answers/index.json` keys each answer by
the SHA-256 of the query's text: a query edited after the build runs live. Calls with
parameters, CONSTRUCT/DESCRIBE queries and remote backends always run live, and so do
answers over `MAX_BYTES` (long listings cost what writing them out costs).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from service.api.named_queries import NamedQuery, load_queries
from service.engine.process import Request, evaluate, open_store
from service.http.formats import RESULTS
from service.settings import REPO_DIR

DIR_NAME = "answers"
MAX_BYTES = 4 << 20  # per answer and format


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write(build: Path, queries_dir: Path = REPO_DIR / "queries") -> Path:
    """Writes `build/answers/` from `build/graph.nq`; returns the folder."""
    store = open_store("memory", str(build / "store"), str(build / "graph.nq"))
    folder = build / DIR_NAME
    folder.mkdir(exist_ok=True)
    written: dict[str, str] = {}
    for q in load_queries(queries_dir).values():
        if q.form not in ("SELECT", "ASK") or any(p.required for p in q.params):
            continue
        bodies = {}
        for offer in RESULTS:
            reply = evaluate(store, Request(q.text, results_format=offer.key))
            if reply.status != "ok" or len(reply.body) > MAX_BYTES:
                break
            bodies[offer.key] = reply.body
        else:
            for key, body in bodies.items():
                (folder / f"{q.name}.{key}").write_bytes(body)
            written[q.name] = _digest(q.text)
    (folder / "index.json").write_text(json.dumps(written, indent=1, sort_keys=True), "utf-8")
    return folder


@lru_cache(maxsize=8)
def _index(folder: Path) -> dict[str, str]:
    try:
        index: dict[str, str] = json.loads((folder / "index.json").read_text("utf-8"))
    except FileNotFoundError:  # a build from before the answers: every call runs live
        return {}
    return index


def answer(build: Path, query: NamedQuery, results_format: str) -> bytes | None:
    """The build's answer to `query` without parameters in that format, or None."""
    folder = build / DIR_NAME
    if _index(folder).get(query.name) != _digest(query.text):
        return None
    try:
        return (folder / f"{query.name}.{results_format}").read_bytes()
    except FileNotFoundError:
        return None
