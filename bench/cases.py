"""The benchmark cases: the same question asked of both servers.

The lookup and the dereferencing go through `ACTIONS` different actions, each connection
from its own offset (`Probe.more_urls`): real clients look up different resources, and one
IRI asked again and again would measure the memoised parsing on the way, not the work.
Dereferencing: ours answers `/id/...` (Turtle); Oxigraph gets the CONSTRUCT our service
runs for it (`service.linked_data.describe.DESCRIBE` with the IRI in place), which is what
a client of a bare SPARQL server would send.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from bench.client import Probe
from service.linked_data import describe
from service.settings import Settings

PREFIXES = "PREFIX mig: <https://w3id.org/migracion-mx/def#>\n"
JSON = ("Accept", "application/sparql-results+json")
TURTLE = ("Accept", "text/turtle")


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[str, bool], Probe]

    def probe(self, url: str, *, oxigraph: bool) -> Probe:
        return self.make(url, oxigraph)


ACTIONS = 256


def _sparql(*queries: str, accept: tuple[str, str] = JSON) -> Callable[[str, bool], Probe]:
    def make(url: str, oxigraph: bool) -> Probe:
        path = "/query" if oxigraph else "/sparql"
        first, *more = (f"{url}{path}?{urlencode({'query': q})}" for q in queries)
        return Probe("GET", first, (accept,), more_urls=tuple(more))

    return make


def actions_of(url: str) -> list[str]:
    query = PREFIXES + f"SELECT ?a WHERE {{ ?a a mig:Action }} ORDER BY ?a LIMIT {ACTIONS}"
    response = httpx.get(f"{url}/sparql", params={"query": query}, timeout=60)
    return [row["a"]["value"] for row in response.json()["results"]["bindings"]]


def cases(our_url: str) -> list[Case]:
    """The four cases; the lookup and dereferencing go through the build's first actions."""
    actions = actions_of(our_url)
    base = Settings().base_iri
    lookups = [f"SELECT ?p ?o WHERE {{ <{action}> ?p ?o }}" for action in actions]
    group_by = (
        PREFIXES + "SELECT ?year (COUNT(?a) AS ?n) WHERE { ?a a mig:Action ; mig:year ?year } "
        "GROUP BY ?year ORDER BY ?year"
    )
    text = (
        PREFIXES + "SELECT (COUNT(?a) AS ?n) WHERE { ?a mig:description ?d "
        'FILTER(CONTAINS(LCASE(STR(?d)), "frontera")) }'
    )
    describe_queries = [describe.DESCRIBE.replace("?r", f"<{action}>") for action in actions]

    def deref(url: str, oxigraph: bool) -> Probe:
        if oxigraph:
            return _sparql(*describe_queries, accept=TURTLE)(url, True)
        first, *more = (f"{url}/id/{action[len(base) :]}" for action in actions)
        return Probe("GET", first, (TURTLE,), more_urls=tuple(more))

    return [
        Case("lookup", _sparql(*lookups)),
        Case("group-by", _sparql(group_by)),
        Case("text-filter", _sparql(text)),
        Case("dereference", deref),
    ]


def optional_api_cases(url: str) -> list[Case]:
    """The JSON-LD API cases (bench.api), when the served build has what they need."""
    try:
        from bench.api import api_cases  # imports this module: not at the top

        return api_cases(url)
    except (ImportError, KeyError, IndexError, ValueError, httpx.HTTPError) as exc:
        print(f"  API cases skipped: {type(exc).__name__}: {exc}", file=sys.stderr)
        return []
