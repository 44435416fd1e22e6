"""Named queries without parameters, answered from the build (`service/api/answers.py`).

The answers must be the bytes the engine writes for the same query: each is compared with
the live `/sparql` answer to the query's text, in every results format. Actions per
document as the loaders' full-corpus tests state them (tests/fullcorpus/test_sparql.py);
pmm-2024 reports figures only, no actions. The answers per GCM objective are compared with
the engine's `evaluate` on the build's graph in this process (a route has no live path for
them), and objective 7's actions per year with the counts the loaders' tests read in the
reports.
"""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import io
import json
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from loaders.vocab import DEFAULT_BASE, Ids
from service.api import answers
from service.api.named_queries import load_queries
from service.engine.process import Request, evaluate, open_store
from service.http.formats import RESULTS
from service.settings import REPO_DIR
from tests.fullcorpus.conftest import BASE
from tests.loaders.sources.pmm_2018.test_loader import ACTIONS_PER_OBJECTIVE as PMM_2018
from tests.loaders.sources.pmm_2022.test_loader import FEDERAL, STATE

pytestmark = pytest.mark.slow

QUERIES = load_queries(REPO_DIR / "queries")
WITHOUT_REQUIRED = sorted(n for n, q in QUERIES.items() if not any(p.required for p in q.params))
GCM_QUERIES = [
    "crosswalk_pem_predecessors_for_gcm",
    "gcm_actions_per_objective_year",
    "gcm_challenges_per_objective",
    "indicators_2024_per_objective",
    "tracker_objective_tallies",
]


def test_the_build_answers_every_query_callable_without_parameters(corpus_build) -> None:
    folder = corpus_build.path / answers.DIR_NAME
    index = json.loads((folder / "index.json").read_text("utf-8"))
    assert sorted(index) == WITHOUT_REQUIRED
    assert len(WITHOUT_REQUIRED) == 15  # 19 named queries, 4 need an agency or a programme
    by_gcm = sorted(n for n in index if any(p.type == "gcm" for p in QUERIES[n].params))
    assert by_gcm == GCM_QUERIES
    for name, entry in index.items():
        assert len(entry["variants"]) == (24 if name in by_gcm else 1), name
        files = {p.name for p in folder.glob(f"{name}.*")}
        assert len(files) == len(entry["variants"]) * len(RESULTS), name


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


@pytest.fixture(scope="module")
def memory_store(corpus_build) -> ox.Store:
    return open_store("memory", "", str(corpus_build.path / "graph.nq"))


@pytest.mark.parametrize("name", GCM_QUERIES)
def test_an_answer_per_objective_is_that_objective_s(
    web: httpx.Client, memory_store: ox.Store, name: str
) -> None:
    q = QUERIES[name]
    for n in (1, 7, 21, 23):
        subs = q.bindings({"gcm": str(n)}, Ids(DEFAULT_BASE))
        live = evaluate(memory_store, Request(q.text, results_format="JSON", substitutions=subs))
        built = web.get(f"/api/queries/{name}", params={"gcm": str(n)})
        assert built.status_code == 200 and built.content == live.body, (name, n)
        bound = {r["gcm"]["value"] for r in built.json()["results"]["bindings"] if "gcm" in r}
        assert bound <= {f"{BASE}gcm/objetivo/{n}"}, (name, n)


def test_gcm_7_actions_per_year_from_the_build(web: httpx.Client) -> None:
    rows = web.get("/api/queries/gcm_actions_per_objective_year", params={"gcm": "07"}).json()
    years = {r["year"]["value"]: int(r["actions"]["value"]) for r in rows["results"]["bindings"]}
    assert {r["notation"]["value"] for r in rows["results"]["bindings"]} == {"7"}
    # as the reports list them: pmm-2018 per objective, pmm-2022 federal and state entries
    assert years == {"2018": PMM_2018[7], "2022": FEDERAL[7] + STATE[7]}


def _answer(*args: Any) -> bytes | None:
    return asyncio.run(answers.read_answer(*args))


def test_a_query_edited_after_the_build_runs_live(corpus_build) -> None:
    q = QUERIES["documents_counts"]
    assert _answer(corpus_build.path, q, {}, "JSON") is not None
    edited = dataclasses.replace(q, text=q.text + "\n# edited\n")
    assert _answer(corpus_build.path, edited, {}, "JSON") is None
    assert _answer(corpus_build.path / "no-such-build", q, {}, "JSON") is None
    two = {"year": ("literal", "2024", None, None), "gcm": ("iri", BASE + "gcm/objetivo/7")}
    assert _answer(corpus_build.path, QUERIES["indicators_2024_per_objective"], two,
                          "JSON") is None  # fmt: skip


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


def test_answers_are_the_same_bytes_when_written_again(corpus_build, tmp_path) -> None:
    (tmp_path / "graph.nq").symlink_to(corpus_build.path / "graph.nq")
    again = answers.write(tmp_path)
    first = corpus_build.path / answers.DIR_NAME
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (again / name).read_bytes() == (first / name).read_bytes(), name
