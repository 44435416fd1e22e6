"""The API answered from the build's snapshot (`service.api.fast`) is the API as the routes
answer it: the same bytes and headers, plus ETag, Cache-Control, 304 and gzip.

A request with an `Origin` header takes the full stack (CORS), whose routes frame items
with pyld, build timelines and filter pages from the member index per request; a plain GET
takes the fast path. Comparing the two compares the snapshot with what it replaced.
"""

from __future__ import annotations

import gzip
from typing import Any

import httpx
import pytest

from service.api.kinds import KINDS
from service.http.edge import SECURITY_HEADERS
from tests.api.conftest import all_members
from tests.api.dataset import BASE

ORIGIN = {"origin": "http://example.org"}
IDENTITY = {"accept-encoding": "identity"}
# headers the two paths must agree on (the full stack adds CORS ones, the fast path caching)
SAME = ("content-type", "link")


def both(api: httpx.Client, url: str, **headers: str) -> tuple[httpx.Response, httpx.Response]:
    fast = api.get(url, headers={**IDENTITY, **headers})
    full = api.get(url, headers={**IDENTITY, **ORIGIN, **headers})
    return fast, full


def assert_same(fast: httpx.Response, full: httpx.Response) -> None:
    assert fast.status_code == full.status_code == 200, (fast.text, full.text)
    assert fast.content == full.content
    for name in SAME:
        assert fast.headers.get(name) == full.headers.get(name), name
    assert "etag" in fast.headers and "etag" not in full.headers  # the fast path answered


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_items_are_the_routes_bytes(api: httpx.Client, kind: Any) -> None:
    members = all_members(api, f"/api/{kind.path}")
    assert members
    for iri in members:
        url = f"/api/{kind.path}/{iri[len(BASE + kind.prefix) :]}"
        for accept in ("application/ld+json", "application/json"):
            assert_same(*both(api, url, accept=accept))


@pytest.mark.parametrize("kind", ["agencies", "programs"])
def test_timelines_are_the_routes_bytes(api: httpx.Client, kind: str) -> None:
    prefix = next(k.prefix for k in KINDS if k.path == kind)
    for iri in all_members(api, f"/api/{kind}"):
        assert_same(*both(api, f"/api/{kind}/{iri[len(BASE + prefix) :]}/timeline"))


PAGES = [
    "/api/actions",
    "/api/actions?per_page=2",
    "/api/actions?per_page=2&page=3",
    "/api/actions?year=2018",
    "/api/actions?gcm=7&per_page=1&page=2",
    "/api/actions?agency=inm&year=2018",
    "/api/actions?document=pmm-2022&status=reported",
    "/api/actions?pem=1.1",
    "/api/agencies?agency_kind=apf",
    "/api/programs?agency=inm",
    "/api/observations?dataset=acciones-2024",
    "/api/pem/lines?gcm=7",
    "/api/gcm/objectives?year=2022",
    "/api/actions?year=1999",
]


@pytest.mark.parametrize("url", PAGES)
def test_filtered_pages_are_the_routes_bytes(api: httpx.Client, url: str) -> None:
    assert_same(*both(api, url))


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/actions?q=migrantes", 200),  # text search: the index, on the full stack
        ("/api/actions?year=18", 422),
        ("/api/actions?per_page=0", 422),
        ("/api/actions?page=99", 404),
        ("/api/actions?unknown=1", 200),
        ("/api/actions/no-such-action", 404),
        ("/api/agencies/no-such-agency/timeline", 404),
    ],
)
def test_what_the_snapshot_declines_is_answered_as_before(
    api: httpx.Client, url: str, status: int
) -> None:
    fast, full = both(api, url)
    assert fast.status_code == full.status_code == status
    assert fast.content == full.content
    assert "etag" not in fast.headers


def test_caching_headers_and_conditional_get(api: httpx.Client) -> None:
    url = "/api/actions?year=2018"
    first = api.get(url, headers=IDENTITY)
    etag = first.headers["etag"]
    assert "public" in first.headers["cache-control"]
    assert {"Accept", "Accept-Encoding", "Origin"} <= {
        v.strip() for v in first.headers["vary"].split(",")
    }
    for name, value in SECURITY_HEADERS:
        assert first.headers[name.decode()] == value.decode()
    again = api.get(url, headers={**IDENTITY, "if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert api.get(url, headers={**IDENTITY, "if-none-match": '"other"'}).status_code == 200


def test_gzip_when_accepted(api: httpx.Client) -> None:
    url = "/api/actions?per_page=20"
    plain = api.get(url, headers=IDENTITY)
    with httpx.Client(base_url=str(api.base_url)) as raw:
        r = raw.get(url, headers={"accept-encoding": "gzip"})
        assert r.headers["content-encoding"] == "gzip"
        assert r.headers["etag"] != plain.headers["etag"]
        assert r.content == plain.content  # httpx decodes it
        with raw.stream("GET", url, headers={"accept-encoding": "gzip"}) as streamed:
            zipped = b"".join(streamed.iter_raw())
    assert gzip.decompress(zipped) == plain.content
    for refusal in ("gzip;q=0", "*;q=1, gzip;q=0", "br"):  # gzip named at q=0 beats `*`
        refused = api.get(url, headers={"accept-encoding": refusal})
        assert refused.headers.get("content-encoding") is None, refusal
    weighted = api.get(url, headers={"accept-encoding": "gzip;q=0.5;x=1"})  # q, then a parameter
    assert weighted.headers["content-encoding"] == "gzip"


def test_head_and_not_acceptable(api: httpx.Client) -> None:
    head = api.head("/api/actions?year=2018", headers=IDENTITY)
    assert head.status_code == 200 and head.content == b""
    assert api.get("/api/actions", headers={"accept": "text/html"}).status_code == 406
