"""Replies compressed for clients that accept gzip (service.http.compression), against a
real server over a complete small build: text replies shrink, compressed files and ranges
are left alone, and validators stay right (a gzip reply has its own ETag; a conditional
request with it is still a 304)."""

from __future__ import annotations

import gzip

import httpx
import pytest

from service.http.compression import accepts_gzip

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


def test_a_compressed_reply_has_its_own_etag(hostile: httpx.Client) -> None:
    path = "/dumps/fuentes/doc-a.txt"
    plain = raw(hostile, path, IDENTITY)
    packed = raw(hostile, path, GZIP)
    if plain.raw_body and len(plain.raw_body) < 1024:  # type: ignore[attr-defined]
        pytest.skip("the test build's source text is too small to be compressed")
    tag = plain.headers["etag"]
    assert packed.headers["etag"] == tag[:-1] + '-gzip"'
    again = hostile.get(path, headers={**GZIP, "if-none-match": packed.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["etag"] == packed.headers["etag"]
    assert hostile.get(path, headers={**IDENTITY, "if-none-match": tag}).status_code == 304


def test_a_range_is_sent_as_it_is(hostile: httpx.Client) -> None:
    r = raw(hostile, "/dumps/migrakg.nq.gz", {**GZIP, "range": "bytes=0-99"})
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
