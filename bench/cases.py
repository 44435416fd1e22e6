"""The benchmark cases: the same question asked of both servers.

Dereferencing: ours answers `/id/...` (Turtle); Oxigraph gets the CONSTRUCT our service
runs for it (`service.describe.DESCRIBE` with the IRI in place), which is what a client of
a bare SPARQL server would send.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from bench.client import Probe
from service import describe
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


def _sparql(query: str, accept: tuple[str, str] = JSON) -> Callable[[str, bool], Probe]:
    def make(url: str, oxigraph: bool) -> Probe:
        path = "/query" if oxigraph else "/sparql"
        return Probe("GET", f"{url}{path}?{urlencode({'query': query})}", (accept,))

    return make


def _first_action(url: str) -> str:
    query = PREFIXES + "SELECT ?a WHERE { ?a a mig:Action } ORDER BY ?a LIMIT 1"
    response = httpx.get(f"{url}/sparql", params={"query": query}, timeout=60)
    return response.json()["results"]["bindings"][0]["a"]["value"]


def cases(our_url: str) -> list[Case]:
    """The four cases; the lookup and dereferencing use the build's first action."""
    action = _first_action(our_url)
    base = Settings().base_iri
    lookup = f"SELECT ?p ?o WHERE {{ <{action}> ?p ?o }}"
    group_by = (
        PREFIXES + "SELECT ?year (COUNT(?a) AS ?n) WHERE { ?a a mig:Action ; mig:year ?year } "
        "GROUP BY ?year ORDER BY ?year"
    )
    text = (
        PREFIXES + "SELECT (COUNT(?a) AS ?n) WHERE { ?a mig:description ?d "
        'FILTER(CONTAINS(LCASE(STR(?d)), "frontera")) }'
    )
    describe_query = describe.DESCRIBE.replace("?r", f"<{action}>")

    def deref(url: str, oxigraph: bool) -> Probe:
        if oxigraph:
            return _sparql(describe_query, TURTLE)(url, True)
        return Probe("GET", f"{url}/id/{action[len(base) :]}", (TURTLE,))

    return [
        Case("lookup", _sparql(lookup)),
        Case("group-by", _sparql(group_by)),
        Case("text-filter", _sparql(text)),
        Case("dereference", deref),
    ]
