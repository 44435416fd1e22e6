"""The JSON-LD API on the full corpus: items equal their triples, paging visits every action
once, accent-insensitive search, timelines as the named queries tell them, named queries."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from pyld import jsonld
from rdflib import Graph
from rdflib.compare import isomorphic, to_isomorphic

from service.api.framing import item_query
from service.api.kinds import KINDS
from service.settings import REPO_DIR
from tests.fullcorpus.conftest import BASE, count, local, select

pytestmark = pytest.mark.slow

ALL_DOCUMENTS = ["pem-2015", "pem-2018", "pmm-2018", "pmm-2022", "pmm-2024"]


def _members(web: httpx.Client, path: str, **params: str) -> list[str]:
    out: list[str] = []
    url: str | None = f"/api/{path}"
    query: dict[str, Any] | None = {**params, "per_page": 500}
    while url:
        body = web.get(url, params=query).json()
        out += [m["id"] for m in body["member"]]
        url, query = body["view"].get("next"), None  # `next` carries the query string
    return out


def _construct(web: httpx.Client, iri: str) -> Graph:
    query = item_query(BASE).replace("WHERE {", f"WHERE {{ VALUES ?r {{ <{iri}> }}", 1)
    r = web.post("/sparql", data={"query": query}, headers={"accept": "application/n-triples"})
    assert r.status_code == 200, r.text
    return Graph().parse(data=r.text, format="nt")


def _sample(members: list[str]) -> list[str]:
    return sorted({members[0], members[len(members) // 2], members[-1]})


NAMED_ITEMS = [
    ("actions", "pem-2015/1.1.1-2"),
    ("actions", "pmm-2022/obj01-8"),
    ("actions", "pmm-2018/obj03-02"),
    ("programs", "programa-paisano"),
    ("agencies", "upmrip"),
    ("pem/lines", "1.1.3"),
]


def test_items_expand_to_exactly_their_triples(web: httpx.Client, context_loader: Any) -> None:
    cases = list(NAMED_ITEMS)
    for kind in KINDS:
        members = _members(web, kind.path)
        assert members, kind.path
        cases += [(kind.path, iri[len(BASE + kind.prefix) :]) for iri in _sample(members)]
    prefixes = {k.path: k.prefix for k in KINDS}
    assert len(cases) >= 3 * len(KINDS)
    for path, item in cases:
        iri = BASE + prefixes[path] + item
        r = web.get(f"/api/{path}/{item}", headers={"accept": "application/ld+json"})
        assert r.status_code == 200, (path, item, r.text[:200])
        body = r.json()
        assert body["id"] == iri
        nquads = jsonld.to_rdf(
            body, {"format": "application/n-quads", "documentLoader": context_loader}
        )
        got = Graph().parse(data=nquads, format="nt")
        expected = _construct(web, iri)
        assert len(expected) > 0
        if not isomorphic(got, expected):
            a, b = to_isomorphic(got), to_isomorphic(expected)
            missing = sorted(str(t) for t in b - a)[:3]
            extra = sorted(str(t) for t in a - b)[:3]
            pytest.fail(f"{iri}: missing {missing}, extra {extra}")


def test_paging_visits_every_action_once(web: httpx.Client) -> None:
    seen: list[str] = []
    url: str | None = "/api/actions?per_page=100"
    pages = 0
    while url:
        r = web.get(url)
        assert r.status_code == 200
        body = r.json()
        assert body["totalItems"] == 856
        if body["view"].get("next"):
            assert 'rel="next"' in r.headers["link"]
        seen += [m["id"] for m in body["member"]]
        url = body["view"].get("next")
        pages += 1
    assert pages == 9
    assert len(seen) == len(set(seen)) == 856
    sparql = {r["a"] for r in select(web, "SELECT DISTINCT ?a WHERE { ?a a mig:Action }")}
    assert set(seen) == sparql
    assert count(web, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a mig:Action }") == 856


@pytest.mark.parametrize(
    ("spellings", "pattern"),
    [
        (("niñez", "NIÑEZ", "ninez", "Ninez"), "ni[nñ]ez"),
        (("atención", "ATENCION", "atencion"), "atenci[oó]n"),
    ],
)
def test_full_text_ignores_accents_and_case(
    web: httpx.Client, spellings: tuple[str, ...], pattern: str
) -> None:
    # the action's own text, or the names of its agencies and programmes (full-text `q`)
    related = (
        "mig:aboutProgram|mig:responsibleAgency|mig:collaboratingAgency|mig:participatingAgency"
    )
    expected = {
        r["a"]
        for r in select(
            web,
            "SELECT DISTINCT ?a WHERE { ?a a mig:Action . { ?a ?p ?t } UNION "
            f"{{ ?a {related} ?x . ?x skos:prefLabel|skos:altLabel|mig:acronym ?t }} "
            f'FILTER(isLiteral(?t) && REGEX(STR(?t), "{pattern}", "i")) }}',
        )
    }
    assert len(expected) >= 10
    for q in spellings:
        got = _members(web, "actions", q=q)
        assert len(got) == len(set(got))
        assert set(got) == expected, q


# --- timelines: the API against the named queries -------------------------------------------


def _named_rows(web: httpx.Client, name: str, **params: str) -> list[dict[str, str]]:
    r = web.get(f"/api/queries/{name}", params=params)
    assert r.status_code == 200, r.text
    rows = r.json()["results"]["bindings"]
    return [{k: v["value"] for k, v in b.items()} for b in rows]


@pytest.mark.parametrize(
    ("program", "documents", "actions"),
    [
        # tests/test_identity.py lists the actions and the source lines of each
        ("programa-paisano", ["pem-2015", "pem-2018", "pmm-2018", "pmm-2022"], 11),
        ("grupos-beta", ["pem-2015", "pem-2018", "pmm-2018", "pmm-2022"], 6),
    ],
)
def test_program_timeline(
    web: httpx.Client, program: str, documents: list[str], actions: int
) -> None:
    body = web.get(f"/api/programs/{program}/timeline").json()
    rows = _named_rows(web, "program_timeline", program=program)
    named: dict[str, set[str]] = {}
    for row in rows:
        named.setdefault(local(row["document"])[len("documento/") :], set()).add(row["action"])
    assert list(named) == documents
    assert [e["document"]["key"] for e in body["entries"]] == documents
    assert {e["document"]["key"]: {a["id"] for a in e["actions"]} for e in body["entries"]} == named
    assert body["actionCount"] == actions == len(rows)


@pytest.mark.parametrize(
    ("agency", "names", "counts"),
    [
        # who acted (issue 14): the INM's 2018 work is read from the report's past acts
        # (10 -> 22), its 2022 collaborations from "en coordinación con", "conformado por"
        # (31 -> 38), its 2015 consultations "por parte del INM" (44 -> 45); the UPMRIP is
        # in the 2022 group "conformado por" the PFPNNA, the INM, ... (26 -> 27)
        ("inm", ["inm"], [45, 23, 22, 38, 14]),
        ("upm", ["upm", "upmrip"], [31, 5, 1, 27, 10]),
        ("upmrip", ["upm", "upmrip"], [31, 5, 1, 27, 10]),
    ],
)
def test_agency_timeline(
    web: httpx.Client, agency: str, names: list[str], counts: list[int]
) -> None:
    body = web.get(f"/api/agencies/{agency}/timeline").json()
    assert [local(n["id"]) for n in body["names"]] == ["institucion/" + n for n in names]
    rows = _named_rows(web, "agency_timeline", agency=agency)
    named = {local(r["document"])[len("documento/") :]: int(r["actions"]) for r in rows}
    assert list(named) == ALL_DOCUMENTS
    assert list(named.values()) == counts
    assert {e["document"]["key"]: e["actionCount"] for e in body["entries"]} == named
    if len(names) > 1:
        assert [c["date"] for c in body["changes"]] == ["2019"]


# --- named queries --------------------------------------------------------------------------


def test_every_named_query_is_listed(web: httpx.Client) -> None:
    listed = {q["name"] for q in web.get("/api/queries").json()["queries"]}
    assert listed == {p.stem for p in (REPO_DIR / "queries").glob("*.rq")}
    # with document_discrepancies, crosswalk_pem_predecessors_for_gcm and the four tracker_*
    assert len(listed) == 19


@pytest.mark.parametrize("name", sorted(p.stem for p in (REPO_DIR / "queries").glob("*.rq")))
def test_named_query_runs_with_its_example(web: httpx.Client, name: str) -> None:
    listing = {q["name"]: q for q in web.get("/api/queries").json()["queries"]}
    example = listing[name].get("example") or {}
    r = web.get(f"/api/queries/{name}", params=example)
    assert r.status_code == 200, r.text
    rows = r.json()["results"]["bindings"]
    assert rows, f"{name} with {example} finds nothing in the full corpus"
    unique = {json.dumps(row, sort_keys=True) for row in rows}
    assert len(unique) == len(rows), f"{name} repeats rows"


ORIGIN = {"origin": "http://example.org", "accept-encoding": "identity"}


def test_snapshot_answers_every_item_and_timeline_as_the_routes_do(web: httpx.Client) -> None:
    """Every item and timeline from the build's snapshot (a plain GET, the fast path) has the
    bytes the routes write per request (a GET with `Origin` takes the full stack)."""
    urls = []
    for kind in KINDS:
        members = _members(web, kind.path)
        urls += [f"/api/{kind.path}/{iri[len(BASE + kind.prefix) :]}" for iri in members]
        if kind.path in ("agencies", "programs"):
            urls += [
                f"/api/{kind.path}/{iri[len(BASE + kind.prefix) :]}/timeline" for iri in members
            ]
    urls += [
        "/api/actions?year=2018&per_page=500",
        "/api/actions?agency=inm&document=pmm-2022",
        "/api/actions?gcm=7&pem=1.1&page=1&per_page=3",
        "/api/programs?agency=inm",
    ]
    assert len(urls) > 1500
    for url in urls:
        fast = web.get(url, headers={"accept-encoding": "identity"})
        full = web.get(url, headers=ORIGIN)
        assert fast.status_code == full.status_code == 200, url
        assert "etag" in fast.headers, url
        assert fast.content == full.content, url
