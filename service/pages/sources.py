"""The source viewer: each vendored document as a page of numbered lines.

`/fuentes/<key>` lists every line of the build's copy of the document (`sources/` in the
build, described by its `publications.json`) with the id `L<n>`, so `#L120` is a line and
`#L120-L140` a range (`static/source.js` marks it; a single line needs only CSS
`:target`). Quotes on resource pages link here with `link`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from starlette.requests import Request

from loaders.errors import SourceError
from loaders.model import SourceDocument
from loaders.pipeline.manifest import load_manifest
from loaders.publishing.facts import SourceFacts
from service.errors import ServiceError
from service.linked_data.describe import source_lines
from service.open_data.documents import publications
from service.state import service_state


@dataclass(frozen=True)
class Doc:
    """A source document as the viewer names it."""

    key: str
    title: str
    publisher: str
    issued: str
    file: str


@dataclass(frozen=True)
class SourceView:
    doc: Doc
    lines: list[str]


def documents(request: Request) -> dict[str, Doc]:
    """The build's source documents by key, in the manifest's order: from its
    `publications.json`, or the manifest beside the sources for a build without one."""
    try:
        facts: list[SourceFacts] = publications(request).sources
        return {s.key: Doc(s.key, s.title, s.publisher, s.issued, s.file.file) for s in facts}
    except ServiceError:
        manifest = source_manifest(service_state(request).build.sources_dir)
        return {k: Doc(k, d.title, d.publisher, d.issued, d.file) for k, d in manifest.items()}


@lru_cache(maxsize=4)
def source_manifest(sources_dir: Path) -> dict[str, SourceDocument]:
    try:
        return load_manifest(sources_dir)
    except SourceError:
        return {}


def lines(request: Request, key: str) -> list[str] | None:
    """The lines of document `key`'s text in the build, or None for an unknown key."""
    doc = documents(request).get(key)
    if doc is None or Path(doc.file).name != doc.file:  # a bare name, never a path
        return None
    return source_lines(service_state(request).build.sources_dir / doc.file)


def view(request: Request, key: str) -> SourceView | None:
    found = lines(request, key)
    return None if found is None else SourceView(documents(request)[key], found)


def fragment(start: int, end: int | None = None) -> str:
    """`L12` or `L120-L140`: the id of a line, or a range of them."""
    return f"L{start}" if end is None or end <= start else f"L{start}-L{end}"


def link(key: str, start: int, end: int | None = None) -> str:
    """The viewer's URL for lines `start`..`end` of document `key`."""
    return f"/fuentes/{key}#{fragment(start, end)}"
