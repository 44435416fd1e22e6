"""Dumps: every format holds the build's dataset, and two writes give the same bytes."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox
import pytest

from loaders.publishing.dumps import FORMATS, gzip_bytes, write_dumps
from tests.publishing.small import SmallBuild

DATASET_FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def _load(data: bytes, fmt: ox.RdfFormat) -> set[str]:
    quads = ox.parse(data, format=fmt)
    return {ox.serialize([q], format=ox.RdfFormat.N_QUADS).decode() for q in quads}


def test_two_writes_give_identical_bytes(small: SmallBuild, tmp_path: Path) -> None:
    again = write_dumps(tmp_path / "again", small.nquads)
    assert again == small.facts.dumps
    for facts in again:
        first = (small.work / "dumps" / facts.file).read_bytes()
        assert (tmp_path / "again" / facts.file).read_bytes() == first


def test_gzip_header_carries_no_name_or_time() -> None:
    data = gzip_bytes(b"x")
    assert data[3] == 0  # FLG: no FNAME, no comment
    assert data[4:8] == b"\0\0\0\0"  # MTIME
    assert gzip_bytes(b"x") == data


def test_every_format_is_listed_once(small: SmallBuild) -> None:
    assert [d.key for d in small.facts.dumps] == [f.key for f in FORMATS]
    assert [d.file for d in small.facts.dumps] == [
        "migrakg.nq.gz",
        "migrakg.trig.gz",
        "migrakg.ttl.gz",
        "migrakg.jsonld.gz",
    ]


@pytest.mark.parametrize("key", sorted(DATASET_FORMATS))
def test_dataset_dumps_hold_every_quad(small: SmallBuild, key: str) -> None:
    facts = next(d for d in small.facts.dumps if d.key == key)
    data = gzip.decompress((small.work / "dumps" / facts.file).read_bytes())
    expected = set(small.nquads.decode().splitlines(keepends=True))
    assert _load(data, DATASET_FORMATS[key]) == expected


def test_turtle_dump_is_the_union_with_each_triple_once(small: SmallBuild) -> None:
    data = gzip.decompress((small.work / "dumps" / "migrakg.ttl.gz").read_bytes())
    triples = {
        ox.serialize([t], format=ox.RdfFormat.N_TRIPLES).decode()
        for t in ox.parse(data, format=ox.RdfFormat.TURTLE)
    }
    union = {
        ox.serialize(
            [ox.Triple(q.subject, q.predicate, q.object)], format=ox.RdfFormat.N_TRIPLES
        ).decode()
        for q in ox.parse(small.nquads, format=ox.RdfFormat.N_QUADS)
    }
    assert triples == union
    assert len(union) < len(small.nquads.splitlines())  # documents share some triples
