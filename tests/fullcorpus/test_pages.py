"""Every page linked from the home page renders on the full corpus (a bounded crawl), and the
pages the brief names show the full corpus's figures."""

from __future__ import annotations

import re
import time
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

pytestmark = pytest.mark.slow

HREF = re.compile(r'href="([^"#]+)"')
PER_PAGE_LINKS = 12  # second level: the first links of each page the home page links to
HTML = {"accept": "text/html,*/*;q=0.5"}


def _same_site(base: str, link: str, page: str) -> str | None:
    url = urljoin(page, link)
    return url if urlsplit(url).netloc == urlsplit(base).netloc else None


def test_crawl_from_the_home_page(web: httpx.Client) -> None:
    base = str(web.base_url).rstrip("/") + "/"
    home = web.get("/", headers=HTML)
    assert home.status_code == 200
    first = [u for u in (_same_site(base, h, base) for h in HREF.findall(home.text)) if u]
    seen: dict[str, int] = {}
    second: list[str] = []
    started = time.monotonic()
    for url in dict.fromkeys(first):
        r = web.get(url, headers=HTML)
        seen[url] = r.status_code
        if r.status_code == 200 and r.headers["content-type"].startswith("text/html"):
            links = [_same_site(base, h, url) for h in HREF.findall(r.text)]
            second += [u for u in links if u and u not in seen][:PER_PAGE_LINKS]
    for url in dict.fromkeys(second):
        if url not in seen:
            seen[url] = web.get(url, headers=HTML).status_code
    broken = {u: s for u, s in seen.items() if s != 200}
    assert broken == {}
    assert len(first) >= 40 and len(seen) > 100
    assert time.monotonic() - started < 30


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/", ["856", "195", "Informe Ejecutivo 2024"]),
        ("/explorar/pem", ["1.1.3", "Reformar el marco normativo en materia de población"]),
        ("/explorar/pmm", ["Abordar y reducir las vulnerabilidades en la migración"]),
        ("/explorar/instituciones", ["Unidad de Política Migratoria"]),
        ("/explorar/programas", ["Programa Paisano"]),
        ("/explorar/anios", ["164 acciones", "127 cifras"]),
        ("/explorar/acciones?gcm=8&year=2022", ["Grupos Beta"]),  # pmm-2022 obj08-10
        ("/buscar?q=NINEZ", ["niñez"]),
        ("/linea-de-tiempo/programa/programa-paisano", ["Guía Paisano", "pmm-2022"]),
        ("/linea-de-tiempo/institucion/upm", ["UPMRIP", "Informe Ejecutivo 2024"]),
        ("/graficas", ["<svg", "46"]),
        ("/editor", ["yasgui.min.js", "program=programa-paisano"]),
    ],
)
def test_page_shows_the_corpus(web: httpx.Client, path: str, words: list[str]) -> None:
    r = web.get(path, headers=HTML)
    assert r.status_code == 200
    assert "<h1>" in r.text
    for word in words:
        assert word in r.text, word
