"""Replies compressed for clients that accept gzip (service.http.compression), against a
real server over a complete small build: text replies shrink, compressed files and ranges
and downloads are left alone, and validators stay right (a gzip reply has its own ETag; a
conditional request with it is still a 304)."""

from __future__ import annotations

import asyncio
import gzip

import httpx
import pytest
from starlette.types import Message, Receive, Scope, Send

from service.http.compression import Compression, accepts_gzip

pytestmark = pytest.mark.slow

GZIP = {"accept-encoding": "gzip"}
IDENTITY = {"accept-encoding": "identity"}


def raw(client: httpx.Client, path: str, headers: dict[str, str]) -> httpx.Response:
    """The reply with its body as sent (httpx would decode a gzip body)."""
    with client.stream("GET", path, headers=headers) as r:
        r.raw_body = b"".join(r.iter_raw())  # type: ignore[attr-defined]
    return r


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("gzip", True),
        ("gzip, deflate, br, zstd", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("*", True),
        ("identity", False),
        ("gzip;q=0", False),
        ("br", False),
        ("", False),
        ("gzip;q=nonsense", False),
    ],
)
def test_accepts_gzip(value: str, expected: bool) -> None:
    scope = {"headers": [(b"accept-encoding", value.encode())] if value else []}
    assert accepts_gzip(scope) is expected


@pytest.mark.parametrize("path", ["/", "/openapi.json", "/static/pages.css", "/sparql"])
def test_text_replies_are_compressed(hostile: httpx.Client, path: str) -> None:
    plain = raw(hostile, path, IDENTITY)
    packed = raw(hostile, path, GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert gzip.decompress(packed.raw_body) == plain.raw_body  # type: ignore[attr-defined]
    assert len(packed.raw_body) < len(plain.raw_body)  # type: ignore[attr-defined]
    for r in (plain, packed):
        vary = [v.strip().lower() for v in r.headers["vary"].split(",")]
        assert "accept-encoding" in vary and "origin" in vary


def test_refused_gzip_is_not_sent(hostile: httpx.Client) -> None:
    r = raw(hostile, "/openapi.json", {"accept-encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in r.headers


def test_a_gzip_dump_is_not_compressed_again(hostile: httpx.Client) -> None:
    r = raw(hostile, "/dumps/migrakg.nq.gz", GZIP)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/gzip"
    assert "content-encoding" not in r.headers
    assert gzip.decompress(r.raw_body).startswith(b"<")  # type: ignore[attr-defined]


def test_downloads_are_sent_as_files(hostile: httpx.Client) -> None:
    """A source text under /dumps/: its ETag the catalog's checksum, its length the
    catalog's byte size, whatever the client accepts."""
    path = "/dumps/fuentes/doc-a.txt"
    plain = raw(hostile, path, IDENTITY)
    packed = raw(hostile, path, GZIP)
    assert "content-encoding" not in packed.headers
    assert packed.headers["etag"] == plain.headers["etag"]
    assert int(packed.headers["content-length"]) == len(plain.raw_body)  # type: ignore[attr-defined]


def test_a_compressed_reply_has_its_own_etag(hostile: httpx.Client) -> None:
    plain = raw(hostile, "/static/pages.css", IDENTITY)
    packed = raw(hostile, "/static/pages.css", GZIP)
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.headers["etag"] == plain.headers["etag"][:-1] + '-gzip"'


def test_a_gzip_tag_still_gets_its_304() -> None:
    """A route that computes the plain tag answers 304 to a client holding the gzip one,
    and the 304 names the tag the client holds."""
    tag = b'"abc"'

    async def route(scope: Scope, receive: Receive, send: Send) -> None:
        held = dict(scope["headers"]).get(b"if-none-match", b"")
        if tag in [t.strip() for t in held.split(b",")]:
            await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", tag)]})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = [(b"etag", tag), (b"content-type", b"text/plain")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"x" * 5000})

    def call(headers: list[tuple[bytes, bytes]]) -> list[Message]:
        sent: list[Message] = []

        async def receive() -> Message:
            return {"type": "http.request", "body": b""}

        async def send(message: Message) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": "/x", "headers": headers}
        asyncio.run(Compression(route)(scope, receive, send))
        return sent

    first = call([(b"accept-encoding", b"gzip")])
    etag = dict(first[0]["headers"])[b"etag"]
    assert (first[0]["status"], etag) == (200, b'"abc-gzip"')
    again = call([(b"accept-encoding", b"gzip"), (b"if-none-match", etag)])
    assert (again[0]["status"], dict(again[0]["headers"])[b"etag"]) == (304, b'"abc-gzip"')
    plain = call([(b"accept-encoding", b"identity"), (b"if-none-match", b'"abc"')])
    assert (plain[0]["status"], dict(plain[0]["headers"])[b"etag"]) == (304, b'"abc"')


def test_a_range_is_sent_as_it_is(hostile: httpx.Client) -> None:
    r = raw(hostile, "/static/pages.css", {**GZIP, "range": "bytes=0-99"})
    assert r.status_code == 206
    assert "content-encoding" not in r.headers
    assert len(r.raw_body) == 100  # type: ignore[attr-defined]


def test_the_api_is_compressed_once(hostile: httpx.Client) -> None:
    """The API's fast path sends its own gzip variant (from api.bin, with its own `-gzip`
    ETag) when the build has one; either way the body is gzip once, the tag suffixed once."""
    r = raw(hostile, "/api/actions", GZIP)
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert gzip.decompress(r.raw_body).startswith(b"{")  # type: ignore[attr-defined]
    assert "-gzip-gzip" not in r.headers.get("etag", "")
