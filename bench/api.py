"""API latency for `python -m bench`: items, filtered pages and a timeline, ours only.

`api_cases(url)` picks real ids from the served build (the agency with the most actions,
the first GCM objective and its busiest year) and returns `bench.cases.Case`s that the bench
measures at concurrency 1 and 16 like the others (Oxigraph has no JSON-LD API, so these
rows have no Oxigraph column). `api-item` goes through the same `ACTIONS` actions as the
`dereference` case, each connection from its own offset, so that their ratio compares the
same resources. `api-filtered-page` filters by facets only (answered from the build's
snapshot); `api-text-page` adds a `q` text filter (answered by scanning the member index).
`run(url, count, seconds, concurrency)` measures them alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import httpx

from bench.cases import Case, actions_of
from bench.client import Probe, Stats, measure
from service.settings import Settings

JSONLD = ("Accept", "application/ld+json")


def _ids(url: str) -> tuple[str, str, str]:
    with httpx.Client(base_url=url, timeout=60) as c:
        agencies = c.get("/api/agencies", params={"per_page": 500}).json()["member"]
        counts: Counter[str] = Counter()
        for m in agencies[:100]:
            slug = m["id"].rsplit("/", 1)[-1]
            counts[slug] = c.get("/api/actions", params={"agency": slug, "per_page": 1}).json()[
                "totalItems"
            ]
        agency = counts.most_common(1)[0][0] if counts else "inm"
        gcm = c.get("/api/gcm/objectives", params={"per_page": 1}).json()["member"]
        objective = gcm[0]["id"].rsplit("/", 1)[-1] if gcm else "1"
        years = c.get("/api/actions", params={"gcm": objective, "per_page": 500}).json()
        counts = Counter(str(m.get("year")) for m in years["member"])
        year = counts.most_common(1)[0][0] if counts else "2018"
    return agency, objective, year


def api_cases(url: str) -> list[Case]:
    """The API cases against our service at `url`."""
    agency, objective, year = _ids(url)
    base = Settings().base_iri

    def probe(*paths: str) -> Callable[[str, bool], Probe]:
        def make(root: str, oxigraph: bool) -> Probe:
            first, *more = (f"{root}{p}" for p in paths)
            return Probe("GET", first, (JSONLD,), more_urls=tuple(more))

        return make

    items = [f"/api/actions/{a[len(base + 'accion/') :]}" for a in actions_of(url)]
    return [
        Case("api-item", probe(*items)),
        Case("api-filtered-page", probe(f"/api/actions?gcm={objective}&year={year}&per_page=50")),
        Case("api-text-page", probe(f"/api/actions?gcm={objective}&q=migrantes&per_page=50")),
        Case("api-timeline", probe(f"/api/agencies/{agency}/timeline")),
    ]


def run(url: str, count: int = 2000, seconds: float = 4.0, concurrency: int = 16) -> dict:
    """{case: {"c1": Stats, "c16": Stats}} for the API cases."""
    out: dict[str, dict[str, Stats]] = {}
    for case in api_cases(url):
        p = case.probe(url, oxigraph=False)
        out[case.name] = {
            "c1": measure(p, 1, count, seconds),
            f"c{concurrency}": measure(p, concurrency, count, seconds),
        }
    return out
