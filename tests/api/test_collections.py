"""Collections: paging visits every member once; filters and q agree with SPARQL; 422."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import all_members, sparql_select
from tests.api.dataset import BASE

PREFIXES = """PREFIX mig: <https://w3id.org/migracion-mx/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX id: <https://w3id.org/migracion-mx/id/>
"""
ROLES = "mig:responsibleAgency|mig:collaboratingAgency|mig:participatingAgency"


def _select_set(api: httpx.Client, where: str) -> set[str]:
    rows = sparql_select(api, PREFIXES + f"SELECT DISTINCT ?a WHERE {{ {where} }}")
    return {r["a"]["value"] for r in rows}


@pytest.mark.parametrize("per_page", [1, 2, 4, 9, 50])
def test_paging_visits_every_member_once(api: httpx.Client, per_page: int) -> None:
    seen = all_members(api, "/api/actions", per_page=per_page)
    assert len(seen) == len(set(seen)) == 9
    assert set(seen) == _select_set(api, "?a a mig:Action")


def test_hydra_view_and_link_header(api: httpx.Client) -> None:
    r = api.get("/api/actions?page=2&per_page=4")
    body = r.json()
    assert body["type"] == "Collection" and body["totalItems"] == 9
    view = body["view"]
    assert view["type"] == "PartialCollectionView"
    for rel in ("first", "previous", "next", "last"):
        assert view[rel].startswith("http://127.0.0.1:")
    assert view["last"].endswith("page=3&per_page=4")
    link = r.headers["link"]
    for rel in ('rel="first"', 'rel="prev"', 'rel="next"', 'rel="last"', "json-ld#context"):
        assert rel in link
    first = api.get("/api/actions?per_page=4").json()["view"]
    assert "previous" not in first


def test_stable_natural_order(api: httpx.Client) -> None:
    lines = all_members(api, "/api/pem/lines")
    assert [i.rsplit("/", 1)[-1] for i in lines] == ["1.1.1", "1.1.2", "2.1.9", "2.1.10"]
    assert lines == all_members(api, "/api/pem/lines", per_page=1)


FILTERS = [
    ("year=2015", '?a a mig:Action ; mig:year "2015"^^xsd:gYear'),
    ("agency=inm", f"?a a mig:Action ; {ROLES} id:institucion\\/inm"),
    ("pem=1", "?a a mig:Action ; mig:contributesTo/skos:broader* id:pem\\/objetivo\\/1"),
    ("pem=2.1.10", f"?a a mig:Action ; mig:contributesTo <{BASE}pem/linea/2.1.10>"),
    ("gcm=7", "?a a mig:Action ; mig:contributesTo id:gcm\\/objetivo\\/7"),
    ("document=pmm-2022", "?a a mig:Action ; prov:wasDerivedFrom id:documento\\/pmm-2022"),
    (
        "agency_kind=gobierno-estatal",
        f"?a a mig:Action ; {ROLES} ?g . ?g mig:agencyKind id:tipo-institucion\\/gobierno-estatal",
    ),
    (
        "program=programa-paisano",
        "?a a mig:Action ; mig:aboutProgram id:programa\\/programa-paisano",
    ),
    ("status=reported", "?a a mig:Action ; mig:status mig:Reported"),
    (
        "year=2022&agency=inm",
        f'?a a mig:Action ; mig:year "2022"^^xsd:gYear ; {ROLES} id:institucion\\/inm',
    ),
    (
        # full text: every word in the action's own text or in the names of its
        # programmes and agencies (accents and case ignored)
        "q=H%C3%89ROES%20paisano",
        "{ SELECT ?a (GROUP_CONCAT(LCASE(STR(?t)); SEPARATOR=' ') AS ?all) "
        "WHERE { ?a a mig:Action . "
        "{ ?a ?p ?t FILTER(isLiteral(?t)) } UNION { ?a mig:aboutProgram|"
        f"{ROLES} ?x . ?x skos:prefLabel|skos:altLabel|mig:acronym ?t }} }} GROUP BY ?a }} "
        "FILTER(CONTAINS(?all, 'paisano') && CONTAINS(?all, 'héroes'))",
    ),
    (
        "q=ninas",  # niñas, stemmed: niña, niñas, niño, niños
        "?a a mig:Action ; mig:description ?t "
        "FILTER(CONTAINS(LCASE(STR(?t)), 'niña') || CONTAINS(LCASE(STR(?t)), 'niño'))",
    ),
]


@pytest.mark.parametrize(("query", "where"), FILTERS)
def test_action_filters_agree_with_sparql(api: httpx.Client, query: str, where: str) -> None:
    expected = _select_set(api, where)
    assert expected, "the case must select something"
    got = all_members(api, "/api/actions", **_params(query))
    assert set(got) == expected
    assert len(got) == len(set(got))


def _params(query: str) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in query.split("&"))


def test_related_member_filters(api: httpx.Client) -> None:
    # an agency matches year=2015 when one of its actions is of 2015
    expected = _select_set(
        api, f'?x a mig:Action ; mig:year "2015"^^xsd:gYear ; {ROLES} ?a . ?a a mig:Agency'
    )
    assert set(all_members(api, "/api/agencies", year="2015")) == expected
    # GCM objectives served by the INM
    expected = _select_set(
        api,
        "?x mig:responsibleAgency id:institucion\\/inm ; mig:contributesTo ?a . "
        "?a a mig:GCMObjective",
    )
    assert set(all_members(api, "/api/gcm/objectives", agency="inm")) == expected
    # observations by agency kind
    got = all_members(api, "/api/observations", agency_kind="gobierno-estatal")
    assert got == [BASE + "indicador/acciones-2024/observacion/7-estatal"]


def test_search_finds_agencies_by_acronym_and_accentless_name(api: httpx.Client) -> None:
    assert all_members(api, "/api/agencies", q="upmrip") == [BASE + "institucion/upmrip"]
    got = all_members(api, "/api/agencies", q="politica migratoria")
    assert set(got) == {BASE + "institucion/upm", BASE + "institucion/upmrip"}
    # a program found by its alias
    assert all_members(api, "/api/programs", q="heroes") == [BASE + "programa/programa-paisano"]


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=1800",
        "gcm=24",
        "gcm=0",
        "pem=1.2.3.4",
        "pem=x",
        "agency=INM%20X",
        "status=done",
        "page=0",
        "per_page=100000",
        "q=",
    ],
)
def test_invalid_parameters_are_422_with_a_message(api: httpx.Client, query: str) -> None:
    r = api.get("/api/actions?" + query)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail and detail[0]["msg"]


def test_page_past_the_end_is_404_and_empty_result_is_200(api: httpx.Client) -> None:
    assert api.get("/api/actions?page=99").status_code == 404
    r = api.get("/api/actions?agency=nobody")
    assert r.status_code == 200 and r.json()["totalItems"] == 0


def test_entry_point_counts(api: httpx.Client) -> None:
    body = api.get("/api").json()
    counts = {c["name"]: c["totalItems"] for c in body["collections"]}
    assert counts["actions"] == 9 and counts["gcm-objectives"] == 3


def test_openapi_documents_every_route(api: httpx.Client) -> None:
    spec = api.get("/openapi.json").json()
    paths = spec["paths"]
    for p in (
        "/api/actions",
        "/api/actions/{item_id}",
        "/api/agencies/{item_id}/timeline",
        "/api/programs/{item_id}/timeline",
        "/api/queries",
        "/api/queries/agency_timeline",
        "/api/context/v1.jsonld",
    ):
        assert p in paths, p
    params = {p["name"] for p in paths["/api/actions"]["get"]["parameters"]}
    assert {"year", "agency", "pem", "gcm", "document", "agency_kind", "q", "page"} <= params
