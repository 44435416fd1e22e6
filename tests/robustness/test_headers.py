"""Headers and methods on a real server (`service.http.edge`, `routers.docs`): every response
carries the security headers and `Vary: Origin`, whichever layer answers it (the fast path,
the full stack, an error, a static file, uvicorn's own refusals); HEAD answers wherever GET
does; OPTIONS and every 405 state the same `Allow`; `/docs` and `/redoc` load nothing from
another host, and render in a browser with the network cut.

Routes come from the live `/openapi.json`, so a new route is checked without editing this.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from typing import Any

import httpx
import pytest

from service.http.edge import CSP
from tests.helpers import missing

SECURITY = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}
EXAMPLES = {"name": "objetivos_gcm", "id": "inm", "path": "accion/doc-a/1", "ext": "ttl"}


def _paths(client: httpx.Client, method: str) -> list[str]:
    """Every documented path with `method`, its parameters filled with plausible values."""
    spec: dict[str, Any] = client.get("/openapi.json").json()
    out = []
    for path, item in spec["paths"].items():
        if method in item:
            out.append(re.sub(r"\{(\w+)(:\w+)?\}", lambda m: EXAMPLES.get(m[1], "x"), path))
    return sorted(out)


def _assert_secured(response: httpx.Response) -> None:
    where = f"{response.request.method} {response.request.url.path}: {response.status_code}"
    for name, value in SECURITY.items():
        assert response.headers.get(name) == value, (where, name)
    vary = {v.strip().lower() for v in response.headers.get("vary", "").split(",")}
    assert "origin" in vary, where


EXTRA = [
    "/",
    "/sparql",
    "/sparql?query=ASK%7B%7D",
    "/sparql?query=nonsense",
    "/id/nada",
    "/id/accion/doc-a/1",
    "/def",
    "/static/pages.css",
    "/static/nothing.css",
    "/static/pages.css%00",
    "/static/%ff",
    "/static/vendor/yasgui/yasgui.min.js",
    "/no/such/page",
    "/docs",
    "/redoc",
    "/openapi.json",
    "/api/",
]


def test_every_response_carries_the_security_headers(hostile: httpx.Client) -> None:
    for path in [*_paths(hostile, "get"), *EXTRA]:
        for headers in ({}, {"origin": "https://example.org"}):  # fast path and full stack
            _assert_secured(hostile.get(path, headers=headers))
        _assert_secured(hostile.head(path))
        _assert_secured(hostile.options(path))
    _assert_secured(hostile.delete("/sparql"))
    _assert_secured(hostile.post("/health"))
    _assert_secured(hostile.post("/sparql", content=b"x" * 30_000))  # over the body limit


def test_refusals_before_the_application_carry_them_too(hostile_url: str) -> None:
    host, port = hostile_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: t\r\nX: " + b"a" * 40_000 + b"\r\n\r\n")
        reply = sock.recv(65536).decode("latin-1").lower()
    assert reply.startswith("http/1.1 431")
    for name in SECURITY:
        assert f"\r\n{name}: " in reply


def test_head_answers_wherever_get_does(hostile: httpx.Client) -> None:
    for path in [*_paths(hostile, "get"), *EXTRA]:
        get, head = hostile.get(path), hostile.head(path)
        assert head.status_code == get.status_code, path
        assert head.content == b"", path
        if get.status_code == 200:
            assert head.headers.get("content-type") == get.headers.get("content-type"), path


def test_options_and_405_state_the_same_allow(hostile: httpx.Client) -> None:
    spec = hostile.get("/openapi.json").json()["paths"]
    for template, item in spec.items():
        path = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: EXAMPLES.get(m[1], "x"), template)
        options = hostile.options(path)
        assert options.status_code == 204, path
        allow = {m.strip() for m in options.headers["allow"].split(",")}
        documented = {m.upper() for m in item}
        assert documented <= allow, path
        assert {"OPTIONS"} <= allow and ("GET" not in allow or "HEAD" in allow), path
        for method in {"GET", "POST", "PUT", "DELETE", "PATCH"} - allow:
            refused = hostile.request(method, path)
            assert refused.status_code == 405, (method, path)
            assert {m.strip() for m in refused.headers["allow"].split(",")} == allow


def test_options_of_an_unknown_path_is_404(hostile: httpx.Client) -> None:
    assert hostile.options("/no/such/page").status_code == 404


def test_a_cors_preflight_still_goes_to_cors(hostile: httpx.Client) -> None:
    preflight = hostile.options(
        "/sparql",
        headers={"origin": "https://example.org", "access-control-request-method": "POST"},
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def _vendored(hostile: httpx.Client) -> None:
    if hostile.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code != 200:
        missing("swagger-ui-dist is not installed: run `make frontend`")


@pytest.mark.parametrize("page", ["/docs", "/redoc", "/editor"])
def test_docs_load_everything_from_this_server(hostile: httpx.Client, page: str) -> None:
    _vendored(hostile)
    html = hostile.get(page).text
    refs = re.findall(r'(?:src|href|spec-url)="([^"]+)"', html)
    assert refs
    for ref in refs:
        if ref.startswith("#"):  # the skip link: a place on the page itself
            continue
        assert ref.startswith("/"), ref  # nothing from a CDN
        assert hostile.get(ref).status_code == 200, ref


@pytest.mark.parametrize(
    ("page", "marker"), [("/docs", "opblock-summary-path"), ("/redoc", "operation/")]
)
def test_docs_render_in_a_browser_offline(hostile: httpx.Client, page: str, marker: str) -> None:
    """Headless Chromium with every host but the server's unresolvable: the page renders
    the operations, and the CSP blocks nothing it needs (Redoc's footer logo, from its
    CDN, is the one thing it blocks)."""
    _vendored(hostile)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        missing("no chromium here (`make chromium`: Debian's package)")
    done = subprocess.run(
        [
            chromium,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--virtual-time-budget=15000",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            str(hostile.base_url).rstrip("/") + page,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout.count(marker) >= 5, done.stderr[-2000:]
    blocked = [
        line
        for line in done.stderr.splitlines()
        if "Content Security Policy" in line and "cdn.redoc.ly" not in line
    ]
    assert not blocked, blocked
