"""Two service instances over one build directory, as behind a load balancer.

Both open the same published build (RocksDB read-only, which many processes may hold at
once, or `graph.nq` in memory), answer the same requests byte for byte, and keep serving
their build while a new one is published into the same directory (`current` swapped).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from loaders.pipeline import store as publish
from tests.service.dataset import AGENCY, BASE, MIG, write_build
from tests.service.server import running_server

LOOKUP = f"SELECT ?a WHERE {{ ?a <{MIG}responsibleAgency> <{AGENCY}> }} ORDER BY ?a"
GROUP_BY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
REQUESTS = (
    ("/sparql", {"query": LOOKUP}),
    ("/sparql", {"query": GROUP_BY}),
    ("/id/institucion/inm.ttl", {}),
    ("/id/accion/doc-a/3.nt", {}),
)  # fmt: skip


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_build(tmp_path_factory.mktemp("shared-build"))


@pytest.fixture(scope="module", params=["disk", "memory"])
def instances(build_dir: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    mode = request.param
    with (
        running_server(build_dir, store_mode=mode, query_workers=1) as one,
        running_server(build_dir, store_mode=mode, query_workers=1) as two,
    ):
        yield one, two


def _answers(url: str) -> list[tuple[int, bytes]]:
    out = []
    with httpx.Client(base_url=url, timeout=30) as c:
        for path, params in REQUESTS:
            r = c.get(path, params=params, headers={"Accept": "application/sparql-results+json"})
            out.append((r.status_code, r.content))
    return out


def new_action(build_id: str) -> str:
    return f"{BASE}accion/{build_id}/1"


def _publish_new_build(build_dir: Path) -> str:
    """A second build (one more graph) published with the build's own atomic swap."""
    build_id = f"zz-build-{len(list((build_dir / 'stores').iterdir()))}"
    data = list(ox.parse(path=str(build_dir / "current" / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    g = ox.NamedNode(BASE + "grafo/doc-c")
    data.append(
        ox.Quad(
            ox.NamedNode(new_action(build_id)), ox.NamedNode(MIG + "year"), ox.Literal("2026"), g
        )
    )
    work = publish.start_build(build_dir, build_id)
    nquads = b"".join(sorted(str(q).encode() + b" .\n" for q in data))
    (work / "graph.nq").write_bytes(nquads)
    publish.write_store(work, nquads)
    (work / "report.json").write_text('{"version": "second"}', "utf-8")
    publish.publish(build_dir, work)
    return build_id


def test_two_instances_answer_alike(instances: tuple[str, str]) -> None:
    one, two = instances
    first, second = _answers(one), _answers(two)
    assert [status for status, _ in first] == [200] * len(REQUESTS)
    assert first == second


def test_instances_keep_their_build_across_a_publish(
    instances: tuple[str, str], build_dir: Path
) -> None:
    one, two = instances
    before = _answers(one)
    served = httpx.get(one + "/health").json()["build"]
    new_id = _publish_new_build(build_dir)
    assert (build_dir / "current").resolve().name == new_id
    for url in (one, two):
        assert _answers(url) == before
        health = httpx.get(url + "/health").json()
        assert health["build"] == served
        ask = httpx.get(
            url + "/sparql", params={"query": f"ASK {{ <{new_action(new_id)}> ?p ?o }}"}
        )
        assert ask.json()["boolean"] is False
    # A new instance (a restart, or one more behind the balancer) serves the new build.
    with running_server(build_dir, store_mode="disk", query_workers=1) as three:
        assert httpx.get(three + "/health").json()["build"] == new_id
        ask = httpx.get(
            three + "/sparql", params={"query": f"ASK {{ <{new_action(new_id)}> ?p ?o }}"}
        )
        assert ask.json()["boolean"] is True
