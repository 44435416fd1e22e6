"""`service.http.lookup_lane`: a bounded lookup answered in one step gives the very reply the
full stack gives (body, status, headers); everything else still takes the full stack."""

from __future__ import annotations

import gzip
import random
import socket
from urllib.parse import parse_qsl, unquote_to_bytes, urlencode, urlsplit

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.http.lookup_lane import LookupLane, _query, _unquote
from tests.service.dataset import AGENCY, BASE

LOOKUP = f"SELECT ?p ?o WHERE {{ <{AGENCY}> ?p ?o }}"
ACTION = f"SELECT ?p ?o WHERE {{ <{BASE}accion/doc-a/1> ?p ?o }}"  # above the gzip minimum
SMALL = f"ASK {{ <{AGENCY}> ?p ?o }}"  # a reply under the gzip minimum
JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"


def _headers(response: httpx.Response) -> list[tuple[str, str]]:
    """The reply's fields as sent, but the clock's."""
    return [(k, v) for k, v in response.headers.multi_items() if k != "date"]


def _lane_and_full(
    client: httpx.Client, query: str, **headers: str
) -> tuple[httpx.Response, httpx.Response]:
    """The same GET by the lane and by the full stack (a validator sends it there: the
    endpoint has none to match, so the reply is the same)."""
    lane = client.get("/sparql", params={"query": query}, headers=headers)
    full = client.get(
        "/sparql", params={"query": query}, headers={**headers, "if-none-match": '"x"'}
    )
    return lane, full


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (LOOKUP, JSON),
        (LOOKUP, "text/csv"),
        (LOOKUP, "application/sparql-results+xml;q=0.9, text/tab-separated-values"),
        (SMALL, JSON),
        (ACTION, XML),  # gzip when asked: above the minimum
        (f"CONSTRUCT WHERE {{ <{AGENCY}> ?p ?o }}", "text/turtle"),
    ],
)
@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_a_lookup_gets_what_the_full_stack_sends(
    client: httpx.Client, query: str, accept: str, encoding: str
) -> None:
    lane, full = _lane_and_full(client, query, accept=accept, **{"accept-encoding": encoding})
    assert lane.status_code == full.status_code == 200
    assert lane.content == full.content
    assert _headers(lane) == _headers(full)
    assert any(t in lane.text for t in ("Instituto Nacional", "acción 1 ", '"boolean":true'))


def test_gzip_above_the_minimum_only(client: httpx.Client) -> None:
    with socket.create_connection(_address(client)) as sock:
        replies = _Replies(sock)
        sock.sendall(_request(ACTION, b"Accept-Encoding: gzip\r\n", XML))
        big = replies.next()
        sock.sendall(_request(SMALL, b"Accept-Encoding: gzip\r\n"))  # kept alive
        small = replies.next()
    big_head, big_body = big
    assert (
        b"content-encoding: gzip" in big_head
        and b"vary: accept, accept-encoding, origin" in big_head
    )
    assert "Texto de la acción 1 ".encode() in gzip.decompress(big_body)
    assert int(big_head.split(b"content-length: ")[1].split(b"\r\n")[0]) == len(big_body)
    small_head, small_body = small
    assert b"content-encoding" not in small_head and b"vary: accept, origin" in small_head
    assert b'"boolean":true' in small_body.replace(b" ", b"")


def test_pipelined_lookups_come_back_in_order(client: httpx.Client) -> None:
    """Three requests in one packet: the lane, the full stack and the lane again."""
    queries = [LOOKUP, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", SMALL]
    wire = b"".join(_request(q) for q in queries)
    with socket.create_connection(_address(client)) as sock:
        sock.sendall(wire)
        reader = _Replies(sock)
        replies = [reader.next() for _ in queries]
    assert [b"200 ok" in head for head, _ in replies] == [True, True, True]
    assert b"Instituto Nacional" in replies[0][1]
    assert b'"bindings"' in replies[1][1]
    assert b'"boolean"' in replies[2][1]


@pytest.mark.parametrize(
    ("params", "headers", "status", "fragment"),
    [
        ({"query": LOOKUP}, {"accept": "image/png"}, 406, "no format of a SELECT"),
        ({"query": f"CONSTRUCT WHERE {{ <{AGENCY}> ?p ?o }}"}, {"accept": JSON}, 406, "CONSTRUCT"),
        ({"query": LOOKUP}, {"accept": "text/html"}, 406, '<html lang="es">'),
        (
            {"query": f"SELECT ?p WHERE {{ <{BASE}nada> ?p ?o }}"},
            {"accept": JSON},
            200,
            '"bindings"',
        ),
    ],
)
def test_what_is_not_a_plain_success_gets_the_full_stack_reply(
    client: httpx.Client,
    params: dict[str, str],
    headers: dict[str, str],
    status: int,
    fragment: str,
) -> None:
    lane, full = _lane_and_full(client, params["query"], **headers)
    assert lane.status_code == full.status_code == status
    assert fragment in lane.text
    assert lane.content == full.content and _headers(lane) == _headers(full)


def _scope(method: str, query_string: bytes, *headers: tuple[bytes, bytes]) -> dict[str, object]:
    return {
        "type": "http",
        "method": method,
        "path": "/sparql",
        "query_string": query_string,
        "headers": list(headers),
    }


@pytest.mark.parametrize(
    ("scope", "taken"),
    [
        (_scope("GET", urlencode({"query": LOOKUP}).encode()), True),
        (_scope("HEAD", urlencode({"query": LOOKUP}).encode()), False),
        (_scope("POST", urlencode({"query": LOOKUP}).encode()), False),
        (_scope("GET", b""), False),  # the service description
        (_scope("GET", urlencode({"query": "SELECT * { ?s ?p ?o }"}).encode()), False),
        (_scope("GET", urlencode({"query": LOOKUP, "default-graph-uri": BASE}).encode()), False),
        (_scope("GET", urlencode([("query", LOOKUP), ("query", LOOKUP)]).encode()), False),
        (_scope("GET", urlencode({"update": "CLEAR ALL"}).encode()), False),
        (_scope("GET", urlencode({"query": LOOKUP}).encode(), (b"origin", b"https://x")), False),
        (_scope("GET", urlencode({"query": LOOKUP}).encode(), (b"if-none-match", b'"x"')), False),
        (_scope("GET", urlencode({"query": LOOKUP}).encode(), (b"content-length", b"0")), False),
    ],
)
def test_which_requests_the_lane_takes(scope: dict[str, object], taken: bool) -> None:
    from service.settings import Settings
    from service.state import ServiceState

    state = ServiceState(Settings(), templates=None)  # type: ignore[arg-type]
    state.engine = object()  # type: ignore[assignment]  # `job` only asks whether it runs
    assert (LookupLane(lambda: state).job(scope) is not None) is taken
    assert LookupLane(lambda: None).job(scope) is None  # before start-up: the full stack


def test_the_query_is_read_as_parse_qsl_reads_it() -> None:
    """`_query`'s shortcut for a lone ASCII `query=` gives `parse_qsl`'s text, and anything
    else is still read by `parse_qsl` (escapes split by literal bytes, bad UTF-8, `+`)."""
    pieces = ["a", "+", "%", "%2", "%41", "%C3", "%A9", "%C3%A9", "%FF", "%e2%82", "%ac", " ",
              "=", ";", "query", "%zz", "é", "\x80", "#", "&",
              "\\", "\\x41", "%5C", "%5Cx41", "x", "%%", "%x4", "%4g", "%0a", "%00"]  # fmt: skip
    rng = random.Random(20)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        for raw in (b"query=" + text.encode(), b"query=" + text.encode("latin-1"), text.encode()):
            pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
            expected = pairs[0][1] if len(pairs) == 1 and pairs[0][0] == "query" else None
            assert _query(raw) == expected, raw


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="%\\x0123456789abcdefABCDEFgz+ \n\"'", max_size=40))
def test_the_fast_unquote_is_unquote_to_bytes(text: str) -> None:
    """`_unquote` hands `%XX` to the escape decoder: whatever the backslashes, stray `%`,
    short or non-hex escapes, the bytes are `unquote_to_bytes`'s."""
    raw = text.encode("ascii")
    assert _unquote(raw) == unquote_to_bytes(raw)


# --- raw HTTP/1.1 on one connection ----------------------------------------------------


def _address(client: httpx.Client) -> tuple[str, int]:
    parts = urlsplit(str(client.base_url))
    return parts.hostname or "127.0.0.1", parts.port or 80


def _request(query: str, extra: bytes = b"", accept: str = JSON) -> bytes:
    target = "/sparql?" + urlencode({"query": query})
    return f"GET {target} HTTP/1.1\r\nHost: test\r\nAccept: {accept}\r\n".encode() + extra + b"\r\n"


class _Replies:
    """Replies read off one connection in order, each by its Content-Length."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def _more(self) -> None:
        chunk = self.sock.recv(65536)
        assert chunk, "the connection closed"
        self.buffer += chunk

    def next(self) -> tuple[bytes, bytes]:
        """The next reply's head (lower-cased) and body."""
        while b"\r\n\r\n" not in self.buffer:
            self._more()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        fields = [line.partition(b":") for line in head.lower().split(b"\r\n")[1:]]
        length = next(int(value) for name, _, value in fields if name == b"content-length")
        while len(self.buffer) < length:
            self._more()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return head.lower(), body
