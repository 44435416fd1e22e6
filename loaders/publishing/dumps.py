"""The whole graph as gzip-compressed dumps, byte-for-byte reproducible.

From the build's sorted N-Quads: N-Quads as they are; TriG and expanded JSON-LD with the
quads ordered by graph, then by N-Quads line; Turtle of the union of the named graphs (each
distinct triple once, the graph names dropped). gzip headers carry no file name and mtime 0,
so the same N-Quads always give the same bytes and the same SHA-256.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from loaders.dataset import serialize
from loaders.publishing.facts import FileFacts
from loaders.vocab import PREFIXES

DUMP_NAME = "migrakg"
GZIP_LEVEL = 6


@dataclass(frozen=True)
class DumpFormat:
    key: str
    extension: str
    media_type: str
    file_type: str  # EU file-type authority code
    render: Callable[[bytes], bytes]


def _quads(nquads: bytes) -> list[ox.Quad]:
    """The quads in graph order, each graph's quads in N-Quads line order."""
    lines = nquads.splitlines(keepends=True)
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))  # one quad a line
    order = sorted(range(len(lines)), key=lambda i: (str(quads[i].graph_name), lines[i]))
    return [quads[i] for i in order]


def _trig(nquads: bytes) -> bytes:
    return serialize(_quads(nquads), ox.RdfFormat.TRIG, PREFIXES)


def _jsonld(nquads: bytes) -> bytes:
    return serialize(_quads(nquads), ox.RdfFormat.JSON_LD)


def _turtle_union(nquads: bytes) -> bytes:
    triples: dict[bytes, ox.Triple] = {}
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        triple = ox.Triple(quad.subject, quad.predicate, quad.object)
        triples.setdefault(serialize([triple], ox.RdfFormat.N_TRIPLES), triple)
    ordered = [triples[line] for line in sorted(triples)]
    return serialize(ordered, ox.RdfFormat.TURTLE, PREFIXES)


FORMATS: tuple[DumpFormat, ...] = (
    DumpFormat("nquads", "nq", "application/n-quads", "RDF_N_QUADS", lambda data: data),
    DumpFormat("trig", "trig", "application/trig", "RDF_TRIG", _trig),
    DumpFormat("turtle", "ttl", "text/turtle", "RDF_TURTLE", _turtle_union),
    DumpFormat("jsonld", "jsonld", "application/ld+json", "JSON_LD", _jsonld),
)


def gzip_bytes(data: bytes) -> bytes:
    """gzip with no name and mtime 0: the output depends on `data` alone."""
    buffer = io.BytesIO()
    with gzip.GzipFile(
        filename="", mode="wb", fileobj=buffer, compresslevel=GZIP_LEVEL, mtime=0
    ) as out:
        out.write(data)
    return buffer.getvalue()


def file_facts(path: Path, key: str, media_type: str, file_type: str, **extra: bool) -> FileFacts:
    data = path.read_bytes()
    return FileFacts(
        key=key,
        file=path.name,
        media_type=media_type,
        file_type=file_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        **extra,
    )


def write_dumps(out_dir: Path, nquads: bytes) -> list[FileFacts]:
    """Write `<out_dir>/migrakg.<ext>.gz` for every format; their sizes and SHA-256."""
    out_dir.mkdir(parents=True, exist_ok=True)
    facts = []
    for fmt in FORMATS:
        path = out_dir / f"{DUMP_NAME}.{fmt.extension}.gz"
        path.write_bytes(gzip_bytes(fmt.render(nquads)))
        facts.append(file_facts(path, fmt.key, fmt.media_type, fmt.file_type, compressed=True))
    return facts
