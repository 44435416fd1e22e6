"""API latency for `python -m bench`: an item, a filtered page and a timeline, ours only.

`api_cases(url)` picks real ids from the served build (the first action, the agency with
the most actions, the first GCM objective) and returns `bench.cases.Case`s that the bench
measures at concurrency 1 and 16 like the others (Oxigraph has no JSON-LD API, so these
rows have no Oxigraph column). `run(url, count, seconds, concurrency)` measures them alone.
"""

from __future__ import annotations

from collections import Counter

import httpx

from bench.cases import Case
from bench.client import Probe, Stats, measure

JSONLD = ("Accept", "application/ld+json")


def _ids(url: str) -> tuple[str, str, str]:
    with httpx.Client(base_url=url, timeout=60) as c:
        first = c.get("/api/actions", params={"per_page": 1}).json()["member"][0]["id"]
        action = first.split("/accion/", 1)[1]
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
    return action, agency, objective


def api_cases(url: str) -> list[Case]:
    """The three API cases against our service at `url`."""
    action, agency, objective = _ids(url)

    def probe(path: str) -> object:
        def make(base: str, oxigraph: bool) -> Probe:
            return Probe("GET", f"{base}{path}", (JSONLD,))

        return make

    return [
        Case("api-item", probe(f"/api/actions/{action}")),  # type: ignore[arg-type]
        Case(
            "api-filtered-page",
            probe(f"/api/actions?gcm={objective}&q=migrantes&per_page=50"),  # type: ignore[arg-type]
        ),
        Case("api-timeline", probe(f"/api/agencies/{agency}/timeline")),  # type: ignore[arg-type]
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
