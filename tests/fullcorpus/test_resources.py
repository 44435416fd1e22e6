"""Dereferencing on the full corpus: source passages, Turtle, 404s, the ontology, and a page
for every class."""

from __future__ import annotations

import html
import re

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from loaders.pipeline.manifest import SOURCES_DIR
from service.pages.quotes import clean
from tests.fullcorpus.conftest import BASE, MIG, local, select

pytestmark = pytest.mark.slow

TAG = re.compile(r"<[^>]+>")


def source_lines(file: str, start: int, end: int) -> list[str]:
    lines = (SOURCES_DIR / file).read_text("utf-8").splitlines()
    return lines[start - 1 : end]


def page_text(body: str) -> str:
    return html.unescape(TAG.sub("", body))


@pytest.mark.parametrize(
    ("path", "file", "start", "end"),
    [
        ("accion/pem-2015/1.1.1-2", "pem-2015-acciones.txt", 12, 12),
        ("accion/pmm-2022/obj01-8", "pmm-2022-compendio.txt", 420, 440),
        ("accion/pmm-2018/obj03-02", "pmm-2018-informe.txt", 123, 123),
    ],
)
def test_action_page_quotes_its_source(
    web: httpx.Client, path: str, file: str, start: int, end: int
) -> None:
    r = web.get(f"/id/{path}", headers={"accept": "text/html"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    text = " ".join(page_text(r.text).split())
    assert file in text
    quoted = [line.strip() for line in source_lines(file, start, end) if line.strip()]
    assert quoted
    for line in quoted:  # without markup; of a table row, the action's own cell
        cells = [" ".join(clean(c).split()) for c in line.split("\t") if c.strip()]
        assert any(c in text for c in cells), line


def test_action_as_turtle(web: httpx.Client) -> None:
    iri = BASE + "accion/pmm-2022/obj01-8"
    (row,) = select(web, f"SELECT ?d WHERE {{ <{iri}> mig:description ?d }}")
    assert row["d"].startswith("Publicación anual que documenta las condiciones de salud")
    for url, headers in (
        ("/id/accion/pmm-2022/obj01-8", {"accept": "text/turtle"}),
        ("/id/accion/pmm-2022/obj01-8.ttl", {}),
    ):
        r = web.get(url, headers=headers)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/turtle")
        g = Graph().parse(data=r.text, format="turtle")
        assert (URIRef(iri), URIRef(MIG + "description"), Literal(row["d"], lang="es")) in g
        assert (URIRef(iri), URIRef(MIG + "sourceLineStart"), Literal(420)) in g


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("text/html", "text/html"),
    ],
)
def test_unknown_iri_is_404_in_the_negotiated_format(
    web: httpx.Client, accept: str, content_type: str
) -> None:
    r = web.get("/id/accion/pmm-2022/obj99-1", headers={"accept": accept})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith(content_type)
    assert "vary" in r.headers and "accept" in r.headers["vary"].lower()


def test_ontology(web: httpx.Client) -> None:
    r = web.get("/def", headers={"accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    for cls in ("Action", "Agency", "Program", "PEMLineOfAction", "GCMObjective", "SourceDocument"):
        assert (URIRef(MIG + cls), RDF.type, OWL.Class) in g, cls
        langs = {lbl.language for lbl in g.objects(URIRef(MIG + cls), RDFS.label)}
        assert {"es", "en"} <= langs, cls


CLASSES = """
SELECT ?c (MIN(STR(?s)) AS ?x) WHERE {
  ?s a ?c FILTER(STRSTARTS(STR(?s), "https://w3id.org/migracion-mx/id/"))
} GROUP BY ?c
"""


def test_a_page_for_every_class(web: httpx.Client) -> None:
    rows = select(web, CLASSES)
    # classes with instances under id/ (resources per class, report): 24, then
    # mig:Discrepancy, mig:Claim and mig:CitedStatement (the documents checked against
    # themselves) and rdf:Statement (the names we supplied, loaders/reference/supplied.py)
    assert len(rows) == 28
    for row in rows:
        r = web.get("/id/" + local(row["x"]), headers={"accept": "text/html"})
        assert r.status_code == 200, (row["c"], row["x"])
        assert "<h1>" in r.text and html.escape(row["x"]) in r.text, row["x"]


def test_ontology_terms_have_anchors(web: httpx.Client) -> None:
    # Classes and properties: a browser opening `mig:Action` lands on /def#Action. (The
    # generated page does not yet document individuals or cube structures, e.g.
    # mig:stateGovernmentPart, mig:dsdKindYear.)
    terms = select(
        web,
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> "
        "SELECT DISTINCT ?s WHERE { VALUES ?c { owl:Class owl:ObjectProperty "
        f"owl:DatatypeProperty }} ?s a ?c FILTER(STRSTARTS(STR(?s), '{MIG}')) }}",
    )
    assert len(terms) > 60
    body = web.get("/def", headers={"accept": "text/html"}).text
    anchors = set(re.findall(r' id="([^"]+)"', body))
    assert {t["s"][len(MIG) :] for t in terms} <= anchors
