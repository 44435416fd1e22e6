"""Hostile requests at every route on a real server: garbage headers, bodies, query strings
and paths for the JSON-LD API, the pages and IRI dereferencing; the request size limit.

Routes are read from the live `/openapi.json`, so a new route is fuzzed without editing
this file. Never a 5xx, never a hang, an error always carries a message.
"""

from __future__ import annotations

import contextlib
import re
import socket
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.robustness.conftest import HANG_S, MAX_BODY_BYTES
from tests.robustness.hostile import check_answer


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# Header values a client library will send: tab, visible ASCII and obs-text bytes.
HEADER_BYTES = st.binary(max_size=300).map(
    lambda b: bytes(c for c in b if c == 9 or 32 <= c < 127 or c >= 128).strip()
)
ACCEPT = st.one_of(
    HEADER_BYTES,
    st.sampled_from(
        [
            b"*/*",
            b"text/turtle;q=0",
            b"*/*;q=0",
            b"text/html;q=abc",
            b"application/ld+json;q=1e999, */*;q=-1",
            b"application/sparql-results+json;q=0.5;q=0.9",
            b",,,;;;===",
            b"text/*, application/*;q=0.001, */*;q=0.0001",
            b"\xff\xfe/\xfd",
            b"image/png",
            b"application/json; charset=ebcdic",
        ]
    ),
)
SEGMENT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "..",
            "../../etc/passwd",
            "%2e%2e%2f",
            "%00",
            "%FF",
            "a%2Fb",
            "x.ttl",
            "x.jsonld",
            "x.rdf.nt",
            ".html",
            "inm",
            "institucion/inm",
            "accion/doc-a/1",
            "1" * 300,
            "é" * 50,
            "<script>",
            " ",
            "-1",
            "99999999999999999999999",
        ]
    ),
)
PARAM_VALUE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "-1", "0", "1e9", "99999999999999999999", "%FF", "null", "[]"]),
)


@pytest.fixture(scope="module")
def routes(hostile: httpx.Client) -> list[tuple[str, list[str]]]:
    """Every GET route of the OpenAPI document, with its query parameter names."""
    spec = hostile.get("/openapi.json").json()
    found = []
    for path, operations in spec["paths"].items():
        if "get" in operations:
            params = [
                p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"
            ]
            found.append((path, params))
    assert len(found) >= 10
    return found


def _fill(path: str, segment: str) -> str:
    return re.sub(r"\{[^}]+\}", quote(segment, safe="/%.") or "x", path)


@fuzz(250)
@given(data=st.data(), segment=SEGMENT, accept=ACCEPT)
def test_every_route_with_garbage(
    hostile: httpx.Client,
    routes: list[tuple[str, list[str]]],
    data: st.DataObject,
    segment: str,
    accept: bytes,
) -> None:
    path, names = data.draw(st.sampled_from(routes))
    params = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from([*names, "page", "x", ""]) | st.text(max_size=6), PARAM_VALUE
            ),
            max_size=4,
        )
    )
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in params)
    url = _fill(path, segment) + ("?" + query if query else "")
    response = hostile.get(url, headers={"accept": accept})
    check_answer(response)


@fuzz(120)
@given(path=SEGMENT, ext=st.sampled_from(["", ".ttl", ".jsonld", ".nt", ".rdf", ".html", ".x"]))
def test_dereferencing_odd_iris(hostile: httpx.Client, path: str, ext: str) -> None:
    for accept in ("text/html", "text/turtle", "application/ld+json", "application/rdf+xml"):
        response = hostile.get("/id/" + quote(path, safe="/%.") + ext, headers={"accept": accept})
        check_answer(response)
        plain = response.url.path.startswith("/id/") and "." not in response.url.path
        if response.status_code == 404 and plain and accept != "text/html":
            assert response.headers["content-type"].startswith(accept)


@fuzz(150)
@given(
    content_type=st.one_of(
        HEADER_BYTES,
        st.sampled_from(
            [
                b"application/sparql-query",
                b"application/sparql-query; charset=latin-1",
                b"application/sparql-query; charset=",
                b"application/x-www-form-urlencoded",
                b"application/x-www-form-urlencoded; charset=utf-16",
                b"application/sparql-update",
                b"multipart/form-data; boundary=x",
                b"application/json",
                b"text/plain",
                b"",
            ]
        ),
    ),
    body=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from(
            [
                b"query=ASK%7B%7D&query=ASK%7B%7D",
                b"default-graph-uri=x:g",
                b"query=",
                b"query",
                b"=&=&&",
                b"query=%FF%FE",
                b"query=ASK{}&update=CLEAR+ALL",
                "query=ASK { ?s ?p 'é' }".encode("latin-1"),
                b"ASK { ?s ?p '\xe9' }",
                b"\xef\xbb\xbfASK {}",
                b"--x\r\nContent-Disposition: form-data; name=query\r\n\r\nASK{}\r\n--x--",
            ]
        ),
    ),
    accept=ACCEPT,
    path=st.sampled_from(["/sparql", "/api/actions", "/id/institucion/inm", "/"]),
)
def test_bodies_and_content_types(
    hostile: httpx.Client, content_type: bytes, body: bytes, accept: bytes, path: str
) -> None:
    headers = {"content-type": content_type, "accept": accept}
    response = hostile.post(path, content=body, headers=headers)
    check_answer(response, body.decode("utf-8", "replace"))


@pytest.mark.parametrize("size", [10_000, 200_000, 1_000_000])
def test_huge_headers(hostile: httpx.Client, size: int) -> None:
    for name in ("accept", "x-junk", "cookie", "content-type"):
        response = hostile.get("/sparql", params={"query": "ASK {}"}, headers={name: "a" * size})
        check_answer(response)
        assert len(response.content) < 4096, "the answer should not echo a huge header"


def _raw(url: str, request: bytes, read_timeout: float = HANG_S) -> bytes:
    """Sends `request` on a fresh connection and returns what comes back. The request may
    promise more than it sends: an answer at all then shows the server did not wait for
    the rest (a server that waited would send nothing, and `recv` would time out)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as sock:
        sock.settimeout(read_timeout)
        with contextlib.suppress(OSError):  # the server may refuse before it is all sent
            sock.sendall(request)
        answer = sock.recv(65536)
        sock.settimeout(1.0)
        with contextlib.suppress(OSError):  # the rest of the answer, until the server closes
            while chunk := sock.recv(65536):
                answer += chunk
        return answer


def test_declared_body_over_the_limit_is_refused_before_it_is_sent(hostile_url: str) -> None:
    head = (
        "POST /sparql HTTP/1.1\r\nHost: test\r\n"
        "Content-Type: application/sparql-query\r\n"
        f"Content-Length: {100 * MAX_BODY_BYTES}\r\n\r\n"
    ).encode()
    answer = _raw(hostile_url, head + b"ASK {")  # the rest never comes
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"limit" in answer


@pytest.mark.parametrize("media", ["application/sparql-query", "application/x-www-form-urlencoded"])
def test_streamed_body_over_the_limit_is_refused(hostile_url: str, media: str) -> None:
    head = (
        "POST /sparql HTTP/1.1\r\nHost: test\r\n"
        f"Content-Type: {media}\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    chunk = b"%x\r\n%s\r\n" % (1000, b"#" * 1000)
    # twice the limit, then the connection is kept open: the rest of the body never comes
    answer = _raw(hostile_url, head + chunk * (2 * MAX_BODY_BYTES // 1000))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_body_under_the_limit_is_read(hostile: httpx.Client) -> None:
    query = "ASK { ?s ?p ?o }" + " " * (MAX_BODY_BYTES - 100)
    response = hostile.post(
        "/sparql", content=query, headers={"content-type": "application/sparql-query"}
    )
    assert response.status_code == 200
    assert response.json()["boolean"] is True


@pytest.mark.parametrize("size", [100_000, 1_000_000])
def test_huge_request_line(hostile_url: str, size: int) -> None:
    """A URL far longer than any client sends: a 4xx with a message, or a closed line."""
    request = f"GET /sparql?query=ASK%7B%7D%23{'a' * size} HTTP/1.1\r\nHost: t\r\n\r\n"
    answer = _raw(hostile_url, request.encode())  # within HANG_S, or recv times out
    if answer:
        status = int(answer[9:12])
        assert status < 500, answer[:300]


def test_server_still_healthy(hostile: httpx.Client) -> None:
    body: dict[str, Any] = hostile.get("/health").json()
    assert body["status"] == "ok"
