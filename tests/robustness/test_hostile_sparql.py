"""Hostile SPARQL at `/sparql` on a real server: mutated and random queries, odd SERVICE,
updates, comments hiding keywords, huge literals, deep nesting, random query strings.

Never a 5xx (a 503 only for a query that really runs past the limit), never a hang, always
a message, and never a connection to the address the queries name (the tripwire).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.robustness.conftest import MAX_BODY_BYTES
from tests.robustness.hostile import check_answer, tripwire

TRIP = "{TRIP}"  # replaced by the tripwire's URL when the request is sent

PREFIX = "PREFIX mig: <https://w3id.org/migracion-mx/def#>\n"
AGENCY = "<https://w3id.org/migracion-mx/id/institucion/inm>"
VALID = [
    f"SELECT ?p ?o WHERE {{ {AGENCY} ?p ?o }}",
    f"ASK {{ {AGENCY} ?p ?o }}",
    f"CONSTRUCT {{ ?a ?p ?o }} WHERE {{ ?a mig:responsibleAgency {AGENCY} ; ?p ?o }} LIMIT 5",
    f"DESCRIBE {AGENCY}",
    "SELECT ?y (COUNT(?a) AS ?n) WHERE { ?a a mig:Action ; mig:year ?y } GROUP BY ?y",
    'SELECT ?a WHERE { ?a mig:description ?d FILTER(CONTAINS(LCASE(STR(?d)), "acción")) }',
    "SELECT * WHERE { GRAPH ?g { ?s a mig:SourceDocument } OPTIONAL { ?s ?p ?o } } LIMIT 9",
    "SELECT ?s WHERE { { ?s a mig:Agency } UNION { ?s a mig:Action } } ORDER BY ?s LIMIT 3",
    "SELECT * WHERE { VALUES ?x { 1 2 3 } BIND(?x * 2 AS ?y) FILTER(?y > 2) }",
    "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 2 } ?s ?q ?v } LIMIT 5",
    "SELECT ?s WHERE { ?s mig:responsibleAgency/a ?t } LIMIT 3",
    'SELECT (STRLEN(REPLACE("aaa", "a+", "b")) AS ?n) WHERE {}',
]
INJECT = [
    "SERVICE",
    "service",
    "SeRvIcE",
    "\\u0053ERVICE",
    "SERV\\u0049CE",
    f"SERVICE <{TRIP}> {{ ?s ?p ?o }}",
    f"service silent <{TRIP}> {{ }}",
    f"OPTIONAL {{ SeRvIcE <{TRIP}> {{ ?x ?y ?z }} }}",
    f"{{ SELECT * WHERE {{ SERVICE <{TRIP}> {{ ?a ?b ?c }} }} }}",
    "SERVICE ?s { ?a ?b ?c }",
    f"# SERVICE <{TRIP}>\n",
    f'"SERVICE <{TRIP}>"',
    f"LOAD <{TRIP}>",
    f"LOAD SILENT <{TRIP}> INTO GRAPH <x:g>",
    "INSERT DATA { <x:a> <x:b> <x:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP GRAPH <x:g>",
    "CREATE GRAPH <x:g>",
    "WITH <x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    f"FROM <{TRIP}>",
    f"FROM NAMED <{TRIP}>",
    f'BIND(IRI("{TRIP}") AS ?trip)',
    "{",
    "}",
    "(",
    ")",
    ".",
    ";",
    ",",
    "|",
    "/",
    "^",
    "*",
    "+",
    "!",
    "=",
    "<",
    ">",
    "'",
    '"',
    '"""',
    "#",
    "\\",
    "\x00",
    "?",
    "$x",
    "_:b",
    "@es",
    "^^",
    "a",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "MINUS",
    "GRAPH",
    "VALUES",
    "BIND",
    "SELECT",
    "WHERE",
    "LIMIT",
    "OFFSET 99999999999999999999999",
    "LIMIT -1",
    "PREFIX",
    "BASE <x:>",
    "1e999",
    "0x1F",
    '"é"@es-ES-x-abcdefgh',
    "<https://w3id.org/migracion-mx/id/>",
    "<not an iri>",
    'REGEX(?o, "(a+)+$")',
    "?a ?b ?c .",
    "\u202e",
    "\ufeff",
    "\U0001f600",
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A valid query with a few tokens deleted, inserted, duplicated or swapped."""
    tokens = draw(st.sampled_from(VALID)).replace("{", " { ").replace("}", " } ").split()
    tokens = (PREFIX.split() if draw(st.booleans()) else []) + tokens
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(tokens)))
        op = draw(st.sampled_from(["delete", "insert", "insert", "duplicate", "swap", "text"]))
        if op == "delete" and tokens:
            del tokens[min(i, len(tokens) - 1)]
        elif op == "insert":
            tokens.insert(i, draw(st.sampled_from(INJECT)))
        elif op == "duplicate" and tokens:
            j = min(i, len(tokens) - 1)
            tokens[j:j] = tokens[j : j + draw(st.integers(1, 6))]
        elif op == "swap" and len(tokens) > 1:
            j = draw(st.integers(0, len(tokens) - 1))
            k = min(i, len(tokens) - 1)
            tokens[j], tokens[k] = tokens[k], tokens[j]
        elif op == "text":
            tokens.insert(i, draw(st.text(max_size=12)))
    separator = draw(st.sampled_from([" ", "\n", "\t", " # comment SERVICE\n", "\r\n"]))
    return separator.join(tokens)


def huge_literal(size: int) -> str:
    return f'SELECT * WHERE {{ ?s ?p "{"x" * size}" }}'


def nested(depth: int, open_: str = "{", close: str = "}") -> str:
    return "SELECT * WHERE " + open_ * depth + " ?s ?p ?o " + close * depth


QUERY = st.one_of(
    mutated(),
    st.text(max_size=200),
    st.lists(st.sampled_from(INJECT), max_size=30).map(" ".join),
)


@pytest.fixture(scope="module")
def trip() -> Iterator[tuple[str, list[bytes]]]:
    with tripwire() as (url, hits):
        yield url, hits
        assert hits == [], f"the service connected to the address a query named: {hits!r}"


def _ask(client: httpx.Client, query: str, how: str) -> httpx.Response:
    if how == "get":
        return client.get("/sparql", params={"query": query})
    if how == "form":
        return client.post("/sparql", data={"query": query})
    return client.post(
        "/sparql",
        content=query.encode("utf-8", "surrogatepass"),
        headers={"content-type": "application/sparql-query"},
    )


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERY, how=st.sampled_from(["get", "form", "body"]))
def test_mutated_and_random_queries(
    hostile: httpx.Client, trip: tuple[str, list[bytes]], query: str, how: str
) -> None:
    query = query.replace(TRIP, trip[0])
    check_answer(_ask(hostile, query, how), query)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("SELECT * WHERE { SERVICE <{TRIP}> { ?s ?p ?o } }", 400),
        ("select * where { ?s ?p ?o . sErViCe <{TRIP}> { } }", 400),
        ("SELECT * WHERE { \\u0053ERVICE <{TRIP}> { } }", 400),
        ("SELECT * WHERE { { SELECT * WHERE { SERVICE SILENT <{TRIP}> {} } } }", 400),
        ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE ?s { ?a ?b ?c } } }", 400),
        ("SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{TRIP}> {} } }", 400),
        ("ASK { FILTER NOT EXISTS { SERVICE <{TRIP}> { } } }", 400),
        ("SELECT * WHERE {\n# SERVICE <{TRIP}> {}\n ?s ?p ?o } LIMIT 1", 200),
        ('SELECT * WHERE { ?s ?p "SERVICE <{TRIP}>" }', 200),
        ("SELECT ?service WHERE { ?service ?p ?o } LIMIT 1", 200),
        ("LOAD <{TRIP}>", 403),
        ("# SELECT\nINSERT DATA { <x:a> <x:b> <x:c> }", 403),
        ("CLEAR ALL", 403),
        ("DROP SILENT GRAPH <x:g>", 403),
        ("PREFIX x: <x:> WITH <x:g> INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }", 403),
        ("SELECT * FROM <{TRIP}> WHERE { ?s ?p ?o }", 200),
        ("CONSTRUCT { ?s ?p ?o } WHERE { BIND(IRI('{TRIP}') AS ?s) ?s ?p ?o }", 200),
    ],
)
def test_refusals_and_what_is_not_refused(
    hostile: httpx.Client, trip: tuple[str, list[bytes]], query: str, status: int
) -> None:
    query = query.replace(TRIP, trip[0])
    for how in ("get", "form", "body"):
        response = _ask(hostile, query, how)
        check_answer(response, query)
        assert response.status_code == status, response.text


@pytest.mark.parametrize(
    "query",
    [
        huge_literal(15_000),
        nested(200),
        nested(257),
        nested(5_000),
        nested(5_000, "(", ")").replace("WHERE ", "WHERE { FILTER") + " }",
        "SELECT * WHERE { FILTER(" + "!" * 15_000 + "true) }",
        "SELECT * WHERE { FILTER(" + "+".join(["1"] * 5_000) + " > 0) }",
        "SELECT * WHERE { FILTER(" + "&&".join(["true"] * 3_000) + ") }",
        "SELECT * WHERE { ?s " + "/".join(["<x:p>"] * 2_000) + " ?o }",
        "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 1_000) + " }",
        "SELECT * WHERE { VALUES ?x { " + " ".join(f"<x:{i}>" for i in range(1_500)) + " } }",
        "SELECT * WHERE { FILTER(" + "\\u0028" * 2_500 + "1" + ")" * 2_500 + ") }",
    ],
    ids=[
        "huge-literal",
        "nested-200",
        "nested-257",
        "nested-5000",
        "parens-5000",
        "not-15000",
        "plus-5000",
        "and-3000",
        "path-2000",
        "union-1000",
        "values-1500",
        "escaped-parens-2500",
    ],
)
def test_large_and_deep_queries(hostile: httpx.Client, query: str) -> None:
    assert len(query.encode()) < MAX_BODY_BYTES
    for how in ("form", "body"):
        check_answer(_ask(hostile, query, how), query)


def test_over_the_body_limit_is_413(hostile: httpx.Client) -> None:
    query = huge_literal(MAX_BODY_BYTES)
    for how in ("form", "body"):
        response = _ask(hostile, query, how)
        assert response.status_code == 413
        assert "limit" in response.text


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pairs=st.lists(
        st.tuples(
            st.sampled_from(["query", "update", "default-graph-uri", "named-graph-uri", "x", ""])
            | st.text(max_size=8),
            st.sampled_from([*VALID, "", "<x:g>", "not an iri", "%", "%FF%FE"])
            | st.text(max_size=30),
        ),
        max_size=5,
    ),
    raw=st.lists(
        st.sampled_from([*"=&%;+?#/ aqé\x7f", "%00", "%FF", "%zz", "query=", "ASK{}"]),
        max_size=40,
    ).map("".join),
    use_raw=st.booleans(),
)
def test_random_query_strings(
    hostile: httpx.Client, pairs: list[tuple[str, str]], raw: str, use_raw: bool
) -> None:
    if use_raw:
        target = "/sparql?" + quote(raw, safe="=&%;+?/")
    else:
        target = "/sparql?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs)
    response = hostile.get(target)
    check_answer(response, next((v for k, v in pairs if k == "query"), None))
