"""The metadata routes over a real uvicorn server on 127.0.0.1, serving the small build."""

from __future__ import annotations

import concurrent.futures
import hashlib
import json

import httpx
import pytest
from pyld import jsonld
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, QB, RDF, VOID

from loaders.publishing.dcat import SPDX
from loaders.publishing.void import UNION
from tests.publishing.small import SmallBuild
from tests.publishing.test_catalog import EXPECTED_WARNINGS, results

pytestmark = pytest.mark.slow

FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def _graph(response: httpx.Response) -> Graph:
    media = response.headers["content-type"].split(";")[0]
    return Graph().parse(data=response.content, format=FORMATS[media])


@pytest.mark.parametrize("media", sorted(FORMATS))
def test_catalog_by_conneg(http: httpx.Client, server: str, media: str) -> None:
    response = http.get("/catalog", headers={"Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "Accept" in response.headers["vary"]
    served = _graph(response)
    turtle = _graph(http.get("/catalog", headers={"Accept": "text/turtle"}))
    assert isomorphic(served, turtle)  # one catalog, whatever the format
    assert len(set(served.subjects(RDF.type, DCAT.Catalog))) == 1
    downloads = {str(o) for o in served.objects(None, DCAT.downloadURL)}
    assert f"{server}/dumps/migrakg.nq.gz" in downloads  # the URLs of the server asked


@pytest.mark.parametrize(
    ("ext", "media"),
    [("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("rdf", "application/rdf+xml")],
)
def test_catalog_by_extension(http: httpx.Client, ext: str, media: str) -> None:
    response = http.get(f"/catalog.{ext}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)


def test_catalog_refuses_what_it_cannot_give(http: httpx.Client) -> None:
    assert http.get("/catalog", headers={"Accept": "image/png"}).status_code == 406
    assert http.get("/catalog.png").status_code == 404


def test_served_catalog_validates(http: httpx.Client) -> None:
    violations, warnings = results(_graph(http.get("/catalog")))
    assert violations == set()
    assert warnings == EXPECTED_WARNINGS


def test_every_distribution_downloads_with_its_checksum(http: httpx.Client) -> None:
    catalog = _graph(http.get("/catalog"))
    dists = list(catalog.subjects(RDF.type, DCAT.Distribution))
    # dumps, source texts, the indicator's CSV and JSON-LD, the release's record
    assert len(dists) == 4 + 5 + 2 + 1
    for dist in dists:
        response = http.get(str(catalog.value(dist, DCAT.downloadURL)))
        assert response.status_code == 200
        assert len(response.content) == catalog.value(dist, DCAT.byteSize).toPython()
        checksum = catalog.value(dist, SPDX.checksum)
        expected = str(catalog.value(checksum, SPDX.checksumValue))
        assert hashlib.sha256(response.content).hexdigest() == expected
        assert response.headers["etag"] == f'"{expected}"'


def test_conditional_get(http: httpx.Client) -> None:
    first = http.get("/dumps/migrakg.nq.gz")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert http.get("/dumps/migrakg.nq.gz", headers={"If-None-Match": etag}).status_code == 304
    again = http.get("/dumps/migrakg.nq.gz", headers={"If-None-Match": '"other"'})
    assert again.status_code == 200 and again.content == first.content
    since = http.get("/dumps/migrakg.nq.gz", headers={"If-Modified-Since": modified})
    assert since.status_code == 304 and since.content == b""
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert http.get("/dumps/migrakg.nq.gz", headers={"If-Modified-Since": old}).status_code == 200


def test_range_requests(http: httpx.Client) -> None:
    whole = http.get("/dumps/migrakg.ttl.gz").content
    part = http.get("/dumps/migrakg.ttl.gz", headers={"Range": "bytes=10-99"})
    assert part.status_code == 206
    assert part.content == whole[10:100]
    assert part.headers["content-range"] == f"bytes 10-99/{len(whole)}"
    tail = http.get("/dumps/migrakg.ttl.gz", headers={"Range": "bytes=-16"})
    assert tail.status_code == 206 and tail.content == whole[-16:]
    beyond = http.get("/dumps/migrakg.ttl.gz", headers={"Range": f"bytes={len(whole) + 5}-"})
    assert beyond.status_code == 416


def test_unknown_dump_is_404(http: httpx.Client) -> None:
    assert http.get("/dumps/nothing.gz").status_code == 404
    assert http.get("/dumps/..%2Freport.json").status_code == 404


def test_void_counts_equal_sparql_counts(http: httpx.Client, small: SmallBuild) -> None:
    void = _graph(http.get("/.well-known/void", headers={"Accept": "text/turtle"}))
    [dataset] = [
        s for s in void.subjects(VOID.sparqlEndpoint, None) if (None, VOID.subset, s) not in void
    ]
    query = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    answer = http.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    ).json()
    total = int(answer["results"]["bindings"][0]["n"]["value"])
    assert (
        void.value(dataset, VOID.triples).toPython() == total == small.facts.void[UNION]["triples"]
    )
    plain = http.get(
        "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    ).json()
    # The default graph is the merge as a set: COUNT(*) on it is VoID's number, and /health's
    # and the service description's.
    assert int(plain["results"]["bindings"][0]["n"]["value"]) == total
    assert http.get("/health").json()["triples"] == total
    description = _graph(http.get("/sparql", headers={"Accept": "text/turtle"}))
    stated = {o.toPython() for o in description.objects(None, VOID.triples)}
    assert total in stated
    for subset in void.objects(dataset, VOID.subset):
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{subset}> {{ ?s ?p ?o }} }}"
        answer = http.get(
            "/sparql",
            params={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        ).json()
        count = int(answer["results"]["bindings"][0]["n"]["value"])
        assert void.value(subset, VOID.triples).toPython() == count, subset


def test_home_embeds_schema_org(http: httpx.Client) -> None:
    page = http.get("/", headers={"Accept": "text/html"}).text
    start = page.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    block = json.loads(page[start : page.index("</script>", start)])
    [node] = jsonld.expand(block, {"documentLoader": lambda url, options: {}})
    assert node["@type"] == ["https://schema.org/Dataset"]


def test_ontology_documentation(http: httpx.Client) -> None:
    response = http.get("/def/doc")
    assert response.status_code == 200
    assert 'id="Action"' in response.text


def _blank(term: object) -> bool:
    return isinstance(term, BNode)


def _catalog_iris(http: httpx.Client, small: SmallBuild) -> list[str]:
    """The catalog's own IRIs under the base (fragments are parts of their documents)."""
    catalog = _graph(http.get("/catalog"))
    base = small.facts.base
    return sorted(
        {str(s) for s in catalog.subjects() if str(s).startswith(base) and "#" not in str(s)}
    )


def test_the_catalogs_own_iris_dereference(http: httpx.Client, small: SmallBuild) -> None:
    """`id/catalogo`, the datasets, distributions, publisher and build are not in the graph
    store (the catalog describes its dumps) but answer `/id/...` from the catalog itself."""
    iris = _catalog_iris(http, small)
    base = small.facts.base
    assert f"{base}catalogo" in iris and f"{base}dataset/migrakg" in iris
    assert len(iris) >= 10
    catalog = _graph(http.get("/catalog"))
    for iri in iris:
        response = http.get(f"/id/{iri[len(base) :]}", headers={"Accept": "text/turtle"})
        assert response.status_code == 200, iri
        described = Graph().parse(data=response.text, format="turtle")
        stated = {t for t in catalog.triples((URIRef(iri), None, None)) if not _blank(t[2])}
        assert stated and stated <= set(described), iri  # VoID may add to the dataset
    # An IRI both describe (a Data Cube dataset): the store's statements and the catalog's.
    cube = f"{base}indicador/acciones-por-objetivo"
    assert cube in iris
    both = Graph().parse(
        data=http.get(f"/id/{cube[len(base) :]}", headers={"Accept": "text/turtle"}).text,
        format="turtle",
    )
    assert {DCAT.Dataset, QB.DataSet} <= set(both.objects(URIRef(cube), RDF.type))
    dump = http.get("/id/distribucion/nquads", headers={"Accept": "text/turtle"}).text
    assert "spdx:checksum" in dump and "ns1:" not in dump  # the catalog's own prefixes
    page = http.get("/id/catalogo", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "dcat" in page.text.lower()
    assert http.get("/id/catalogo-no", headers={"Accept": "text/turtle"}).status_code == 404


def test_catalog_iris_answer_concurrently(http: httpx.Client, small: SmallBuild) -> None:
    """rdflib's query parser is not thread-safe: concurrent requests must not trip on it."""
    base = small.facts.base
    paths = [f"/id/{iri[len(base) :]}" for iri in _catalog_iris(http, small)] * 3
    accepts = ["text/turtle", "application/ld+json", "text/html", "application/n-triples"]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = list(
            pool.map(
                lambda n: http.get(paths[n], headers={"Accept": accepts[n % 4]}).status_code,
                range(len(paths)),
            )
        )
    assert statuses == [200] * len(paths)
