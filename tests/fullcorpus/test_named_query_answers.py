"""Named queries without parameters, answered from the build (`service/api/answers.py`).

The answers must be the bytes the engine writes for the same query: each is compared with
the live `/sparql` answer to the query's text, in every results format. Actions per
document as the loaders' full-corpus tests state them (tests/fullcorpus/test_sparql.py);
pmm-2024 reports figures only, no actions.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import httpx
import pytest

from service.api import answers
from service.api.named_queries import load_queries
from service.http.formats import RESULTS
from service.settings import REPO_DIR
from tests.fullcorpus.conftest import BASE

pytestmark = pytest.mark.slow

QUERIES = load_queries(REPO_DIR / "queries")
WITHOUT_REQUIRED = sorted(n for n, q in QUERIES.items() if not any(p.required for p in q.params))


def test_the_build_answers_every_query_callable_without_parameters(corpus_build) -> None:
    folder = corpus_build.path / answers.DIR_NAME
    index = json.loads((folder / "index.json").read_text("utf-8"))
    assert sorted(index) == WITHOUT_REQUIRED
    assert len(WITHOUT_REQUIRED) == 15  # 19 named queries, 4 need an agency or a programme
    for name in index:
        assert {p.name.rsplit(".", 1)[1] for p in folder.glob(f"{name}.*")} == {
            o.key for o in RESULTS
        }


def test_documents_counts_from_the_build(web: httpx.Client) -> None:
    r = web.get("/api/queries/documents_counts", headers={"accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = {
        row["document"][len(BASE + "documento/") :]: row
        for row in csv.DictReader(io.StringIO(r.text))
    }
    actions = {k: int(row["actions"]) for k, row in rows.items()}
    assert actions == {"pem-2015": 164, "pem-2018": 159, "pmm-2018": 187, "pmm-2022": 346,
                       "pmm-2024": 0}  # fmt: skip
    agencies = {k: int(row["agencies"]) for k, row in rows.items()}
    programs = {k: int(row["programs"]) for k, row in rows.items()}
    assert agencies == {"pem-2015": 35, "pem-2018": 25, "pmm-2018": 32, "pmm-2022": 66,
                        "pmm-2024": 0}  # fmt: skip
    assert programs == {"pem-2015": 20, "pem-2018": 17, "pmm-2018": 67, "pmm-2022": 52,
                        "pmm-2024": 0}  # fmt: skip


@pytest.mark.parametrize("name", WITHOUT_REQUIRED)
def test_an_answer_is_the_bytes_of_the_live_query(web: httpx.Client, name: str) -> None:
    for offer in RESULTS:
        accept = {"accept": offer.media_type}
        built = web.get(f"/api/queries/{name}", headers=accept)
        live = web.post(
            "/sparql",
            content=QUERIES[name].text.encode(),
            headers={**accept, "content-type": "application/sparql-query"},
        )
        assert built.status_code == live.status_code == 200, (name, offer.key)
        assert built.content == live.content, (name, offer.key)


def test_a_query_edited_after_the_build_runs_live(corpus_build) -> None:
    q = QUERIES["documents_counts"]
    assert answers.answer(corpus_build.path, q, "JSON") is not None
    edited = dataclasses.replace(q, text=q.text + "\n# edited\n")
    assert answers.answer(corpus_build.path, edited, "JSON") is None
    assert answers.answer(corpus_build.path / "no-such-build", q, "JSON") is None


def test_with_a_parameter_the_query_runs(web: httpx.Client) -> None:
    r = web.get("/api/queries/agency_actions_per_kind_year", params={"year": "2022"})
    rows = r.json()["results"]["bindings"]
    assert {row["year"]["value"] for row in rows} == {"2022"}
    kinds = {row["kind"]["value"].rsplit("/", 1)[1]: int(row["actions"]["value"]) for row in rows}
    # pmm-2022's 346 actions by the kind of their responsible bodies (one has two kinds)
    assert kinds == {
        "gobierno-estatal": 118,
        "administracion-publica-federal": 105,
        "organo-desconcentrado": 61,
        "organismo-descentralizado": 33,
        "poder-legislativo": 15,
        "organismo-constitucional-autonomo": 12,
        "empresa-participacion-estatal": 2,
        "poder-judicial": 1,
    }
    assert sum(kinds.values()) == 347
