"""Named queries: all parse and run with their examples; parameters bound safely; timelines."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from service.api.named_queries import load_queries, portable
from service.errors import NamedQueryError
from service.settings import REPO_DIR
from tests.api.dataset import BASE

QUERIES = load_queries(REPO_DIR / "queries")


def test_the_shipped_queries_all_load() -> None:
    assert len(QUERIES) >= 13
    for q in QUERIES.values():
        assert q.title and q.description, q.name


def test_portable_text_drops_only_lateral() -> None:
    queries = load_queries(REPO_DIR / "queries")
    lateral = {n for n, q in queries.items() if "LATERAL" in q.text}
    assert lateral >= {"agency_timeline", "agency_actions_across_years", "program_timeline"}
    for q in queries.values():  # the keyword goes, comments and everything else stay
        assert q.portable.split() == [w for w in q.text.split() if w != "LATERAL"]
        assert "LATERAL {" not in q.portable
    assert portable('SELECT * { ?a ?b "LATERAL" # LATERAL\n LATERAL { ?a ?c ?d } }') == (
        'SELECT * { ?a ?b "LATERAL" # LATERAL\n  { ?a ?c ?d } }'
    )


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_runs(api: httpx.Client, name: str) -> None:
    r = api.get(f"/api/queries/{name}", params=QUERIES[name].examples)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert r.json()["results"]["bindings"], f"{name} found nothing in the test build"


def test_listing(api: httpx.Client) -> None:
    listed = api.get("/api/queries").json()["queries"]
    assert {q["name"] for q in listed} == set(QUERIES)
    one = next(q for q in listed if q["name"] == "agency_timeline")
    assert one["parameters"] == [
        {
            "name": "agency",
            "type": "agency",
            "required": True,
            "description": one["parameters"][0]["description"],
        }
    ]


def test_agency_query_follows_renames(api: httpx.Client) -> None:
    for agency in ("upm", "upmrip"):
        rows = api.get("/api/queries/agency_timeline", params={"agency": agency}).json()
        docs = [r["document"]["value"].rsplit("/", 1)[-1] for r in rows["results"]["bindings"]]
        assert docs == ["pem-2015", "pem-2018", "pmm-2022"]


def test_crosswalk_query(api: httpx.Client) -> None:
    rows = api.get("/api/queries/crosswalk_gcm_for_pem_line", params={"line": "1.1.1"}).json()
    objs = {r["objective"]["value"] for r in rows["results"]["bindings"]}
    assert objs == {BASE + "gcm/objetivo/21"}


def test_csv_by_accept(api: httpx.Client) -> None:
    r = api.get("/api/queries/documents_counts", headers={"accept": "text/csv"})
    assert r.status_code == 200 and r.text.startswith("document,title,actions")


@pytest.mark.parametrize(
    "params",
    [
        {},  # required agency missing
        {"agency": "> } SELECT * WHERE { ?s ?p ?o"},  # injection attempt: rejected by type
        {"agency": "inm", "nope": "1"},
    ],
)
def test_bad_parameters_are_422(api: httpx.Client, params: dict[str, str]) -> None:
    r = api.get("/api/queries/agency_timeline", params=params)
    assert r.status_code == 422
    assert r.json()["detail"][0]["msg"]


def test_string_values_are_bound_not_pasted(api: httpx.Client) -> None:
    r = api.get("/api/queries/gcm_actions_per_objective_year", params={"gcm": "7) } #"})
    assert r.status_code == 422


def test_unknown_query_is_404(api: httpx.Client) -> None:
    assert api.get("/api/queries/no_such_query").status_code == 404


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "missing `#+ title:`"),
        ("#+ title: x\nSELECT * WHERE { ?s ?p", "does not parse"),
        ("#+ title: x\n#+ param: a agency x\nSELECT ?s WHERE { ?s ?p ?a }", "projected"),
        ("#+ title: x\n#+ param: a colour x\nSELECT ?a WHERE { ?s ?p ?a }", "unknown type"),
        ("#+ title: x\nSELECT * WHERE { SERVICE <http://x> { ?s ?p ?o } }", "SERVICE"),
        ("#+ title: x\nINSERT DATA { <http://a> <http://b> <http://c> }", "read-only"),
    ],
)
def test_a_bad_query_stops_loading(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "bad.rq").write_text(text, "utf-8")
    with pytest.raises(NamedQueryError, match=r"bad\.rq") as info:
        load_queries(tmp_path)
    assert message in str(info.value)


def test_agency_timeline_follows_renames(api: httpx.Client) -> None:
    body = api.get("/api/agencies/upmrip/timeline").json()
    assert [n["id"] for n in body["names"]] == [
        BASE + "institucion/upm",
        BASE + "institucion/upmrip",
    ]
    assert [e["document"]["key"] for e in body["entries"]] == ["pem-2015", "pem-2018", "pmm-2022"]
    assert body["changes"][0]["date"] == "2019-05-20"
    # the same counts as the named query
    rows = api.get("/api/queries/agency_timeline", params={"agency": "upmrip"}).json()
    counts = {
        r["document"]["value"]: int(r["actions"]["value"]) for r in rows["results"]["bindings"]
    }
    assert {e["document"]["id"]: e["actionCount"] for e in body["entries"]} == counts
    lines = [line["notation"] for line in body["entries"][0]["pemLines"]]
    assert lines == ["1.1.2"]


def test_program_timeline(api: httpx.Client) -> None:
    body = api.get("/api/programs/programa-paisano/timeline").json()
    assert body["documentCount"] == 3 and body["actionCount"] == 3
    last = body["entries"][-1]
    assert last["document"]["key"] == "pmm-2022"
    assert [o["notation"] for o in last["gcmObjectives"]] == ["21"]
