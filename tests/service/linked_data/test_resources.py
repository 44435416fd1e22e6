"""Dereferenceable IRIs: /id/... and /def, by Accept and by extension."""

from __future__ import annotations

import json

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from tests.service.dataset import AGENCY, BASE, MIG, SOURCE_LINES

pytestmark = pytest.mark.slow  # runs against a real server

ACTION = BASE + "accion/doc-a/3"
ACTION_PATH = "/id/accion/doc-a/3"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "media_type", "rdflib_format"),
    [
        ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("*/*", "text/turtle; charset=utf-8", "turtle"),
        (None, "text/turtle; charset=utf-8", "turtle"),
    ],
)
def test_rdf_by_accept(
    client: httpx.Client, accept: str | None, media_type: str, rdflib_format: str
) -> None:
    headers = {"accept": accept} if accept else {}
    response = client.get(ACTION_PATH, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert "Accept" in response.headers["vary"]
    graph = Graph().parse(data=response.content, format=rdflib_format)
    action = URIRef(ACTION)
    assert (action, SKOS.prefLabel, Literal("Acción doc-a 3", lang="es")) in graph
    # linked resources come with their labels
    assert (
        URIRef(AGENCY),
        SKOS.prefLabel,
        Literal("National Migration Institute", lang="en"),
    ) in graph


@pytest.mark.parametrize(
    ("extension", "media_type"),
    [
        ("ttl", "text/turtle; charset=utf-8"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
        ("rdf", "application/rdf+xml"),
        ("html", "text/html; charset=utf-8"),
    ],
)
def test_by_extension(client: httpx.Client, extension: str, media_type: str) -> None:
    response = client.get(f"{ACTION_PATH}.{extension}", headers={"accept": "image/png"})
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type


def test_incoming_links(client: httpx.Client) -> None:
    response = client.get("/id/institucion/inm.nt")
    graph = Graph().parse(data=response.text, format="nt")
    linking = set(graph.subjects(URIRef(MIG + "responsibleAgency"), URIRef(AGENCY)))
    assert len(linking) == 60
    assert URIRef(ACTION) in linking


def test_html_page(client: httpx.Client) -> None:
    response = client.get(ACTION_PATH, headers={"accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "Accept" in response.headers["vary"]
    page = response.text
    assert "<h1>Acción doc-a 3</h1>" in page
    # the source passage: lines 3..4 of doc-a.txt, quoted with the file name
    assert "doc-a.txt" in page
    assert SOURCE_LINES[2] in page and SOURCE_LINES[3] in page
    assert SOURCE_LINES[4] not in page
    # links stay on this service, with labels of linked resources
    assert 'href="/id/institucion/inm"' in page
    assert "Instituto Nacional de Migración" in page


def test_html_incoming(client: httpx.Client) -> None:
    page = client.get("/id/institucion/inm.html").text
    assert "Qué enlaza aquí" in page
    assert 'href="/id/accion/doc-a/3"' in page


@pytest.mark.parametrize(
    ("accept", "check"),
    [
        ("text/turtle", lambda r: r.text.startswith("#")),
        ("text/html", lambda r: "No encontrado" in r.text),
        ("application/ld+json", lambda r: "error" in json.loads(r.text)),
        ("application/n-triples", lambda r: Graph().parse(data=r.text, format="nt") is not None),
        ("application/rdf+xml", lambda r: len(Graph().parse(data=r.text, format="xml")) == 0),
    ],
)
@pytest.mark.parametrize("path", ["/id/accion/doc-a/999", "/id/%2A%C2%B2E%C2%8D%01%0A"])
def test_unknown_iri_is_404_in_negotiated_format(
    client: httpx.Client, accept: str, check: object, path: str
) -> None:
    """Also for a path that makes no IRI at all (control characters): it names nothing."""
    response = client.get(path, headers={"accept": accept})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(accept)
    assert check(response)  # type: ignore[operator]


def test_not_acceptable(client: httpx.Client) -> None:
    assert client.get(ACTION_PATH, headers={"accept": "image/png"}).status_code == 406


def test_ontology(client: httpx.Client) -> None:
    response = client.get("/def", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    assert (URIRef(MIG + "Action"), None, None) in graph
    page = client.get("/def", headers={"accept": BROWSER}).text
    assert 'id="Action"' in page
    assert client.get("/def.jsonld").headers["content-type"] == "application/ld+json"


def test_ontology_term_link(client: httpx.Client) -> None:
    page = client.get(ACTION_PATH + ".html").text
    assert 'href="/def#Action"' in page


def test_repeated_accept_lines_are_one_list(client: httpx.Client) -> None:
    headers = [("accept", "image/png"), ("accept", "application/n-triples")]
    response = client.get(ACTION_PATH, headers=headers)
    assert response.headers["content-type"] == "application/n-triples"
