"""Bound parameters written into the text mean what pyoxigraph's `substitutions` mean."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service.engine.bind import (
    BindError,
    expand_escaped_names,
    substitute,
    term_text,
    without_dataset_clauses,
)
from tests.service.dataset import AGENCY, MIG, quads

R = ("iri", AGENCY)
QUERIES = (
    "SELECT ?r ?p WHERE { ?r ?p ?o } ORDER BY ?p",
    "SELECT ?r ?s ?z WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?z FILTER(?o = ?r) } FILTER(?o = ?r) }",
    "SELECT ?r (COUNT(*) AS ?n) WHERE { ?a ?p ?r } GROUP BY ?r ORDER BY ?r",
    "CONSTRUCT { ?r ?p ?o } WHERE { ?r ?p ?o }",
    "ASK { ?a ?p ?r }",
)


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.extend(quads())
    return s


def _rows(result: object) -> object:
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        return sorted(tuple(str(v) for v in row) for row in result)
    return sorted(str(t) for t in result)  # type: ignore[attr-defined]


@pytest.mark.parametrize("query", QUERIES)
def test_written_terms_match_substitutions(store: ox.Store, query: str) -> None:
    bound = store.query(
        query,
        use_default_graph_as_union=True,
        substitutions={ox.Variable("r"): ox.NamedNode(AGENCY)},
    )
    written = store.query(substitute(query, {"r": R}), use_default_graph_as_union=True)
    expected = _rows(bound)
    assert expected  # the comparison is about something
    assert _rows(written) == expected


def test_terms_are_escaped_and_checked() -> None:
    assert term_text(("literal", 'a"b\\c\nd', None, "es")) == '"a\\"b\\\\c\\nd"@es'
    assert term_text(("literal", "2015", "http://www.w3.org/2001/XMLSchema#gYear", None)) == (
        '"2015"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    )
    for bad in ("http://a> } DROP ALL {", "no scheme", ""):
        with pytest.raises(BindError):
            term_text(("iri", bad))
    with pytest.raises(BindError):
        term_text(("literal", "x", None, "es } DROP"))


def test_strings_comments_and_iris_are_left_alone() -> None:
    query = 'SELECT * WHERE { ?s ?p "?r" . <http://x/?r> ?q ?r } # ?r'
    assert substitute(query, {"r": R}) == (
        f'SELECT * WHERE {{ ?s ?p "?r" . <http://x/?r> ?q <{AGENCY}> }} # ?r'
    )


def test_escaped_local_names_become_iris() -> None:
    query = "PREFIX id: <https://x/id/> SELECT * WHERE { ?a ?p id:pem\\/linea\\/1.1.1 }"
    assert expand_escaped_names(query).endswith("?a ?p <https://x/id/pem/linea/1.1.1> }")
    assert (
        expand_escaped_names("ASK { ?a ?b m:a\\/b }", {"m": MIG}) == f"ASK {{ ?a ?b <{MIG}a/b> }}"
    )


def test_protocol_dataset_drops_from_clauses() -> None:
    query = "SELECT * FROM <http://g/1> FROM NAMED <http://g/2> FROM x:y WHERE { ?s ?p ?o }"
    assert " ".join(without_dataset_clauses(query).split()) == "SELECT * WHERE { ?s ?p ?o }"
