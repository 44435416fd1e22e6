"""Search quality: precision at 5 and recall at 20 per split, and latency at the 50x corpus.

The set is `tests/evaluation/search.csv` (criteria in `tests/evaluation/search.md`): queries
as people type them, each with the resources a reader judges relevant. A query's ranked
IRIs are the distinct IRIs of its hits, in order (a passage of the 2024 report counts as
the resource it names). P@5 = relevant among the first 5 / min(5, relevant); recall@20 =
relevant among the first 20 / min(20, relevant); both averaged over the split's queries.

Latency: a synthetic build at 50 times the corpus (`bench.synthetic`'s N-Quads), its own index
(`loaders.publishing.search_index.write`), and the p50 of a search (parse, rank, first
page of 20 rows) over the set's queries, each run `ROUNDS` times.
"""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
from pathlib import Path

from bench.quality import Score
from loaders.publishing import search_index
from loaders.vocab import Ids
from service.search.index import SearchIndex
from service.settings import REPO_DIR

SET = REPO_DIR / "tests" / "evaluation" / "search.csv"
SCALE = 50
ROUNDS = 5


def load_set() -> list[dict[str, str]]:
    with SET.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def ranked(index: SearchIndex, query: str, base: str) -> list[str]:
    out: list[str] = []
    for hit in index.search(query).hits:
        local = hit.iri.removeprefix(base)
        if local not in out:
            out.append(local)
    return out


def grade(index: SearchIndex, items: list[dict[str, str]], base: str) -> tuple[float, float]:
    p5: list[float] = []
    r20: list[float] = []
    for item in items:
        relevant = set(item["relevant"].split())
        got = ranked(index, item["query"], base)
        p5.append(len(relevant & set(got[:5])) / max(1, min(5, len(relevant))))
        r20.append(len(relevant & set(got[:20])) / max(1, min(20, len(relevant))))
    return statistics.fmean(p5), statistics.fmean(r20)


def latency_ms(queries: list[str]) -> float:
    """p50 of one search (parse, rank every hit, read the first 20 rows) at 50x."""
    from bench import synthetic

    with tempfile.TemporaryDirectory(prefix="migrakg-search-") as tmp:
        index = search_index.write(Path(tmp), synthetic.nquads(SCALE, 0), None)
        search = SearchIndex(index)
        timings: list[float] = []
        for _ in range(ROUNDS):
            for q in queries:
                start = time.perf_counter()
                result = search.search(q)
                search.rows(result.hits[:20])
                timings.append((time.perf_counter() - start) * 1000)
        return statistics.median(timings)


def evaluate(build_root: Path) -> list[Score]:
    items = load_set()
    index = SearchIndex.in_build(build_root)
    base = Ids().base
    scores: list[Score] = []
    for split in ("dev", "heldout"):
        chosen = [i for i in items if i["split"] == split]
        p5, r20 = grade(index, chosen, base)
        scores.append(
            Score("search", "P@5", split, len(chosen), value=round(p5, 3),
                  target="P@5 >= 0.9", met=p5 >= 0.9)
        )  # fmt: skip
        scores.append(Score("search", "recall@20", split, len(chosen), value=round(r20, 3)))
    p50 = latency_ms([i["query"] for i in items])
    scores.append(
        Score("search", f"p50 ms at {SCALE}x", "all", len(items), value=round(p50, 2),
              target="< 10 ms", met=p50 < 10)
    )  # fmt: skip
    return scores
