"""Each document checked against itself, on the full corpus: the graph, the report, the API,
the named query and the pages. Counts and facts were read in the sources
(tests/evaluation/discrepancies.csv lists every discrepancy with its lines)."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.fullcorpus.conftest import BASE, select

pytestmark = pytest.mark.slow

DISCREPANCIES = {"pem-2015": 2, "pem-2018": 9, "pmm-2018": 7, "pmm-2022": 2, "pmm-2024": 34}
CONFIRMED = {"pmm-2018": 18, "pmm-2022": 14, "pmm-2024": 18}
OBJ18 = BASE + "indicador/pmm-2024-acciones-por-objetivo/observacion/obj18"


def test_sparql_lists_each_documents_discrepancies_with_lines(web: httpx.Client) -> None:
    rows = select(
        web,
        """SELECT ?doc (COUNT(DISTINCT ?d) AS ?n) (COUNT(DISTINCT ?line) AS ?lines) WHERE {
             ?d a mig:Discrepancy ; prov:wasDerivedFrom ?doc ; mig:citesStatement ?s .
             ?s mig:sourceLineStart ?line } GROUP BY ?doc""",
    )
    assert {r["doc"][len(BASE + "documento/") :]: int(r["n"]) for r in rows} == DISCREPANCIES
    confirmed = select(
        web,
        "SELECT ?doc (COUNT(?d) AS ?n) WHERE { ?d a mig:Claim ; prov:wasDerivedFrom ?doc } "
        "GROUP BY ?doc",
    )
    assert {r["doc"][len(BASE + "documento/") :]: int(r["n"]) for r in confirmed} == CONFIRMED


def test_the_2024_objective_18_figure_links_to_its_other_value(web: httpx.Client) -> None:
    rows = select(
        web,
        f"""SELECT ?line ?value WHERE {{ <{OBJ18}> mig:hasDiscrepancy ?d .
              ?d mig:citesStatement ?s . ?s mig:sourceLineStart ?line ; mig:statedValue ?value }}
            ORDER BY ?line""",
    )
    # section III, line 339: "se contó con 5 acciones"; IV.a, line 424: "con cuatro acciones"
    assert [(r["line"], r["value"]) for r in rows] == [("339", "5"), ("424", "4")]


def test_the_2018_figure_checks_are_in_the_graph(web: httpx.Client) -> None:
    # line 190: 970 mil 467 cards, but 601 031 + 72 645 + 268 132 + 146 + 28 507 = 970 461
    rows = select(
        web,
        f"""SELECT ?figure ?computed WHERE {{
              ?figure a mig:StatedFigure ; mig:value 970467 ; mig:hasDiscrepancy ?d .
              ?d mig:computedValue ?computed ;
                 mig:discrepancyKind <{BASE}tipo-discrepancia/suma> }}""",
    )
    assert rows == [{"figure": BASE + "cifra/pmm-2018/obj04-04-1", "computed": "970461"}]
    # line 382: 21 persons = 12 NNA + 9 adults, confirmed
    (row,) = select(
        web,
        """SELECT (COUNT(?c) AS ?n) WHERE { ?c a mig:Claim ; mig:citesStatement ?s .
             ?s mig:sourceLineStart 382 ; mig:statedValue "21" }""",
    )
    assert row["n"] == "2"


def test_the_2018_figure_checks_are_in_the_build_report(corpus_build) -> None:
    report = json.loads((corpus_build.path / "report.json").read_bytes())
    assert report["check_counts"]["pmm-2018"] == {"discrepancies": 7, "confirmed": 18}
    mine = [c for c in report["checks"] if c["document"] == "pmm-2018"]
    by_line = {(tuple(c["lines"]), c["kind"]): c for c in mine}
    assert by_line[((145,), "tasa")]["computed"] == "880.6027"  # 321 420 calls / 365 days
    assert by_line[((308,), "tasa")]["confirmed"]  # 89.38%: 1 053 / 1 178 cut at 2 decimals
    text = (corpus_build.path / "report.txt").read_text("utf-8")
    assert "pmm-2018-informe.txt:190: DISCREPANCY (suma)" in text
    assert "  pmm-2018      7 discrepancies,   18 confirmed" in text


def test_api_collection_and_named_query(web: httpx.Client) -> None:
    r = web.get("/api/discrepancies", params={"document": "pmm-2024", "per_page": 100})
    assert r.status_code == 200 and r.json()["totalItems"] == 34
    r = web.get("/api/claims", params={"document": "pmm-2022"})
    assert r.json()["totalItems"] == 14
    r = web.get(
        "/api/queries/document_discrepancies",
        params={"document": "pmm-2018"},
        headers={"accept": "application/sparql-results+json"},
    )
    rows = r.json()["results"]["bindings"]
    assert len({b["discrepancy"]["value"] for b in rows}) == 7
    assert {"185", "187", "190", "145", "232", "335", "43", "49"} <= {
        b["line"]["value"] for b in rows
    }


def test_the_objective_18_page_warns_and_links_to_both_lines(web: httpx.Client) -> None:
    r = web.get("/id/" + OBJ18[len(BASE) :], headers={"accept": "text/html"})
    assert r.status_code == 200
    page = r.text
    assert "El mismo documento dice otra cosa en otro lugar" in page
    assert "/linea/339" in page and "/linea/424" in page
    assert "Para este objetivo se contó con 5 acciones" in page  # line 339, quoted
    assert "todos ellos con cuatro acciones reportadas" in page  # line 424, quoted


def test_a_page_per_document(web: httpx.Client) -> None:
    r = web.get("/explorar/discrepancias/pmm-2018")
    assert r.status_code == 200
    assert "7 discrepancias, 18 afirmaciones confirmadas" in r.text
    assert "se anexa tabla para su pronta referencia" in r.text  # line 190, quoted
    assert web.get("/explorar/discrepancias/no-such").status_code == 404
    overview = web.get("/explorar/discrepancias")
    assert overview.status_code == 200 and "/explorar/discrepancias/pmm-2022" in overview.text
