"""Pages a policy analyst can use (issue 17, items 1-4 and 6), on the full corpus through a
real server: forms and errors as people meet them, the HTML faces of /sparql and /catalog,
resources that read as documents, the source viewer, 2024 and the indicators, timelines,
and the two tasks clicked from the home page."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import httpx
import pytest

from loaders.pipeline.manifest import SOURCES_DIR
from service.pages import collation
from tests.fullcorpus.conftest import BASE, count, select

pytestmark = pytest.mark.slow

HTML = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
TAG = re.compile(r"<[^>]+>")


def iris(query: str) -> str:
    """`query` with `{BASE}` standing for the instance base (a prefixed name cannot hold `/`)."""
    return query.replace("{BASE}", BASE)


def page(web: httpx.Client, path: str, status: int = 200) -> str:
    r = web.get(path, headers=HTML)
    assert r.status_code == status, (path, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def text(body: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", body)).split())


def section(body: str, heading_id: str) -> str:
    """The HTML of `<section aria-labelledby=heading_id>`."""
    start = body.index(f'<section aria-labelledby="{heading_id}"')
    return body[start : body.index("</section>", start)]


def links(body: str) -> dict[str, str]:
    """Link text -> href, for every link of the page (the last one wins)."""
    found = re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', body, re.S)
    return {text(label): html.unescape(href) for href, label in found}


# 1. Every page works as a person expects


def test_empty_form_fields_are_ignored(web: httpx.Client) -> None:
    body = page(web, "/explorar/acciones?q=&year=&gcm=&pem=&agency=")
    total = count(web, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a mig:Action }")
    assert total == 856
    assert f"{total} acciones" in text(body)


def test_a_bad_field_is_a_spanish_page_for_people_and_json_for_code(web: httpx.Client) -> None:
    body = page(web, "/explorar/acciones?year=abc", 422)
    assert "Parámetro no válido" in body
    assert "El parámetro «year» debe ser un número entero (se recibió «abc»)." in text(body)
    r = web.get("/explorar/acciones?year=abc", headers={"accept": "application/json"})
    assert r.status_code == 422 and r.headers["content-type"] == "application/json"
    assert r.json()["detail"][0]["loc"] == ["query", "year"]
    r = web.get("/api/actions?year=abc")  # the API keeps FastAPI's own body
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "int_parsing"


def test_no_route_is_a_spanish_404(web: httpx.Client) -> None:
    body = page(web, "/no/existe", 404)
    assert "<h1>No encontrado</h1>" in body
    assert "No hay ninguna página ni recurso en esta dirección." in body
    r = web.get("/no/existe")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/plain")
    body = page(web, "/id/accion/pmm-2022/obj99-1", 404)
    assert "Este identificador no está en el grafo" in body


def test_sparql_has_a_page_for_browsers_and_the_protocol_for_code(web: httpx.Client) -> None:
    body = page(web, "/sparql")
    assert "<h1>Punto de consulta SPARQL</h1>" in body
    named = sorted(p.stem for p in (Path(__file__).parents[2] / "queries").glob("*.rq"))
    assert len(named) == 19
    for name in named:
        assert f"<code>{name}</code>" in body, name
    assert 'href="/editor"' in body and 'href="/editor#query=' in body
    assert '<form class="sparql" action="/sparql" method="post">' in body
    for accept in (None, "*/*", "text/turtle"):
        r = web.get("/sparql", headers={"accept": accept} if accept else {})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
        assert "sparql-service-description" in r.text
    json_results = {"accept": "application/sparql-results+json"}
    r = web.get("/sparql", params={"query": "ASK {}"}, headers=json_results)
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_catalog_has_a_page_with_sizes_checksums_and_licences(
    web: httpx.Client, corpus_build
) -> None:
    facts = json.loads((corpus_build.path / "publications.json").read_text("utf-8"))
    body = page(web, "/catalog")
    assert "<h1>Catálogo de datos y descargas</h1>" in body
    for dump in facts["dumps"]:
        assert f'href="/dumps/{dump["file"]}"' in body and dump["sha256"] in body
    for source in facts["sources"]:
        assert source["file"]["sha256"] in body and f'href="/fuentes/{source["key"]}"' in body
    assert len(facts["indicators"]) == 13
    assert "Creative Commons Atribución 4.0 (CC BY 4.0)" in body
    assert "Otra (No comercial)" in body  # the 2022 and 2024 documents' own terms
    r = web.get("/catalog", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")


def test_home_page_figures_are_right_for_every_document(web: httpx.Client) -> None:
    body = page(web, "/")
    rows = {
        text(m.group(1)): text(m.group(2))
        for m in re.finditer(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', body, re.S)
    }
    report_2024 = (
        "Informe Ejecutivo 2024. Pacto Mundial para una Migración Segura, Ordenada y Regular"
    )
    assert rows[report_2024] == "— 127 cifras 13 conjuntos leer la fuente"
    observations = count(
        web,
        iris(
            "SELECT (COUNT(?o) AS ?n) WHERE { ?o a qb:Observation ; "
            "prov:wasDerivedFrom <{BASE}documento/pmm-2024> }"
        ),
    )
    assert observations == 127
    assert rows[
        "Programa Especial de Migración 2014-2018: Acciones relevantes a realizar en 2015"
    ].startswith("164 acciones")
    figures = body[body.index('<table class="figures">') : body.index("</table>")]
    assert 'href="/api/' not in figures and 'href="/explorar/indicadores"' in figures


# 2. Resources read as documents


def test_inm_page_is_readable(web: httpx.Client) -> None:
    body = page(web, "/id/institucion/inm")
    assert "<h1>Instituto Nacional de Migración</h1>" in body
    assert 'href="/linea-de-tiempo/institucion/inm">Línea de tiempo</a>' in body
    responsible = count(
        web,
        iris(
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { "
            "?a mig:responsibleAgency <{BASE}institucion/inm> }"
        ),
    )
    assert f"<summary>institución responsable ({responsible})</summary>" in body
    assert responsible == 117
    assert not re.search(r">https://w3id\.org/[^<]*</a>", section(body, "enlazan"))
    assert "mig:" not in text(body)
    assert "Abrir en SPARQL" in body and "Cómo citar" in body


def test_sections_come_in_a_fixed_order_with_spanish_captions(web: httpx.Client) -> None:
    body = page(web, "/id/accion/pem-2015/1.1.1-2")
    order = [body.index(h) for h in ("Qué es</h2>", "Quién</h2>", "A qué sirve</h2>",
                                     "El pasaje de la fuente</h2>", "Descargas</h2>",
                                     "Cómo citar</h2>")]  # fmt: skip
    assert order == sorted(order)
    assert '<th scope="row">institución responsable</th>' in body
    assert "mig:responsibleAgency" not in body
    assert 'href="/id/accion/pem-2015/1.1.1-2.csv">CSV</a>' in body
    editor = links(body)["Abrir en SPARQL"]
    assert editor.startswith("/editor#query=")
    assert f"<{BASE}accion/pem-2015/1.1.1-2>" in unquote(editor)
    csv = web.get("/id/accion/pem-2015/1.1.1-2.csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "p,o,direction"
    assert f"{BASE}institucion/renapo" in csv.text


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("documento/pmm-2024",
         "Informe Ejecutivo 2024. Pacto Mundial para una Migración Segura, Ordenada y Regular"),
        ("indicador/pmm-2024-acciones-por-objetivo-seccion-iv/observacion/obj11",
         "Acciones por objetivo del PMM según el apartado IV · objetivo 11 · 2024"),
        ("indicador/pmm-2024-acciones-por-objetivo-seccion-iv",
         "Acciones por objetivo del PMM según el apartado IV"),
        ("correspondencia/1.1.1--11",
         "Correspondencia: línea 1.1.1 del PEM ↔ objetivo 11 del Pacto Mundial"),
        ("accion/pem-2015/1.1.1-2",
         "El RENAPO y la Secretaría General del CONAPO, en coordinación con la Unidad General "
         "de Asuntos Jurídicos de la…"),
    ],
)  # fmt: skip
def test_every_resource_has_a_human_title(web: httpx.Client, path: str, title: str) -> None:
    assert f"<h1>{html.escape(title, quote=False)}</h1>" in page(web, f"/id/{path}")


# 3. A source viewer


def test_a_quote_links_to_its_lines_and_shows_only_its_cell(web: httpx.Client) -> None:
    line = (SOURCES_DIR / "pem-2015-acciones.txt").read_text("utf-8").splitlines()[11]
    _, upm, renapo = line.split("\t")
    body = page(web, "/id/accion/pem-2015/1.1.1-2")
    quote = section(body, "fuente")
    assert 'href="/fuentes/pem-2015#L12"' in quote
    assert text(renapo) in text(quote)
    assert text(upm)[:60] not in text(quote)  # another agency's action in the same row


def test_a_quote_is_clean_of_markup(web: httpx.Client) -> None:
    lines = (SOURCES_DIR / "pem-2015-acciones.txt").read_text("utf-8").splitlines()
    assert lines[15].startswith("<p>1.1.5 ")
    (row,) = select(
        web, iris("SELECT ?a WHERE { ?a prov:wasDerivedFrom <{BASE}documento/pem-2015> ; "
        "mig:sourceLineStart 16 ; mig:description ?d FILTER(STRSTARTS(?d, 'La UPM revisará')) }")
    )  # fmt: skip
    quote = section(page(web, "/id/" + row["a"][len(BASE) :]), "fuente")
    assert "&lt;p&gt;" not in quote and "<p>La UPM revisará y hará comentarios" in quote.replace(
        '<a class="ln" href="/fuentes/pem-2015#L16">16</a> ', ""
    )


def test_the_source_viewer_numbers_every_line(web: httpx.Client) -> None:
    lines = (SOURCES_DIR / "pmm-2022-compendio.txt").read_text("utf-8").splitlines()
    assert len(lines) == 13602
    body = page(web, "/fuentes/pmm-2022")
    assert body.count('<div class="line" id="L') == 13602
    assert f'id="L420"><a class="ln" href="#L420">420</a><span>{html.escape(lines[419])}' in body
    assert '<script src="/static/source.js" defer></script>' in body
    assert web.get("/static/source.js").status_code == 200
    assert "No hay ningún documento fuente «nada»." in page(web, "/fuentes/nada", 404)
    action = page(web, "/id/accion/pmm-2022/obj01-8")
    assert 'href="/fuentes/pmm-2022#L420-L440"' in action


def test_lines_of_action_and_programmes_have_a_source_section(web: httpx.Client) -> None:
    line = section(page(web, "/id/pem/linea/1.1.1"), "fuente")
    assert "Dónde lo nombran las fuentes (5)" in line
    assert 'href="/fuentes/pem-2018#L12-L16"' in line
    paisano = section(page(web, "/id/programa/programa-paisano"), "fuente")
    keys = set(re.findall(r'href="/fuentes/([a-z0-9-]+)#L', paisano))
    assert keys == {"pem-2015", "pem-2018", "pmm-2018", "pmm-2022"}


# 4. 2024 and the indicators; 6. Spanish


def test_gcm_pages_and_charts_cover_2018_2022_and_2024(web: httpx.Client) -> None:
    (row,) = select(
        web, iris("SELECT ?v ?line WHERE { "
        "?o qb:dataSet <{BASE}indicador/pmm-2024-acciones-por-objetivo> ; "
        "mig:gcmObjective <{BASE}gcm/objetivo/7> ; mig:actionCount ?v ; "
        "mig:sourceLineStart ?line }")
    )  # fmt: skip
    source = (SOURCES_DIR / "pmm-2024-informe-ejecutivo.txt").read_text("utf-8").splitlines()
    assert row["v"] in source[int(row["line"]) - 1]
    for path in ("/explorar/pmm", "/graficas"):
        body = page(web, path)
        assert "2018" in body and "2022" in body and "2024" in body
        assert re.search(rf'obj(?:etivo/)?0?7[^"]*">{row["v"]}</a>', body), path
    assert "2024 (cifras del informe)" in page(web, "/graficas")
    body = page(web, "/explorar/indicadores")
    assert body.count("<table") == 1 + 13 and body.count("<svg") == 2


def test_timelines_tell_actions_from_figures_absences_and_renames(web: httpx.Client) -> None:
    inm = text(page(web, "/linea-de-tiempo/institucion/inm"))
    named = count(
        web, iris("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { VALUES ?r { mig:responsibleAgency "
        "mig:collaboratingAgency mig:participatingAgency } "
        "?a a mig:Action ; ?r <{BASE}institucion/inm> }")
    )  # fmt: skip
    assert f"{named} acciones y 14 cifras del informe 2024" in inm
    assert "2024 · Informe PMM 2024 14 cifras (el informe no enumera acciones)" in inm
    upm = text(page(web, "/linea-de-tiempo/institucion/upm"))
    assert "2015 · PEM 2015 31 acciones como UPM" in upm
    assert "2022 · Informe PMM 2022 27 acciones como UPMRIP" in upm
    paisano = text(page(web, "/linea-de-tiempo/programa/programa-paisano"))
    assert "2024 · Informe PMM 2024 no aparece" in paisano
    assert "responsibleAgency" not in inm and "institución responsable:" in inm


def test_agencies_are_grouped_by_kind_and_sorted(web: httpx.Client) -> None:
    body = page(web, "/explorar/instituciones")
    headings = [text(h) for h in re.findall(r"<h2>(.*?)</h2>", body)]
    assert len(headings) == 14 and not any(h.startswith("Sin tipo") for h in headings)
    assert "Administración Pública Federal (49)" in headings
    for block in body.split("<h2>")[1:]:
        names = [text(n) for n in re.findall(r'<li><a href="/id/[^"]+">(.*?)</a>', block)]
        assert names == collation.sorted_by(names, lambda n: n)


# The two tasks of item 8, by clicking from the home page


def click(web: httpx.Client, url: str, label: str) -> tuple[str, str]:
    """Follows the link whose text is `label` on the page at `url`."""
    target = urljoin(url, links(page(web, url))[label])
    return target, page(web, target)


def test_task_programa_paisano_2015_to_2024_with_the_source_text(web: httpx.Client) -> None:
    url, _ = click(web, "/", "por programa")
    url, body = click(web, url, "Programa Paisano")
    assert url.endswith("/id/programa/programa-paisano")
    assert "Dónde lo nombran las fuentes (13)" in body
    url, timeline = click(web, url, "Línea de tiempo")
    assert "2024 · Informe PMM 2024 no aparece" in text(timeline)


def test_task_what_the_inm_did_for_children(web: httpx.Client) -> None:
    url, _ = click(web, "/", "Por institución")
    url, _ = click(web, url, "Instituto Nacional de Migración")
    url, body = click(web, url, "Niñas, niños y adolescentes")
    found = text(body)
    assert "27 acciones de Instituto Nacional de Migración" in found
    assert "por año: 2015 (8), 2018 (5), 2022 (14)" in found
    assert "Guía para la atención de niñas, niños y adolescentes migrantes" in found
