"""No query, however written, makes the service open a connection (issue: SSRF by SERVICE).

The guard is the kernel's (`service.engine.sandbox`): the threads that evaluate queries cannot open
a socket. These tests throw `SERVICE` (and `LOAD`) at the real server in every lexical
disguise hypothesis can put together, while a listener on 127.0.0.1 counts the connections
it receives: whatever the answer (a refusal, a syntax error, an empty result), the count
stays 0. A control shows the disguises are real: the same texts, evaluated by pyoxigraph
without the sandbox, do connect, including the one our lexer once misread (`:a\\#`).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.hostile import Tripwire

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def listener() -> Iterator[Tripwire]:
    """A listener on 127.0.0.1 that counts the connections it receives."""
    with Tripwire() as wire:
        yield wire


# --- the disguises ------------------------------------------------------------------------

KEYWORDS = [
    "SERVICE",
    "service",
    "SeRvIcE",
    "\\u0053ERVICE",
    "\\u0053\\u0045\\u0052VICE",
    "\\U00000053ERVICE",
    "SERVICE SILENT",
]
# What stands before the SERVICE on its line (each gives one solution, so the SERVICE is
# evaluated whatever the data): each once fooled, or could fool, a lexer.
LEADS = [
    "",
    "BIND(:a\\# AS ?v)",  # an escaped '#' in a local name: no comment for the engine
    "VALUES ?v { :a\\# }",
    "BIND(:b\\'x AS ?v)",  # an escaped quote in a local name: no string
    'BIND("it\'s" AS ?v)',
    'BIND("""a "quoted" \\" one""" AS ?v)',
    "BIND(<http://x/#> AS ?v)",
    "BIND(1.0e3 AS ?v)",
    "BIND(true AS ?v).",
]
WRAPS = [
    "{body}",
    "OPTIONAL {{ {body} }}",
    "{{ SELECT * WHERE {{ {body} }} }}",
    "{{ ?s ?p ?o }} UNION {{ {body} }}",
    "FILTER EXISTS {{ {body} }}",
    "MINUS {{ {body} }}",
]
FORMS = [
    "SELECT * WHERE {{ {where} }}",
    "ASK {{ {where} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}",
    "DESCRIBE ?s WHERE {{ {where} }}",
    "SELECT * WHERE {{ ?s ?p ?o # {where}\n }}",
]


def endpoint_forms(port: int) -> list[str]:
    """Ways to name the listener: an IRI, an escaped IRI, a prefixed name, BASE-relative."""
    url = f"http://127.0.0.1:{port}/sparql"
    return [
        f"<{url}>",
        "<" + "".join(f"\\u{ord(c):04x}" if c in ":/" else c for c in url) + ">",
        "ep:sparql",
        "<sparql>",
    ]


def prologue(port: int) -> str:
    return f"BASE <http://127.0.0.1:{port}/>\nPREFIX : <http://e/>\nPREFIX ep: <http://127.0.0.1:{port}/>\n"


@st.composite
def disguised_service(draw: st.DrawFn, port: int) -> str:
    keyword = draw(st.sampled_from(KEYWORDS))
    lead = draw(st.sampled_from(LEADS))
    target = draw(st.sampled_from(endpoint_forms(port)))
    body = f"{lead} {keyword} {target} {{ ?s ?p ?o }}"
    where = draw(st.sampled_from(WRAPS)).format(body=body)
    return prologue(port) + draw(st.sampled_from(FORMS)).format(where=where)


# --- the service never connects -----------------------------------------------------------


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_disguise_of_service_reaches_the_network(
    hostile: httpx.Client, listener: Tripwire, data: st.DataObject
) -> None:
    query = data.draw(disguised_service(listener.port))
    before = listener.connections
    response = hostile.post("/sparql", data={"query": query})
    assert response.status_code < 500 or response.status_code == 503, response.text
    assert listener.connections == before, f"connected for:\n{query}"


def plain(port: int, lead: str) -> str:
    return prologue(port) + f"SELECT * WHERE {{ {lead} SERVICE ep:x {{ ?s ?p ?o }} }}"


@pytest.mark.parametrize("lead", LEADS)
def test_each_lead_line_makes_no_connection_by_any_route(
    hostile: httpx.Client, listener: Tripwire, lead: str
) -> None:
    query = plain(listener.port, lead)
    before = listener.connections
    hostile.get("/sparql", params={"query": query})
    hostile.post("/sparql", data={"query": query})
    hostile.post("/sparql", content=query, headers={"content-type": "application/sparql-query"})
    assert listener.connections == before


def test_load_and_updates_make_no_connection(hostile: httpx.Client, listener: Tripwire) -> None:
    url = f"http://127.0.0.1:{listener.port}/x"
    before = listener.connections
    for text in (f"LOAD <{url}>", f"PREFIX : <http://e/> LOAD <{url}> INTO GRAPH :g"):
        hostile.post("/sparql", data={"update": text})
        hostile.post("/sparql", data={"query": text})
        hostile.post("/sparql", content=text, headers={"content-type": "application/sparql-update"})
    assert listener.connections == before


def test_the_escaped_hash_is_refused_with_a_message(
    hostile: httpx.Client, listener: Tripwire
) -> None:
    """The user-facing refusal follows the grammar: `:a\\#` is a name, not a comment."""
    query = (
        "PREFIX : <http://e/> SELECT * WHERE { ?s ?p :a\\# "
        f"SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"
    )
    response = hostile.post("/sparql", data={"query": query})
    assert response.status_code == 400
    assert "SERVICE is not allowed" in response.text


# --- the control: without the sandbox, these texts do connect -------------------------------

_UNGUARDED = """
import sys, pyoxigraph as ox
try:
    result = ox.Store().query(sys.stdin.read())
    if not isinstance(result, ox.QueryBoolean):
        list(result)
except Exception as exc:
    print(type(exc).__name__, exc)
"""


@pytest.mark.parametrize("lead", LEADS)
def test_control_unguarded_pyoxigraph_does_connect(listener: Tripwire, lead: str) -> None:
    """The disguises are real: pyoxigraph outside the sandbox sends the request."""
    before = listener.connections
    subprocess.run(
        [sys.executable, "-c", _UNGUARDED],
        input=plain(listener.port, lead),
        text=True,
        timeout=30,
        check=True,
    )
    assert listener.connections > before


# --- the guard alone, where the lexer is not asked at all ----------------------------------

_BEHIND_THE_LEXER = """
import asyncio, sys
import pyoxigraph as ox
from service.engine import sandbox
from service.engine.inprocess import LocalEngine
from service.engine.process import Request, _evaluate

query = sys.stdin.read()
class Unchecked(LocalEngine):  # its threads, with no refusal before evaluation
    def evaluate(self, request):
        return _evaluate(self.store, request, True)
async def in_process():
    engine = Unchecked(ox.Store(), 1)  # its thread guards itself
    try:
        return await engine.run(Request(query))
    finally:
        engine.close()
if sys.argv[1] == "thread":
    print(asyncio.run(in_process()).status)
else:
    sandbox.forbid_network(all_threads=True)  # as a query process or `service.run` does
    print(_evaluate(ox.Store(), Request(query), False).status)
"""


@pytest.mark.parametrize("where", ["thread", "process"])
def test_the_guard_alone_stops_what_the_lexer_would_let_through(
    listener: Tripwire, where: str
) -> None:
    """Evaluation with no refusal in front of it (an in-process thread; a process under the
    filter on every thread, as a query process and a `service.run` worker are): the request
    is still never sent. Each in its own process: a thread that installed its own filter
    makes the whole-process filter fail (ECANCELED) until the kernel has reaped it."""
    before = listener.connections
    done = subprocess.run(
        [sys.executable, "-c", _BEHIND_THE_LEXER, where],
        input=plain(listener.port, ""),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == ["refused"], done.stderr
    assert listener.connections == before
