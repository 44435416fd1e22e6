"""The in-process class: only provably cheap queries skip the query processes, and the
in-process path answers byte for byte what a query process answers."""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import URIRef, Variable
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from service.engine.inprocess import bounded
from service.engine.pool import QueryPool
from service.engine.process import Reply, Request
from service.engine.safety import QueryInfo, bare_text, check_query, deepest_nesting
from service.engine.shape import one_pattern_form, single_pattern
from service.linked_data import describe
from service.published import open_build
from service.settings import Settings
from tests.service.dataset import AGENCY, BASE, MIG, write_build

S = f"<{AGENCY}>"
MIG_PREFIX = f"PREFIX mig: <{MIG}>\n"

IN_CLASS = [
    f"SELECT ?p ?o WHERE {{ {S} ?p ?o }}",
    f"select * {{ {S} ?p ?o . }}",
    f"SELECT DISTINCT ?o WHERE {{ {S} a ?o }} LIMIT 5 OFFSET 1",
    f"SELECT REDUCED ?p {{ {S} ?p ?o }} OFFSET 2 LIMIT 1",
    MIG_PREFIX + f"SELECT ?o {{ {S} mig:p mig:Obj. }}",
    MIG_PREFIX + "SELECT ?p ?o { mig:Action ?p ?o }",
    f"ASK {{ {S} ?p ?o }}",
    f"ASK WHERE {{ {S} <{MIG}year> ?o }}",
    f"CONSTRUCT WHERE {{ {S} ?p ?o }}",
    f"SELECT $p $o {{ {S} $p $o }}",
]

# Each is explosive, unbounded, or simply outside the recognised shape.
OUT_OF_CLASS = [
    "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",  # cross product
    f"SELECT * {{ {S} ?p ?o . ?x ?y ?z }}",  # cross product with the store
    f"SELECT * {{ {S} ?p ?o . {S} ?q ?r }}",  # out-degree squared
    f"SELECT * {{ {S} ?p ?o ; ?q ?r }}",
    f"SELECT * {{ {S} ?p ?o , ?r }}",
    f"SELECT * {{ {S} <{MIG}p>* ?o }}",  # property paths
    f"SELECT * {{ {S} (<{MIG}p>|^<{MIG}p>)+ ?o }}",
    f"SELECT * {{ {S} <{MIG}p>/<{MIG}q> ?o }}",
    f"SELECT * {{ {S} !<{MIG}p> ?o }}",
    "SELECT * { ?s ?p ?o }",  # unbound subject
    f"SELECT * {{ ?s ?p {S} }}",
    "SELECT * { _:b ?p ?o }",
    "SELECT * { [] ?p ?o }",
    f"SELECT * {{ {S} ?p ?o OPTIONAL {{ ?a ?b ?c }} }}",
    f"SELECT * {{ {{ {S} ?p ?o }} UNION {{ ?a ?b ?c }} }}",
    f"SELECT * {{ {S} ?p ?o }} UNION {{ ?a ?b ?c }}",
    f"SELECT * {{ {S} ?p ?o FILTER(REGEX(STR(?o), '(a*)*b')) }}",
    f"SELECT * {{ {S} ?p ?o BIND(1 AS ?x) }}",
    f"SELECT * {{ {S} ?p ?o }} VALUES ?x {{ 1 2 }}",
    f"SELECT * {{ {S} ?p ?o MINUS {{ ?a ?b ?c }} }}",
    "SELECT * { { SELECT * { ?a ?b ?c . ?d ?e ?f } } }",  # subquery
    f"SELECT (COUNT(*) AS ?n) {{ {S} ?p ?o }}",  # aggregates, expressions
    f"SELECT * {{ {S} ?p ?o }} ORDER BY ?o",
    f"SELECT * {{ {S} ?p ?o }} GROUP BY ?o",
    f"SELECT * FROM <{BASE}grafo/doc-a> {{ {S} ?p ?o }}",  # dataset clauses
    f"SELECT * {{ GRAPH ?g {{ {S} ?p ?o }} }}",
    f"SELECT * {{ SERVICE <http://example.org/> {{ {S} ?p ?o }} }}",
    f"DESCRIBE {S}",
    f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ {S} ?p ?o . ?a ?b ?c }}",
    f"SELECT * {{ {S} ?p ?o }} # }} . ?a ?b ?c {{",  # comments could hide anything
    f"SELECT * {{ {S} ?p ?o # \n . ?a ?b ?c }}",
    f"SELECT * {{ {S} ?p 'x' }}",  # strings
    f'SELECT * {{ {S} ?p "}} . ?a ?b ?c {{" }}',
    f"SELECT * {{ {S} \\u003Fp ?o . ?a ?b ?c }}",  # codepoint escapes
    f"SELECT * {{ {S} ?p ?o }} LIMIT10",
    f"SELECT * {{ {S} ?p ?o }} LIMIT 1.5",
    f"SELECT * {{ {S} ?p ?o . }} .",
    f"SELECT * {{ {S} ?p ?o }} }}",
    f"ASK {{ {S} ?p ?o }} LIMIT 1",
    MIG_PREFIX + "SELECT ?o { mig:a.b ?p ?o }",  # a dotted local name: not in the token set
    "BASE <http://example.org/> SELECT * { <s> ?p ?o }",
    f"SELECT\u00a0* {{ {S} ?p ?o }}",  # white space SPARQL does not have
    f"INSERT DATA {{ {S} <{MIG}p> 1 }}",
    "",
]


def test_case_lists() -> None:
    assert len(IN_CLASS) >= 10 and len(OUT_OF_CLASS) >= 40


@pytest.mark.parametrize("query", IN_CLASS)
def test_in_class(query: str) -> None:
    _assert_the_lexer_agrees(query)
    assert single_pattern(query)
    assert bounded(Request(query))
    _assert_one_constant_subject_pattern(query)


@pytest.mark.parametrize("query", OUT_OF_CLASS)
def test_out_of_class(query: str) -> None:
    assert not single_pattern(query)
    assert not bounded(Request(query))


def test_substitutions_take_user_queries_out_of_the_class() -> None:
    query = IN_CLASS[0]
    assert not bounded(Request(query, substitutions={"o": ("iri", AGENCY)}))


def test_fixed_queries_only_with_the_resource_bound_to_an_iri() -> None:
    for query in (describe.DESCRIBE, describe.OUTLINE):
        assert bounded(Request(query, substitutions={"r": ("iri", AGENCY)}))
        assert not bounded(Request(query))  # unbound: the whole graph
        assert not bounded(Request(query, substitutions={"r": ("literal", "x", None, None)}))
        assert not bounded(Request(query, substitutions={"r": ("iri", AGENCY), "p": ("iri", MIG)}))
        assert not bounded(Request(query + " "))  # near-copies are user text


def _assert_the_lexer_agrees(query: str) -> None:
    """`check_query` answers a query of the shape without lexing it; the lexer must have
    found the same: its form, no FROM, nothing refused, no nesting."""
    bare = bare_text(query)
    words = set(re.findall(r"[A-Za-z]+", bare.upper()))
    assert not words & {"SERVICE", "FROM", "INSERT", "DELETE", "LOAD", "CLEAR", "WITH"}
    assert deepest_nesting(bare) == 1
    form = next(w for w in ("SELECT", "ASK", "CONSTRUCT") if w in words)
    assert one_pattern_form(query) == form
    assert check_query.__wrapped__(query) == QueryInfo(form, has_from=False)


def _assert_one_constant_subject_pattern(query: str) -> None:
    """The oracle: rdflib's own algebra is one triple pattern with a constant subject."""
    _assert_the_lexer_agrees(query)
    algebra = translateQuery(parseQuery(query)).algebra
    assert algebra.get("datasetClause") is None
    allowed = {"SelectQuery", "AskQuery", "ConstructQuery", "Project", "Distinct"}
    allowed |= {"Reduced", "Slice", "BGP"}
    bgps: list[CompValue] = []

    def walk(node: object) -> None:
        if isinstance(node, CompValue):
            assert node.name in allowed, node.name
            if node.name == "BGP":
                bgps.append(node)
            for value in node.values():
                walk(value)

    walk(algebra)
    assert len(bgps) == 1 and len(bgps[0]["triples"]) == 1
    s, p, o = bgps[0]["triples"][0]
    assert isinstance(s, URIRef) and not isinstance(s, Variable)
    assert isinstance(p, URIRef | Variable) and isinstance(o, URIRef | Variable)


_KEYWORD_VARIABLE = re.compile(r"(?<=[A-Z]{2})(?=[?$][A-Za-z_])")  # `DISTINCT$x`

# Fragments of valid, near-valid and dangerous SPARQL, joined at random: whatever the
# recogniser accepts must be a single constant-subject pattern for an independent parser.
FRAGMENTS = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "DISTINCT", "*", "?p", "?o", "$x",
    "{", "}", ".", ";", ",", "/", "|", "^", "+", "?", "!", "(", ")", "a", S, "mig:p",
    "mig:", "_:b", "[]", "'s'", "1", "LIMIT", "OFFSET", "OPTIONAL", "UNION", "FILTER",
    "GRAPH", "SERVICE", "VALUES", "BIND", "MINUS", "#", "\n", "FROM", "PREFIX", "<x>",
]  # fmt: skip


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=14),
    st.sampled_from(IN_CLASS),
    st.integers(0, 200),
    st.sampled_from([" ", ""]),
)
def test_whatever_is_accepted_is_one_constant_subject_pattern(
    fragments: list[str], base: str, at: int, glue: str
) -> None:
    at = min(at, len(base))
    for query in (
        glue.join(fragments),
        MIG_PREFIX + " ".join(fragments),
        base[:at] + glue + glue.join(fragments) + glue + base[at:],
    ):
        if single_pattern(query):
            # rdflib wants a space between a keyword and a variable (`DISTINCT$x`), which
            # SPARQL does not: give it one, nothing else changes
            query = _KEYWORD_VARIABLE.sub(" ", query)
            try:
                parsed = translateQuery(parseQuery(query))
            except Exception:  # rdflib cannot parse it: pyoxigraph must refuse it too
                with pytest.raises(SyntaxError):
                    ox.Store().query(query)
                continue
            assert parsed is not None
            _assert_one_constant_subject_pattern(query)


SUBJECTS = [S, "mig:Action", "?s", "_:b", "[]", "'x'", "<x>", "a"]
PREDICATES = ["?p", "a", "mig:p", f"<{MIG}p>", "mig:p*", "mig:p/mig:q", "^mig:p", "(mig:p)"]
OBJECTS = ["?o", S, "mig:o", "'x'", "[]", "?s", "1", "(?o)"]
SEPARATORS = [" ", " . ", " ; ", " , ", " .", "\n#\n", " } UNION { ", " OPTIONAL { "]
FORMS = ["SELECT *", "SELECT ?p ?o", "SELECT DISTINCT ?o WHERE", "ASK", "CONSTRUCT WHERE"]
FORMS += ["DESCRIBE ?o WHERE", "SELECT (COUNT(*) AS ?n)", "CONSTRUCT { ?s ?p ?o } WHERE"]
TAILS = ["", " LIMIT 1", " OFFSET 2 LIMIT 3", " ORDER BY ?o", " GROUP BY ?o", " LIMIT10"]
TAILS += [" VALUES ?o { 1 }", " # }", " }", " ."]


@st.composite
def shaped_queries(draw: st.DrawFn) -> str:
    """Queries near the recognised shape: 1-3 patterns, varied terms and glue."""
    patterns = [
        " ".join(draw(st.sampled_from(choices)) for choices in (SUBJECTS, PREDICATES, OBJECTS))
        for _ in range(draw(st.integers(1, 3)))
    ]
    body = patterns[0]
    for pattern in patterns[1:]:
        body += draw(st.sampled_from(SEPARATORS)) + pattern
    body += draw(st.sampled_from(["", " .", " . ", " ;"]))
    return (
        MIG_PREFIX
        + draw(st.sampled_from(FORMS))
        + " { "
        + body
        + " }"
        + draw(st.sampled_from(TAILS))
    )


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shaped_queries())
def test_whatever_shaped_query_is_accepted_is_one_constant_subject_pattern(query: str) -> None:
    if single_pattern(query):
        _assert_one_constant_subject_pattern(query)


# The same requests through both paths must give the same replies, byte for byte.
SAME_REPLY = [
    *(Request(q, results_format=f) for q in IN_CLASS for f in ("JSON", "XML", "CSV", "TSV")),
    *(Request(q, graph_format=f) for q in IN_CLASS for f in ("TURTLE", "N_TRIPLES", "JSON_LD")),
    Request(IN_CLASS[0], results_format=None),  # not acceptable
    Request(IN_CLASS[0], max_bytes=100),  # too large
    Request(f"SELECT ?o {{ {S} undeclared:p ?o }}"),  # a syntax error
    Request(IN_CLASS[0], default_graph=(f"{BASE}grafo/referencia",)),
    Request(IN_CLASS[0], default_graph=(f"{BASE}grafo/doc-a",)),
    Request(IN_CLASS[0], default_graph=("not an iri",)),
    *(
        Request(
            describe.DESCRIBE,
            results_format=None,
            graph_format=f,
            substitutions={"r": ("iri", iri)},
            prefixes={"mig": MIG},
            require_triples=True,
        )
        for f in ("TURTLE", "N_TRIPLES", "JSON_LD", "RDF_XML")
        for iri in (AGENCY, f"{BASE}accion/doc-a/3", f"{BASE}documento/doc-b", f"{BASE}nada")
    ),
    Request(describe.OUTLINE, substitutions={"r": ("iri", f"{BASE}accion/doc-b/7")}),
]


# pyoxigraph renames blank nodes at random when it loads a file, which also moves them in
# the index order: in memory mode every process (query process or not) answers them with its
# own labels and row order, so only the disk store (fixed ids) holds them here.
BLANK_NODES = (
    f"<{AGENCY}> <{MIG}address> _:addr <{BASE}grafo/referencia> .\n"
    f'_:addr <{MIG}street> "Homero 1832" <{BASE}grafo/referencia> .\n'
)


@pytest.mark.parametrize("mode", ["memory", "disk"])
def test_both_paths_give_identical_replies(tmp_path: Path, mode: str) -> None:
    assert all(bounded(r) for r in SAME_REPLY)
    build = open_build(write_build(tmp_path))
    if mode == "disk":
        store = ox.Store(str(build.store_path))
        added = list(ox.parse(BLANK_NODES.encode(), ox.RdfFormat.N_QUADS))
        # in the named graph and in the default graph, whether that is the union or a merge
        store.extend(added + [ox.Quad(q.subject, q.predicate, q.object) for q in added])
        store.flush()
        del store
    settings_ = Settings(build_dir=tmp_path, query_workers=1, result_cache_bytes=0, store_mode=mode)

    async def replies(in_process: bool) -> list[Reply]:
        pool = QueryPool(settings_, build, in_process=in_process)
        await pool.start()
        try:
            assert (pool.local is not None) is in_process
            return [await pool.run(r) for r in SAME_REPLY]
        finally:
            await pool.close()

    local, remote = asyncio.run(replies(True)), asyncio.run(replies(False))
    statuses = {r.status for r in local}
    assert statuses == {"ok", "syntax", "too-large", "not-acceptable", "empty"}
    assert any(b"Instituto Nacional" in r.body for r in local)
    assert any(b"Homero 1832" in r.body for r in local) is (mode == "disk")
    for request, mine, theirs in zip(SAME_REPLY, local, remote, strict=True):
        assert mine == theirs, request


EXPLOSIVE = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
)


@pytest.mark.slow
def test_lookups_answer_while_every_query_process_runs_away(base_url: str) -> None:
    """With both query processes busy until the limit, a lookup and a dereference (in
    process) still answer at once; the runaway queries are still stopped with a 503."""
    with (
        httpx.Client(base_url=base_url, timeout=30) as client,
        concurrent.futures.ThreadPoolExecutor(2) as pool,
    ):
        slow = [
            pool.submit(client.get, "/sparql", params={"query": EXPLOSIVE + f" #{i}"})
            for i in range(2)
        ]
        time.sleep(0.3)
        for i in range(5):
            lookup = client.get(
                "/sparql",
                params={"query": f"SELECT ?p ?o WHERE {{ {S} ?p ?o }} LIMIT {100 + i}"},
            )
            deref = client.get(f"/id/accion/doc-a/{i + 1}", headers={"accept": "text/turtle"})
            assert lookup.status_code == 200 and deref.status_code == 200
            assert "Instituto Nacional" in lookup.text and "Acción doc-a" in deref.text
        assert all(not f.done() for f in slow)  # the lookups did not wait for the pool
        assert [f.result().status_code for f in slow] == [503, 503]
        assert all("limit" in f.result().text for f in slow)
        deadline = time.monotonic() + 20
        while client.get("/health").json()["query_processes_ready"] < 2:
            assert time.monotonic() < deadline, "the pool did not refill"
            time.sleep(0.1)
