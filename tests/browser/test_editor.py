"""The SPARQL editor in Chromium: named-query parameters reach the query, YASGUI's result
table keeps its own styles, a shared link opens in front, and the page stays accessible
with results on it."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from tests.browser.site import Recorder, audit, blocking, horizontal_overflow

pytestmark = [pytest.mark.slow, pytest.mark.browser]

QUERY = "agency_actions_across_years"
TITLE = "Lo que hizo una institución a lo largo de los años (sigue sus cambios de nombre)"
RESULTS = ".yasr .dataTable tbody tr"
# The CodeMirror instance of the visible tab (YASGUI builds only the active tab's editor).
ACTIVE_TEXT = """() => Array.from(document.querySelectorAll('.CodeMirror'))
    .find(e => e.offsetParent !== null).CodeMirror.getValue()"""


def api_rows(site_url: str, **params: str) -> int:
    """Rows the named query gives through the API (parameters bound by the engine)."""
    r = httpx.get(f"{site_url}/api/queries/{QUERY}", params=params,
                  headers={"accept": "text/csv"}, timeout=60)  # fmt: skip
    assert r.status_code == 200, r.text
    return len(list(csv.reader(io.StringIO(r.text)))) - 1


def unbound_rows(site_url: str) -> int:
    """Rows the query's text gives with its parameter left free (what YASGUI used to run)."""
    text = httpx.get(f"{site_url}/api/queries", timeout=60).json()["queries"]
    (sparql,) = [q["sparql"] for q in text if q["name"] == QUERY]
    r = httpx.post(f"{site_url}/sparql", data={"query": sparql},
                   headers={"accept": "text/csv"}, timeout=60)  # fmt: skip
    return len(list(csv.reader(io.StringIO(r.text)))) - 1


def result_count(page) -> int:  # type: ignore[no-untyped-def]
    page.wait_for_selector(RESULTS, timeout=30_000)
    chip = page.inner_text(".yasr_response_chip")  # "426 results in 0.2 seconds"
    return int(chip.split()[0].replace(",", ""))


def test_the_form_binds_the_agency(site_url: str, desktop: Recorder) -> None:
    inm = api_rows(site_url, agency="inm")
    assert inm == 426  # the INM's actions, roles and targets across the five documents
    assert unbound_rows(site_url) > inm  # every agency at once: what the issue saw
    page = desktop.context.new_page()
    try:
        visit = desktop.visit(page, site_url + "/editor", settle=".CodeMirror")
        assert visit.console_errors == [] and visit.outside == []
        # the first tab opens with its example (agency=upm) written into the text
        assert page.inner_text(".tabsList .tab.active").strip().startswith(TITLE)
        assert "/id/institucion/upm>" in page.evaluate(ACTIVE_TEXT)
        form = page.locator(f'form.params[data-tab="{QUERY}"]')
        assert form.is_visible()
        form.get_by_label("Institución").select_option(label="Instituto Nacional de Migración")
        form.get_by_role("button", name="Aplicar y ejecutar").click()
        page.wait_for_url("**/editor?consulta=*")
        assert result_count(page) == inm
        assert "/id/institucion/inm>" in page.evaluate(ACTIVE_TEXT)
        link = form.get_by_role("link", name="La misma consulta en la API")
        assert link.get_attribute("href") == f"/api/queries/{QUERY}?agency=inm"
    finally:
        page.close()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_results_keep_yasgui_table_styles(
    request: pytest.FixtureRequest, site_url: str, axe_script: Path, width: str
) -> None:
    recorder: Recorder = request.getfixturevalue(width)
    page = recorder.context.new_page()
    try:
        recorder.visit(page, f"{site_url}/editor?consulta={QUERY}&agency=inm")
        assert result_count(page) == api_rows(site_url, agency="inm")
        # no rule of the site's stylesheet reaches YASGUI's result table
        matched = page.evaluate(
            """() => {
              const sheet = Array.from(document.styleSheets)
                .find(s => (s.href || '').endsWith('/static/pages.css'));
              const cells = Array.from(document.querySelectorAll(
                '.yasr table, .yasr th, .yasr td, .yasr tr'));
              const out = [];
              for (const rule of sheet.cssRules) {
                if (!rule.selectorText) continue;
                if (cells.some(c => c.matches(rule.selectorText))) out.push(rule.selectorText);
              }
              return out;
            }"""
        )
        assert matched == []
        scroll_width, viewport = horizontal_overflow(page)  # wide results scroll in their box
        assert scroll_width <= viewport
        assert blocking(audit(page, axe_script)) == []
    finally:
        page.close()


def test_a_shared_link_opens_in_front(site_url: str, desktop: Recorder) -> None:
    shared = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/migracion-mx/def#Agency> }"
    page = desktop.context.new_page()
    try:
        visit = desktop.visit(
            page, f"{site_url}/editor#query={quote(shared)}", settle=".CodeMirror"
        )
        assert visit.console_errors == []
        assert page.evaluate(ACTIVE_TEXT) == shared
        named = len(httpx.get(f"{site_url}/api/queries", timeout=60).json()["queries"])
        assert page.locator(".tabsList .tab").count() == named + 1
        page.wait_for_selector(RESULTS, timeout=30_000)  # YASGUI runs a shared query at once
        assert page.locator(".no-params").is_visible()  # no named query's form for it
    finally:
        page.close()


def test_a_bad_value_is_a_spanish_message(site_url: str, desktop: Recorder) -> None:
    page = desktop.context.new_page()
    try:
        visit = desktop.visit(page, f"{site_url}/editor?consulta=agency_timeline&agency=no+vale")
        assert visit.status == 422
        alert = page.get_by_role("alert")
        assert alert.inner_text() == "«Institución»: se espera una institución de la lista."
    finally:
        page.close()
