"""The full corpus through /sparql on a real server: exact counts and facts read in the sources.

Counts were checked against the sources: PEM 5/26/195 codes; `No se realizarán acciones en
2018` occurs 105 times in pem-2018-acciones.txt; actions per document as the loaders'
full-corpus tests state them.
"""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree

import httpx
import pytest
from rdflib import Dataset, Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.fullcorpus.conftest import BASE, PREFIXES, count, local, select

pytestmark = pytest.mark.slow

ACTIONS_PER_GRAPH = {"pem-2015": 164, "pem-2018": 159, "pmm-2018": 187, "pmm-2022": 346}
GRAPH = BASE + "grafo/"
# Full IRIs: pyoxigraph 0.5.13 rejects a prefixed name with two dots (`id:pem\/linea\/1.1.1`).
LINE_111 = f"<{BASE}pem/linea/1.1.1>"
LINE_113 = f"<{BASE}pem/linea/1.1.3>"
SPLIT = "indicador/pmm-2024-acciones-por-objetivo-y-tipo"


@pytest.mark.parametrize(
    ("cls", "expected"),
    [("PEMObjective", 5), ("PEMStrategy", 26), ("PEMLineOfAction", 195), ("GCMObjective", 23)],
)
def test_framework_concepts(web: httpx.Client, cls: str, expected: int) -> None:
    assert count(web, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a mig:{cls} }}") == expected


def test_actions_per_document_graph(web: httpx.Client) -> None:
    rows = select(
        web, "SELECT ?g (COUNT(?a) AS ?n) WHERE { GRAPH ?g { ?a a mig:Action } } GROUP BY ?g"
    )
    assert {local(r["g"]): int(r["n"]) for r in rows} == {
        "grafo/" + k: v for k, v in ACTIONS_PER_GRAPH.items()
    }
    assert count(web, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a mig:Action }") == 856


def test_pem_2015_line_1_1_1_agencies(web: httpx.Client) -> None:
    # pem-2015:12, first cell "La UPM, al fungir como Secretaría Técnica ...", second cell
    # "El RENAPO y la Secretaría General del CONAPO, en coordinación con la Unidad General
    # de Asuntos Jurídicos de la SEGOB ..."
    rows = select(
        web,
        "SELECT ?a ?role ?g WHERE { GRAPH id:grafo\\/pem-2015 { "
        "VALUES ?role { mig:responsibleAgency mig:collaboratingAgency } "
        f"?a mig:contributesTo {LINE_111} ; ?role ?g ; mig:sourceLineStart 12 }} }}",
    )
    found = {(local(r["a"]), r["role"].rsplit("#")[1], local(r["g"])) for r in rows}
    assert found == {
        ("accion/pem-2015/1.1.1-1", "responsibleAgency", "institucion/upm"),
        ("accion/pem-2015/1.1.1-2", "responsibleAgency", "institucion/renapo"),
        ("accion/pem-2015/1.1.1-2", "responsibleAgency", "institucion/sg-conapo"),
        ("accion/pem-2015/1.1.1-2", "collaboratingAgency", "institucion/ugaj-segob"),
    }


def test_pem_2018_lines_without_action(web: httpx.Client) -> None:
    # pem-2018:66-73: "1.1.3. Reformar el marco normativo en materia de población ..."
    # followed by "No se realizarán acciones en 2018"
    rows = select(
        web,
        f"SELECT ?g ?y WHERE {{ GRAPH ?g {{ {LINE_113} mig:noActionPlannedIn ?y }} }}",
    )
    assert rows == [{"g": GRAPH + "pem-2018", "y": "2018"}]
    assert (
        count(web, "SELECT (COUNT(DISTINCT ?l) AS ?n) WHERE { ?l mig:noActionPlannedIn ?y }") == 105
    )
    assert (
        count(
            web,
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH id:grafo\\/pem-2018 "
            f"{{ {LINE_113} ^mig:contributesTo ?a }} }}",
        )
        == 0
    )


@pytest.mark.parametrize(
    ("entry", "line", "title", "agency"),
    [
        ("obj01-8", 420, "Migración y Salud", "conapo"),  # "8.  Migración y Salud (CONAPO)"
        ("obj01-10", 466, "Programa de Atención a Personas Migrantes", "cndh"),
        ("obj01-11", 490, "Difusión de información estadística", "inmujeres"),
    ],
)
def test_pmm_2022_entry_reporter(
    web: httpx.Client, entry: str, line: int, title: str, agency: str
) -> None:
    rows = select(
        web,
        f"SELECT ?t ?g ?s ?y WHERE {{ GRAPH id:grafo\\/pmm-2022 {{ id:accion\\/pmm-2022\\/{entry} "
        "skos:prefLabel ?t ; mig:responsibleAgency ?g ; mig:sourceLineStart ?s ; mig:year ?y } }",
    )
    assert rows == [{"t": title, "g": BASE + "institucion/" + agency, "s": str(line), "y": "2022"}]


def test_pmm_2024_objective_1(web: httpx.Client) -> None:
    # pmm-2024:127 "El objetivo 1 está conformado por 36 acciones, ... Administración Pública
    # Federal (20), seguido de entidades federativas (7) y ... Organismos Constitucionales
    # Autónomos (9)."
    rows = select(
        web,
        "SELECT ?d ?kind ?n ?line WHERE { ?o mig:gcmObjective id:gcm\\/objetivo\\/1 ; "
        "qb:dataSet ?d ; mig:actionCount ?n ; mig:sourceLineStart ?line "
        "FILTER(CONTAINS(STR(?d), 'acciones-por-objetivo')) OPTIONAL { ?o mig:agencyKind ?kind } }",
    )
    found = {(local(r["d"]), local(r.get("kind", "")), int(r["n"]), r["line"]) for r in rows}
    assert found == {
        ("indicador/pmm-2024-acciones-por-objetivo", "", 36, "127"),
        (SPLIT, "tipo-institucion/administracion-publica-federal", 20, "127"),
        (SPLIT, "tipo-institucion/gobierno-estatal", 7, "127"),
        (SPLIT, "tipo-institucion/organismo-constitucional-autonomo", 9, "127"),
    }


def test_default_graph_is_the_union(web: httpx.Client) -> None:
    rows = select(web, "SELECT DISTINCT ?d WHERE { ?a a mig:Action ; prov:wasDerivedFrom ?d }")
    assert {local(r["d"]) for r in rows} == {"documento/" + k for k in ACTIONS_PER_GRAPH}
    # a join across graphs: a 2022 action (pmm-2022) on an objective labelled in the GCM
    # scheme (referencia) by an agency of the registry
    rows = select(
        web,
        "SELECT ?label ?acr WHERE { id:accion\\/pmm-2022\\/obj01-8 mig:contributesTo ?o ; "
        "mig:responsibleAgency ?g . ?o skos:prefLabel ?label FILTER(LANG(?label) = 'en') "
        "?g mig:acronym ?acr }",
    )
    assert {(r["label"], r["acr"]) for r in rows} == {
        ("Collect and utilize accurate and disaggregated data as a basis for evidence-based "
         "policies", "CONAPO")
    }  # fmt: skip


def test_union_default_graph_is_a_set_of_triples(web: httpx.Client) -> None:
    # The PEM scheme is stated in both PEM graphs; the union holds each triple once
    # (pyoxigraph's union flag would repeat it: oxigraph#1919; the store materialises it).
    assert count(web, "SELECT (COUNT(*) AS ?n) WHERE { ?x a mig:PEMObjective }") == 5
    assert count(web, "SELECT (COUNT(*) AS ?n) WHERE { ?x a mig:PEMLineOfAction }") == 195


@pytest.mark.parametrize(("key", "expected"), sorted(ACTIONS_PER_GRAPH.items()))
def test_from_and_default_graph_uri_restrict(web: httpx.Client, key: str, expected: int) -> None:
    q = "SELECT (COUNT(DISTINCT ?a) AS ?n) {} WHERE {{ ?a a mig:Action }}"
    assert count(web, q.format(f"FROM <{GRAPH}{key}>")) == expected
    assert count(web, q.format(""), **{"default-graph-uri": GRAPH + key}) == expected
    # the protocol's dataset overrides the query's FROM
    other = "pmm-2024"
    assert (
        count(web, q.format(f"FROM <{GRAPH}{other}>"), **{"default-graph-uri": GRAPH + key})
        == expected
    )
    assert count(web, q.format(f"FROM <{GRAPH}{other}>")) == 0


# --- every result format gives the same answer ---------------------------------------------

SELECT_1_1_1 = (
    PREFIXES + "SELECT ?a ?d WHERE { GRAPH id:grafo\\/pem-2015 "
    f"{{ ?a mig:contributesTo {LINE_111} ; mig:description ?d }} }} ORDER BY ?a"
)
CONSTRUCT_1_1_1 = (
    PREFIXES + "CONSTRUCT { ?a mig:description ?d ; mig:responsibleAgency ?g } WHERE { GRAPH "
    f"id:grafo\\/pem-2015 {{ ?a mig:contributesTo {LINE_111} ; mig:description ?d ; "
    "mig:responsibleAgency ?g } }"
)


RESULT_FORMATS = [
    ("xml", "application/sparql-results+xml"),
    ("json", "application/sparql-results+json"),
    ("csv", "text/csv"),
    ("tsv", "text/tab-separated-values"),
]


def _post(web: httpx.Client, query: str, accept: str) -> httpx.Response:
    r = web.post("/sparql", data={"query": query}, headers={"accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(accept)
    return r


def test_select_formats_agree(web: httpx.Client) -> None:
    body = _post(web, SELECT_1_1_1, "application/sparql-results+json").json()
    expected = [(b["a"]["value"], b["d"]["value"]) for b in body["results"]["bindings"]]
    assert [local(a) for a, _ in expected] == ["accion/pem-2015/1.1.1-1", "accion/pem-2015/1.1.1-2"]
    assert expected[1][1].startswith("El RENAPO y la Secretaría General del CONAPO")

    xml = _post(web, SELECT_1_1_1, "application/sparql-results+xml").content
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    rows = ElementTree.fromstring(xml).findall(".//s:result", ns)
    got = [
        (
            r.find("s:binding[@name='a']/s:uri", ns).text,
            r.find("s:binding[@name='d']/s:literal", ns).text,
        )
        for r in rows
    ]
    assert got == expected

    text = _post(web, SELECT_1_1_1, "text/csv").text
    assert [(r["a"], r["d"]) for r in csv.DictReader(io.StringIO(text))] == expected

    for fmt, accept in RESULT_FORMATS:
        data = _post(web, SELECT_1_1_1, accept).content
        result = Result.parse(io.BytesIO(data), format=fmt)
        assert [(str(row[0]), str(row[1])) for row in result] == expected, fmt


GRAPH_FORMATS = [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/n-quads", "nquads"),
    ("application/trig", "trig"),
    ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
]


def test_construct_formats_agree(web: httpx.Client) -> None:
    graphs = {}
    for accept, fmt in GRAPH_FORMATS:
        data = _post(web, CONSTRUCT_1_1_1, accept).text
        ds = Dataset()
        ds.parse(data=data, format=fmt)
        graphs[fmt] = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    reference = graphs["nt"]
    assert len(reference) == 2 + 3  # two descriptions, three responsible agencies
    for fmt, triples in graphs.items():
        assert triples == reference, fmt
    assert json.loads(_post(web, CONSTRUCT_1_1_1, "application/ld+json").text)


# --- the clients researchers use ------------------------------------------------------------

PER_GRAPH = (
    PREFIXES + "SELECT ?g (COUNT(?a) AS ?n) WHERE { GRAPH ?g { ?a a mig:Action } } GROUP BY ?g"
)


def test_sparqlwrapper_and_rdflib_agree(corpus_url: str) -> None:
    expected = {GRAPH + k: v for k, v in ACTIONS_PER_GRAPH.items()}
    for method in ("GET", "POST"):
        sw = SPARQLWrapper(corpus_url + "/sparql")
        sw.setMethod(method)
        sw.setQuery(PER_GRAPH)
        sw.setReturnFormat(JSON)
        rows = sw.queryAndConvert()["results"]["bindings"]
        assert {r["g"]["value"]: int(r["n"]["value"]) for r in rows} == expected, method
    graph = Graph(SPARQLStore(corpus_url + "/sparql", returnFormat="json"))
    assert {str(g): int(n) for g, n in graph.query(PER_GRAPH)} == expected
    xml_graph = Graph(SPARQLStore(corpus_url + "/sparql"))
    assert {str(g): int(n) for g, n in xml_graph.query(PER_GRAPH)} == expected


def test_two_default_graph_uris_merge_as_a_set(web: httpx.Client) -> None:
    """Both PEM graphs state the PEM scheme; their merge holds each triple once (SPARQL 1.1
    Query 13.2), as the union default graph does."""
    query = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?x a mig:PEMObjective }"
    params = [
        ("query", query),
        ("default-graph-uri", GRAPH + "pem-2015"),
        ("default-graph-uri", GRAPH + "pem-2018"),
    ]
    response = web.get("/sparql", params=params, headers={"accept": "application/json"})
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "5"
    for key in ("pem-2015", "pem-2018"):
        assert count(web, query, **{"default-graph-uri": GRAPH + key}) == 5


def test_health_and_service_description_state_the_default_graph_size(web: httpx.Client) -> None:
    """Both say what COUNT(*) on the default graph says: fewer triples than the named graphs
    hold quads, since what two documents state counts once (they said the sum)."""
    triples = count(web, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    quads = count(web, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert triples < quads
    health = web.get("/health").json()
    assert (health["triples"], health["quads"]) == (triples, quads)
    description = Graph().parse(
        data=web.get("/sparql", headers={"accept": "text/turtle"}).text, format="turtle"
    )
    rows = description.query(
        """PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
           PREFIX void: <http://rdfs.org/ns/void#>
           SELECT ?n WHERE { ?d sd:defaultGraph ?g . ?g void:triples ?n }"""
    )
    assert [int(row[0]) for row in rows] == [triples]
