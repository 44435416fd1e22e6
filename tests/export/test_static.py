"""The static export served by a stock nginx answers what the live service answers: every
API item, collection page and timeline, a sample of IRIs in each format by `Accept` and by
extension, the catalog, VoID and dumps, byte for byte, with the same media types."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from service.api.named_queries import load_queries
from service.api.snapshot import FILE_NAME, open_snapshot
from service.export.run import instance_stems
from service.export.targets import IRI_FORMATS, METADATA_FORMATS, api_targets, query_targets
from service.settings import REPO_DIR
from tests.export.conftest import Served

# the first test builds the corpus and the export: minutes on a machine other work loads
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

BASE = "https://w3id.org/migracion-mx/id/"
IDENTITY = {"accept-encoding": "identity"}


# rdflib writes JSON-LD and RDF/XML in its sets' order, which changes with each process's
# hash seed: what the catalog describes (`/catalog`, VoID, `id/catalogo`, ...) is compared
# as a graph in those two formats, everything else byte for byte.
_RDFLIB_ORDER = {"application/ld+json": "json-ld", "application/rdf+xml": "xml"}


def _same(served: Served, url: str, accept: str, *, catalog: bool = False) -> httpx.Response:
    headers = {"accept": accept, **IDENTITY}
    static = served.static.get(url, headers=headers)
    live = served.live.get(url, headers=headers)
    assert (static.status_code, live.status_code) == (200, 200), (url, accept)
    media_type = live.headers["content-type"]
    assert static.headers["content-type"] == media_type, (url, accept)
    if catalog and media_type in _RDFLIB_ORDER:
        fmt = _RDFLIB_ORDER[media_type]
        got = Graph().parse(data=static.content, format=fmt)
        expected = Graph().parse(data=live.content, format=fmt)
        assert len(got) > 0 and isomorphic(got, expected), url
    else:
        assert static.content == live.content, (url, accept)
    return static


def _catalog_iris(build: Path) -> set[str]:
    graph = Graph().parse(build / "catalog.ttl").parse(build / "void.ttl")
    return {str(s) for s in graph.subjects() if str(s).startswith(BASE)}


def test_export_holds_every_api_answer(served: Served) -> None:
    counts = served.summary.counts
    # 1,665 members (856 actions, 203 agencies, ...), 41 pages of 50, 203 + 108 timelines,
    # the entry point, the context and the 12 bare collection URLs
    assert counts["API files"] == 1665 + 41 + 311 + 2 + 12
    # every subject under the base but the two retired programme IRIs (3,158 before the
    # tracker added its 3,014 statuses, presences, changes and tallies, and 143 more
    # correspondences when the crosswalk kept pairs by their filing vote), and /def, /def/doc
    assert counts["IRI documents"] == 3 * 6315 + 4
    assert counts["catalog and VoID files"] == 6
    # the list, and each of 130 calls in 4 formats: 10 queries without parameters, and 5 with
    # an optional GCM objective, unbound and with each of the 23
    assert counts["named query files"] == 1 + 4 * (10 + 5 * 24)


def test_every_api_file_is_the_services_bytes(served: Served, corpus_build) -> None:
    snapshot = open_snapshot(Path(corpus_build.path) / FILE_NAME)
    assert snapshot is not None
    todo = api_targets(snapshot, BASE)
    assert len(todo) == served.summary.counts["API files"]
    for target in todo:
        r = _same(served, target.url, target.accept)
        if "/timeline" not in target.url and target.url != "/api/context/v1.jsonld":
            assert f"<{served.root}/api/context/v1.jsonld>" in r.headers["link"]
            assert r.headers["access-control-allow-origin"] == "*"


def test_named_queries_answer_as_the_service_does(served: Served) -> None:
    todo = query_targets(load_queries(REPO_DIR / "queries"))
    assert len(todo) == served.summary.counts["named query files"]
    for target in todo:
        r = _same(served, target.url, target.accept)
        assert r.headers["access-control-allow-origin"] == "*"
    # negotiated as the service does: `*/*` and no Accept give SPARQL JSON, as does
    # `application/json`
    url = "/api/queries/gcm_actions_per_objective_year?gcm=7"
    for accept in ("*/*", "", "application/json"):
        _same(served, url, accept)
    counts = served.static.get("/api/queries/documents_counts", headers={"accept": "text/csv"})
    assert counts.text.splitlines()[0].startswith("document,")
    # a call with another parameter needs the SPARQL engine: not in the export
    assert served.static.get("/api/queries/agency_timeline?agency=inm").status_code == 404
    assert served.static.get("/api/queries/tracker_objective_tallies?gcm=24").status_code == 404
    assert served.static.get("/api/queries/documents_counts?gcm=../x").status_code == 404


def test_paging_by_the_links_visits_every_action_once(served: Served) -> None:
    seen: list[str] = []
    url: str | None = "/api/actions"
    pages = 0
    while url:
        body = served.static.get(url).json()
        assert body["totalItems"] == 856
        seen += [m["id"] for m in body["member"]]
        url = body["view"].get("next")
        pages += 1
    assert pages == 18
    assert len(seen) == len(set(seen)) == 856


def test_iris_negotiate_as_the_service_does(served: Served, corpus_build) -> None:
    stems = instance_stems(Path(corpus_build.path) / "store", BASE)
    sample = [*stems[::9], "institucion/inm", "accion/pmm-2022/obj07-12", "catalogo"]
    catalog = _catalog_iris(Path(corpus_build.path))
    for stem in sample:
        for _, accept in IRI_FORMATS:
            _same(served, f"/id/{stem}", accept, catalog=BASE + stem in catalog)
    for accept in ("*/*", "text/html,application/xhtml+xml,*/*;q=0.8", "application/json"):
        _same(served, "/id/institucion/inm", accept)
    for ext, _ in IRI_FORMATS:
        _same(served, f"/id/gcm/objetivo/7.{ext}", "*/*")
        _same(served, "/def", dict(IRI_FORMATS)[ext])
    page = served.static.get("/id/institucion/inm", headers={"accept": "text/html"}).text
    assert "Instituto Nacional de Migración" in page


def test_metadata_and_dumps(served: Served) -> None:
    for _, accept in METADATA_FORMATS:
        _same(served, "/catalog", accept, catalog=True)
        _same(served, "/.well-known/void", accept, catalog=True)
    catalog = served.static.get("/catalog", headers={"accept": "text/turtle"}).text
    dumps = sorted({line.split("/dumps/")[1].split(">")[0] for line in catalog.split("<")
                    if "/dumps/" in line and ">" in line})  # fmt: skip
    assert "migrakg.nq.gz" in dumps and len(dumps) >= 4 + 5 + 26
    for name in dumps:
        _same(served, f"/dumps/{name}", "*/*")


def test_what_the_export_does_not_have(served: Served) -> None:
    retired = "/id/programa/municipios-fronterizos-de-derechos-humanos.ttl"
    for client in (served.static, served.live):
        r = client.get(retired, headers={"accept": "text/turtle"})
        assert r.status_code == 301
        kept = "/id/programa/proyecto-piloto-municipios-fronterizos.ttl"
        assert r.headers["location"] == served.root + kept
    assert served.static.get("/id/no/such-thing").status_code == 404
    assert served.static.get("/api/actions?page=../../../etc/passwd").status_code == 404
    assert served.static.get("/api/actions?agency=inm").status_code == 404  # needs the service
    etag = served.static.get("/api/agencies/inm").headers["etag"]
    assert (
        served.static.get("/api/agencies/inm", headers={"if-none-match": etag}).status_code == 304
    )
