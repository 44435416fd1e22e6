"""`/editor` over HTTP (no browser needed): each named query's tab carries its parameters
bound into the text; the form's values are validated like the API's, with Spanish
messages; the page is compressed for a client that accepts gzip."""

from __future__ import annotations

import json
import re

import httpx

from service.routers.pages import VENDOR
from tests.helpers import missing

HTML = {"accept": "text/html"}
QUERY = "agency_actions_across_years"
INM = "<https://w3id.org/migracion-mx/id/institucion/inm>"


def tabs(page: str) -> dict[str, str]:
    """Tab id -> query text, from the page's JSON block."""
    m = re.search(r'<script type="application/json" id="named-queries">(.*?)</script>', page, re.S)
    assert m is not None
    return {t["id"]: t["query"] for t in json.loads(m.group(1))}


def test_tabs_open_with_the_example_bound(web: httpx.Client) -> None:
    r = web.get("/editor", headers=HTML)
    assert r.status_code == 200
    found = tabs(r.text)
    assert len(found) == len(web.get("/api/queries").json()["queries"])
    assert "<https://w3id.org/migracion-mx/id/institucion/upm>" in found[QUERY]
    # optional parameters stay free: the per-objective counts are for every objective
    assert "?gcm" in found["gcm_actions_per_objective_year"]


def test_the_form_binds_the_chosen_values(web: httpx.Client) -> None:
    r = web.get("/editor", params={"consulta": QUERY, "agency": "inm"}, headers=HTML)
    assert r.status_code == 200
    assert INM in tabs(r.text)[QUERY]
    assert 'data-chosen="agency_actions_across_years"' in r.text
    assert f'href="/api/queries/{QUERY}?agency=inm"' in r.text
    assert '<option value="inm" selected>Instituto Nacional de Migración</option>' in r.text


def test_the_bound_text_answers_as_the_api(web: httpx.Client) -> None:
    text = tabs(web.get("/editor", params={"consulta": QUERY, "agency": "inm"}).text)[QUERY]
    csv = {"accept": "text/csv"}
    sparql = web.post("/sparql", data={"query": text}, headers=csv).text.splitlines()
    api = web.get(f"/api/queries/{QUERY}", params={"agency": "inm"}, headers=csv)
    assert sorted(sparql) == sorted(api.text.splitlines())
    assert len(sparql) - 1 == 426


def test_bad_values_are_spanish_messages(web: httpx.Client) -> None:
    r = web.get("/editor", params={"consulta": "agency_timeline", "agency": "no vale"})
    assert r.status_code == 422
    assert "«Institución»: se espera una institución de la lista." in r.text
    r = web.get("/editor", params={"consulta": "gcm_actions_per_objective_year", "gcm": "99"})
    assert r.status_code == 422
    assert "se espera un número de objetivo del Pacto Mundial, del 1 al 23." in r.text
    r = web.get("/editor", params={"consulta": QUERY, "otro": "1"})
    assert r.status_code == 422
    assert "La consulta no tiene ese parámetro; los suyos: agency." in r.text
    assert web.get("/editor", params={"consulta": "no_existe"}).status_code == 404


def test_the_page_and_yasgui_are_compressed(web: httpx.Client) -> None:
    if not (VENDOR["yasgui"] / "yasgui.min.js").is_file():
        missing("YASGUI is not installed (`make frontend`)")
    for path in ("/editor", "/static/vendor/yasgui/yasgui.min.js"):
        r = web.get(path, headers={"accept-encoding": "gzip"})
        assert r.status_code == 200, path
        assert r.headers["content-encoding"] == "gzip", path
