"""The issue's two analyst tasks, done by clicking from the home page at phone width with
every request off 127.0.0.1 refused (the network "unplugged"):

1. everything the Programa Paisano appears in, 2015 to 2024, with the source text;
2. what the INM did for children and adolescents across the documents.

Counts are the API's (the same build); the quoted text is read from data/sources/.
"""

from __future__ import annotations

import re

import httpx
import pytest

from loaders.pipeline.manifest import SOURCES_DIR
from tests.browser.site import Recorder, horizontal_overflow

pytestmark = [pytest.mark.slow, pytest.mark.browser]

MENU = "Menú principal"


def source_sentence(file: str, line: int, start: str, end: str) -> str:
    """The sentence of `file`'s 1-based `line` from `start` up to `end`, as the file has it."""
    text = (SOURCES_DIR / file).read_text("utf-8").splitlines()[line - 1]
    i = text.index(start)
    return text[i : text.index(end, i) + len(end)]


def settled(recorder: Recorder, page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state("networkidle")
    assert recorder.outside == [], "a page asked for something off 127.0.0.1"
    width, viewport = horizontal_overflow(page)
    assert width <= viewport, f"{page.url} scrolls sideways"


def test_programa_paisano_everywhere_with_its_source(site_url: str, phone: Recorder) -> None:
    timeline = httpx.get(f"{site_url}/api/programs/programa-paisano/timeline", timeout=60).json()
    assert (timeline["documentCount"], timeline["actionCount"]) == (4, 11)
    years = sorted({y for e in timeline["entries"] for y in e["years"]})
    assert years == ["2015", "2018", "2022"]
    quote = source_sentence(
        "pem-2015-acciones.txt", 22, "El INM coordinará", "sesiones temáticas específicas."
    )
    page = phone.context.new_page()
    try:
        phone.visit(page, site_url + "/")
        page.get_by_role("navigation", name=MENU).get_by_role("link", name="Programas").click()
        settled(phone, page)
        row = page.get_by_role("row").filter(has_text="Programa Paisano").first
        row.get_by_role("link", name=re.compile("línea de tiempo", re.I)).click()
        settled(phone, page)
        assert page.get_by_role("heading", level=1).inner_text().endswith("Programa Paisano")
        headings = page.get_by_role("heading", level=2).all_inner_texts()
        for year in years:
            assert any(h.startswith(year) for h in headings), (year, headings)
        # 2015 to 2024: the page says the 2024 report does not name it
        assert "No aparece en: Informe Ejecutivo 2024" in page.locator("main").inner_text()
        page.locator('main a[href="/id/accion/pem-2015/1.2.1-2"]').first.click()
        settled(phone, page)
        shown = " ".join(page.locator("main").inner_text().split())
        assert " ".join(quote.split()) in shown  # the source's own words, on the page
    finally:
        page.close()


def test_what_the_inm_did_for_children(site_url: str, phone: Recorder) -> None:
    q = "niñas adolescentes"
    found = httpx.get(f"{site_url}/api/search", params={"q": q, "agency": "inm"}, timeout=60)
    total = found.json()["totalItems"]
    assert total == 30  # actions, lines of action, programs... that name the INM
    params = {"q": q, "agency": "inm", "kind": "actions"}
    actions = httpx.get(f"{site_url}/api/search", params=params, timeout=60).json()["totalItems"]
    assert actions == 21
    page = phone.context.new_page()
    try:
        phone.visit(page, site_url + "/")
        page.get_by_role("search").get_by_label("Buscar").fill(q)
        page.get_by_role("search").get_by_role("button", name="Buscar").click()
        settled(phone, page)
        filters = page.get_by_role("complementary", name="Filtros")
        filters.get_by_role("link", name="Instituto Nacional de Migración").click()
        settled(phone, page)
        assert page.locator(".total").inner_text().startswith(f"{total} resultados")
        years = (
            filters.locator("section")
            .filter(has=page.get_by_role("heading", name="Año", exact=True))
            .get_by_role("listitem")
            .all_inner_texts()
        )
        shown = sorted(y.split()[0] for y in years)
        assert {"2015", "2018", "2022"} <= set(shown), shown  # across the documents
        kinds = filters.locator("section").filter(
            has=page.get_by_role("heading", name="Tipo de recurso", exact=True)
        )
        kinds.get_by_role("link", name="Acciones").click()
        settled(phone, page)
        assert page.locator(".total").inner_text().startswith(f"{actions} resultados")
        first = page.locator("ol.results > li > a").first
        title = first.inner_text()
        first.click()
        settled(phone, page)
        assert page.get_by_role("heading", level=1).inner_text().strip() != ""
        assert "Instituto Nacional de Migración" in page.locator("main").inner_text(), title
    finally:
        page.close()
