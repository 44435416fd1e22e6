"""Pages: each renders; every link on the home page resolves (a one-level crawl and more)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

PAGES = [
    "/",
    "/buscar?q=paisano",
    "/buscar",
    "/explorar/pem",
    "/explorar/pmm",
    "/explorar/instituciones",
    "/explorar/programas",
    "/explorar/anios",
    "/explorar/acciones",
    "/explorar/acciones?gcm=7&year=2022",
    "/linea-de-tiempo/institucion/upmrip",
    "/linea-de-tiempo/programa/programa-paisano",
    "/graficas",
    "/editor",
    "/explorar/discrepancias",
    "/explorar/discrepancias/pmm-2024",
]
HREF = re.compile(r'href="([^"#]+)"')


@pytest.mark.parametrize("path", PAGES)
def test_page_renders(api: httpx.Client, path: str) -> None:
    r = api.get(path, headers={"accept": "text/html"})
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>" in r.text


def test_search_is_accent_insensitive(api: httpx.Client) -> None:
    r = api.get("/buscar", params={"q": "HEROES"})
    assert "Programa Paisano" in r.text


def test_timeline_page_shows_both_names(api: httpx.Client) -> None:
    text = api.get("/linea-de-tiempo/institucion/upm").text
    assert "UPMRIP" in text and "2019-05-20" in text


def test_chart_is_inline_svg(api: httpx.Client) -> None:
    text = api.get("/graficas").text
    assert "<svg" in text and "<rect" in text


def test_editor_loads_yasgui_from_this_server(api: httpx.Client) -> None:
    text = api.get("/editor").text
    scripts = re.findall(r'<script src="([^"]+)"', text)
    assert scripts and all(s.startswith("/static/") for s in scripts)
    assert "agency_timeline" not in text or "Línea de tiempo de una institución" in text


def test_every_link_on_the_home_page_resolves(api: httpx.Client) -> None:
    base = str(api.base_url)
    seen: set[str] = set()
    links = HREF.findall(api.get("/").text)
    for page in ("/explorar/pem", "/explorar/instituciones", "/explorar/programas"):
        links += HREF.findall(api.get(page).text)
    for link in links:
        url = urljoin(base + "/", link)
        if urlsplit(url).netloc != urlsplit(base).netloc or url in seen:
            continue
        seen.add(url)
        r = api.get(url, headers={"accept": "text/html,*/*;q=0.5"})
        assert r.status_code == 200, (link, r.status_code)
    assert len(seen) > 30


def test_static_files_and_no_traversal(api: httpx.Client) -> None:
    assert api.get("/static/pages.css").status_code == 200
    assert api.get("/static/..%2Fapp.py").status_code == 404
    assert api.get("/static/vendor/nothing/x.js").status_code == 404


def test_a_figure_in_a_discrepancy_warns(api: httpx.Client) -> None:
    """The test build's observation 7-apf (25 actions) is cited by a discrepancy."""
    page = api.get(
        "/id/indicador/acciones-2024/observacion/7-apf", headers={"accept": "text/html"}
    ).text
    assert "El mismo documento dice otra cosa en otro lugar" in page
    assert "La línea 60 da 24 acciones; la línea 50 da 25." in page
    assert "/id/discrepancia/pmm-2024/a1b2c3d4e5/linea/50" in page
    quiet = api.get(
        "/id/indicador/acciones-2024/observacion/1-apf", headers={"accept": "text/html"}
    ).text
    assert "El mismo documento dice otra cosa" not in quiet


def test_the_document_page_lists_its_checks(api: httpx.Client) -> None:
    page = api.get("/explorar/discrepancias/pmm-2024").text
    assert "1 discrepancias, 1 afirmaciones confirmadas" in page
    assert api.get("/explorar/discrepancias/pmm-2018").status_code == 404  # not in this build
