"""Releases: every published build whose data changed is a release, kept in a ledger.

The ledger is one small JSON file per release, `releases/<version>.json` in each build's
directory. A build reads the ledger of the build `current` points to (the previous
published build), carries every file forward byte for byte, and adds a file only when its
sorted N-Quads differ from the last release's (compared by SHA-256): the same sources give
the same release, with the same version and dates, so a harvester sees `dct:modified`
change only when the data changed.

- **version**: the UTC date the release was made, `YYYY.MM.DD`, with `.2`, `.3`, ... for a
  second or third release the same day. Each release also records the SHA-256 of its
  `graph.nq`, which identifies the data exactly.
- **issued**: the build's clock when the release was made (never invented, never changed).
- **change summary** against the previous release: quads added and removed per named graph
  (line-level difference of the two sorted N-Quads files; blank nodes have content-derived
  labels, so only a changed node's quads differ), and the resources new and gone (IRIs that
  are, or stop being, the subject of some quad). The first release has no previous one: its
  summary counts every quad as added and lists no resources.

Release metadata stays out of `graph.nq` and the store (it depends on history and the
clock, the data depends only on the sources); it lives in the ledger, `publications.json`,
the catalog, schema.org and the `/versiones` page.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from loaders.pipeline.store import current_build

RELEASES_DIR = "releases"


@dataclass(frozen=True)
class GraphChange:
    added: int
    removed: int


@dataclass(frozen=True)
class Release:
    """One release as its ledger file states it."""

    version: str
    issued: str  # ISO 8601 date-time, UTC, from the clock of the build that made it
    content_sha256: str  # of the release's graph.nq
    build_id: str  # the build that made it
    quads: int
    resources: int  # IRIs that are the subject of some quad
    previous: str | None = None  # the previous release's version
    graphs: dict[str, GraphChange] = field(default_factory=dict)
    new_resources: list[str] = field(default_factory=list)
    gone_resources: list[str] = field(default_factory=list)

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True).encode()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Release:
        graphs = {g: GraphChange(**c) for g, c in data.get("graphs", {}).items()}
        return cls(**{**data, "graphs": graphs})

    @property
    def added(self) -> int:
        return sum(c.added for c in self.graphs.values())

    @property
    def removed(self) -> int:
        return sum(c.removed for c in self.graphs.values())


def read_ledger(build: Path | None) -> list[Release]:
    """The releases a build's directory records, oldest first."""
    if build is None or not (build / RELEASES_DIR).is_dir():
        return []
    found = [
        Release.from_dict(json.loads(path.read_text("utf-8")))
        for path in (build / RELEASES_DIR).glob("*.json")
    ]
    return sorted(found, key=lambda r: (r.issued, r.version))


def _parts(line: bytes) -> tuple[str, str]:
    """(subject, graph) of one N-Quads line as written by `dataset.sorted_nquads`: the
    subject is the first term, the graph the last before ` .` (every quad is in a named
    graph)."""
    text = line.decode("utf-8").rstrip()
    subject = text.split(" ", 1)[0]
    graph = text[: -len(" .")].rsplit(" ", 1)[1]
    return subject, graph


def _iri(term: str) -> str | None:
    return term[1:-1] if term.startswith("<") else None


def _subjects(lines: list[bytes]) -> set[str]:
    """The IRIs that are the subject of some line (the bytes up to the first space)."""
    terms = {line[: line.index(b" ")] for line in lines}
    return {term[1:-1].decode("utf-8") for term in terms if term.startswith(b"<")}


def _difference(old: list[bytes], new: list[bytes]) -> tuple[list[bytes], list[bytes]]:
    """(added, removed) lines of two sorted, duplicate-free lists, in one linear walk (no
    set of a whole dataset in memory)."""
    added: list[bytes] = []
    removed: list[bytes] = []
    i = j = 0
    while i < len(old) and j < len(new):
        if old[i] == new[j]:
            i, j = i + 1, j + 1
        elif old[i] < new[j]:
            removed.append(old[i])
            i += 1
        else:
            added.append(new[j])
            j += 1
    return added + new[j:], removed + old[i:]


def changes(old: bytes | None, new: bytes) -> tuple[dict[str, GraphChange], list[str], list[str]]:
    """Quads added and removed per named graph, resources new and gone, from `old` to `new`
    (both sorted N-Quads, as `dataset.sorted_nquads` writes them: lines in byte order).
    With no `old`, every quad is added and no resource is listed."""
    after = new.splitlines()
    before = old.splitlines() if old is not None else []
    added, removed = _difference(before, after)
    counts: dict[str, list[int]] = {}
    for lines, index in ((added, 0), (removed, 1)):
        for line in lines:
            graph = _iri(_parts(line)[1]) or ""
            counts.setdefault(graph, [0, 0])[index] += 1
    graphs = {g: GraphChange(added=a, removed=r) for g, (a, r) in sorted(counts.items())}
    if old is None:
        return graphs, [], []
    # Only subjects of changed lines can be new or gone; check them against the whole.
    was = _subjects(removed) - _subjects(after)
    now = _subjects(added) - _subjects(before)
    return graphs, sorted(now), sorted(was)


def _version(issued: str, ledger: list[Release]) -> str:
    day = issued[:10].replace("-", ".")
    same_day = [r for r in ledger if r.version == day or r.version.startswith(day + ".")]
    return day if not same_day else f"{day}.{len(same_day) + 1}"


def releases_for(
    build_dir: Path, nquads: bytes, issued: str, build_id: str
) -> tuple[list[Release], bool]:
    """The ledger after this build: the previous build's releases, plus a new one when the
    data differ from the last release's. Returns it oldest first and whether it is new."""
    previous = current_build(build_dir)
    ledger = read_ledger(previous)
    digest = hashlib.sha256(nquads).hexdigest()
    if ledger and ledger[-1].content_sha256 == digest:
        return ledger, False
    old = None
    if previous is not None and ledger:
        path = previous / "graph.nq"
        data = path.read_bytes() if path.is_file() else None
        if data is not None and hashlib.sha256(data).hexdigest() == ledger[-1].content_sha256:
            old = data
    graphs, new, gone = changes(old, nquads)
    release = Release(
        version=_version(issued, ledger),
        issued=issued,
        content_sha256=digest,
        build_id=build_id,
        quads=len(nquads.splitlines()),
        resources=len(_subjects(nquads.splitlines())),
        previous=ledger[-1].version if ledger else None,
        graphs=graphs,
        new_resources=new,
        gone_resources=gone,
    )
    return [*ledger, release], True


def write_ledger(work: Path, build_dir: Path, releases: list[Release]) -> dict[str, bytes]:
    """Every release's file into `work/releases/`: the previous build's files copied as
    they are, the new one written. Returns the bytes of each file by version."""
    folder = work / RELEASES_DIR
    folder.mkdir(exist_ok=True)
    previous = current_build(build_dir)
    out = {}
    for release in releases:
        name = f"{release.version}.json"
        kept = previous / RELEASES_DIR / name if previous is not None else None
        data = kept.read_bytes() if kept is not None and kept.is_file() else release.to_json()
        (folder / name).write_bytes(data)
        out[release.version] = data
    return out
