"""Items: the framed JSON-LD expands (pyld, no network) to exactly the item's CONSTRUCT."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic, to_isomorphic

from service.api.framing import item_query
from service.api.kinds import KINDS
from tests.api.conftest import all_members, expand_to_nquads, sparql_construct
from tests.api.dataset import BASE

# Every member of every kind in the small build: (kind path, item id).
EXPECTED_MEMBERS = {
    "pem/objectives": 2,
    "pem/strategies": 2,
    "pem/lines": 4,
    "gcm/objectives": 3,
    "agencies": 5,
    "programs": 2,
    "actions": 9,
    "documents": 4,
    "datasets": 1,
    "observations": 3,
    "discrepancies": 1,
    "claims": 1,
}


def _construct(api: httpx.Client, iri: str) -> Graph:
    query = item_query(BASE).replace("WHERE {", f"WHERE {{ VALUES ?r {{ <{iri}> }}", 1)
    return Graph().parse(data=sparql_construct(api, query), format="nt")


def _cases() -> list[tuple[str, str]]:
    return [(k.path, k.prefix) for k in KINDS]


def test_every_kind_is_listed() -> None:
    assert {k.path for k in KINDS} == set(EXPECTED_MEMBERS)


@pytest.mark.parametrize(("path", "prefix"), _cases())
def test_items_expand_to_their_construct(
    api: httpx.Client, loader: Any, path: str, prefix: str
) -> None:
    members = all_members(api, f"/api/{path}")
    assert len(members) == EXPECTED_MEMBERS[path]
    for iri in members:
        item_id = iri[len(BASE + prefix) :]
        r = api.get(f"/api/{path}/{item_id}", headers={"accept": "application/ld+json"})
        assert r.status_code == 200, (iri, r.text)
        assert r.headers["content-type"].startswith("application/ld+json")
        body = r.json()
        assert body["id"] == iri
        assert body["@context"].endswith("/api/context/v1.jsonld")
        got = Graph().parse(data=expand_to_nquads(body, loader), format="nt")
        expected = _construct(api, iri)
        assert len(expected) > 0
        if not isomorphic(got, expected):
            a, b = to_isomorphic(got), to_isomorphic(expected)
            missing = sorted(str(t) for t in b - a)[:5]
            extra = sorted(str(t) for t in a - b)[:5]
            pytest.fail(f"{iri}: missing {missing}, extra {extra}")


def test_line_of_action_tree(api: httpx.Client) -> None:
    body = api.get("/api/pem/lines/1.1.1").json()
    assert body["notation"] == "1.1.1"
    strategy = body["broader"]
    assert strategy["id"] == BASE + "pem/estrategia/1.1"
    assert strategy["broader"]["id"] == BASE + "pem/objetivo/1"
    assert strategy["broader"]["prefLabel"]["es"].startswith("Fomentar")


def test_action_tree(api: httpx.Client) -> None:
    body = api.get("/api/actions/pmm-2022/21-1").json()
    assert body["type"] == "Action"
    assert body["status"] == "Reported"
    assert body["year"] == "2022"
    assert body["sourceLineStart"] == 31 and body["sourceLineEnd"] == 40
    assert body["responsibleAgency"]["acronym"] == "INM"
    assert body["responsibleAgency"]["prefLabel"]["en"] == "National Migration Institute"
    assert body["aboutProgram"]["prefLabel"]["es"] == "Programa Paisano"
    assert body["wasDerivedFrom"]["id"] == BASE + "documento/pmm-2022"
    assert body["description"]["es"].startswith("Operativos de invierno")


def test_plain_json_gets_the_same_body_and_the_context_link(api: httpx.Client) -> None:
    ld = api.get("/api/agencies/inm", headers={"accept": "application/ld+json"})
    js = api.get("/api/agencies/inm", headers={"accept": "application/json"})
    assert js.headers["content-type"].startswith("application/json")
    assert js.json() == ld.json()
    link = js.headers["link"]
    assert 'rel="http://www.w3.org/ns/json-ld#context"' in link
    assert "/api/context/v1.jsonld" in link


def test_unknown_ids_are_404(api: httpx.Client) -> None:
    assert api.get("/api/agencies/no-such-agency").status_code == 404
    assert api.get("/api/actions/pem-2015/999").status_code == 404
    # a member of another kind is not an item of this one
    assert api.get("/api/datasets/acciones-2024/observacion/7-apf").status_code == 404
    assert api.get("/api/agencies/no-such-agency/timeline").status_code == 404


def test_not_acceptable(api: httpx.Client) -> None:
    assert api.get("/api/agencies/inm", headers={"accept": "image/png"}).status_code == 406


def test_context_document(api: httpx.Client) -> None:
    r = api.get("/api/context/v1.jsonld")
    assert r.status_code == 200
    ctx = r.json()["@context"]
    assert ctx["@version"] == 1.1
    assert ctx["id"] == "@id" and ctx["type"] == "@type"
    assert ctx["prefLabel"] == {"@id": "skos:prefLabel", "@container": "@language"}
    assert ctx["year"]["@type"] == "xsd:gYear"
