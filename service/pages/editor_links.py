"""Links that open the SPARQL editor with a query filled in (YASGUI reads `#query=`)."""

from __future__ import annotations

from urllib.parse import quote


def editor_link(query: str) -> str:
    """`/editor#query=...`: the editor opens a tab with `query` in it."""
    return "/editor#query=" + quote(query.strip(), safe="")


def describe_query(iri: str) -> str:
    """What a resource page offers to open in the editor: its triples, both directions."""
    return (
        "SELECT ?p ?o ?direction WHERE {\n"
        f'  {{ <{iri}> ?p ?o BIND("sale" AS ?direction) }}\n'
        f'  UNION {{ ?o ?p <{iri}> BIND("entra" AS ?direction) }}\n'
        "}\nORDER BY ?direction ?p ?o\nLIMIT 500"
    )
