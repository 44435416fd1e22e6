"""Search over the full corpus through a real server: ranking, the page, the API, the
suggestions, the VALUES bridge to SPARQL and the reconciliation service (OpenRefine's
requests). Expected values are read from the sources (file:line in the comments)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fullcorpus.conftest import BASE, MIG, local, select

pytestmark = pytest.mark.slow


def search(web: httpx.Client, q: str, **params: str) -> dict:
    r = web.get("/api/search", params={"q": q, **params})
    assert r.status_code == 200, r.text
    return r.json()


def test_inm_finds_the_inm_first_and_never_inmigracion(web: httpx.Client) -> None:
    body = search(web, "INM", per_page="20")
    ids = [local(m["id"]) for m in body["member"]]
    assert ids[0] == "institucion/inm"
    # every hit names the INM as a whole word (or is the INM's), none only "inmigración"
    for m in body["member"][1:]:
        assert "INM" in m["highlight"] or m["snippet"] == "" or "inm" in local(m["id"]), m
        assert not re.search(r"\binmigraci", m["snippet"], re.I) or "INM" in m["snippet"]
    # "El INM impartirá 2 cursos de trata de personas ..." (pem-2015-acciones.txt:249)
    assert "accion/pem-2015/5.1.7-1" in ids[:5]


def test_nna_is_a_whole_word_not_connacionales(web: httpx.Client) -> None:
    body = search(web, "NNA", per_page="100")
    assert body["totalItems"] > 20
    marked = [m for m in body["member"] if "NNA" in m["highlight"]]
    assert len(marked) >= 0.9 * len(body["member"])  # the rest name it through a programme
    for m in body["member"]:
        assert "connacional" not in m["snippet"].lower() or "NNA" in m["snippet"]


def test_ninez_finds_the_2024_reports_passage(web: httpx.Client) -> None:
    # pmm-2024-informe-ejecutivo.txt:271, under "OBJETIVO 13" (line 267)
    body = search(web, "niñez", document="pmm-2024")
    (hit,) = body["member"]
    assert local(hit["id"]) == "indicador/pmm-2024-acciones-por-objetivo/observacion/obj13"
    assert (hit["sourceLineStart"], hit["sourceLineEnd"]) == (271, 271)
    assert "niñez migrante" in hit["snippet"]
    assert search(web, "ninez", document="pmm-2024")["totalItems"] == 1  # no accent typed


def test_migrantes_counts_every_hit_and_pages_reach_them_all(web: httpx.Client) -> None:
    first = search(web, "migrantes", per_page="500")
    total = first["totalItems"]
    assert total > 371  # the 371 actions alone say the word
    seen = [m["id"] for m in first["member"]]
    page = 2
    while len(seen) < total:
        seen += [
            m["id"] for m in search(web, "migrantes", per_page="500", page=str(page))["member"]
        ]
        page += 1
    assert len(seen) == total
    facets = first["facets"]
    assert sum(c["count"] for c in facets["kind"]) == total
    years = {c["value"]: c["count"] for c in facets["year"]}
    assert set(years) == {"2015", "2018", "2022", "2024"}


def test_phrase_and_exclusion(web: httpx.Client) -> None:
    phrase = search(web, '"trata de personas"', per_page="5")
    assert local(phrase["member"][0]["id"]) in {
        "gcm/objetivo/10",  # "Prevenir, combatir y erradicar la trata de personas ..."
        "programa/programa-de-contra-la-trata-de-personas",
        "programa/programa-juntos-contra-la-trata-de-personas",
    }
    both = search(web, "salud")["totalItems"]
    without = search(web, "salud -mujeres")["totalItems"]
    assert 0 < without < both


def test_typo_is_corrected_and_said(web: httpx.Client) -> None:
    body = search(web, "pasiano")
    assert body["corrected"] == "paisano"
    assert local(body["member"][0]["id"]) == "programa/programa-paisano"


def test_the_api_q_is_ranked_with_score_and_snippet(web: httpx.Client) -> None:
    r = web.get("/api/agencies", params={"q": "INM"})
    assert r.status_code == 200
    members = r.json()["member"]
    assert local(members[0]["id"]) == "institucion/inm"
    assert members[0]["score"] >= members[-1]["score"]
    actions = web.get("/api/actions", params={"q": "migrantes", "per_page": 500}).json()
    assert actions["totalItems"] >= 371
    scores = [m["score"] for m in actions["member"]]
    assert scores == sorted(scores, reverse=True)
    assert all("snippet" in m for m in actions["member"])


def test_search_page_has_snippets_facets_paging_and_titles(web: httpx.Client) -> None:
    r = web.get("/buscar", params={"q": "migrantes"})
    assert r.status_code == 200
    html = r.text
    assert "<mark>migrantes</mark>" in html
    assert "Documento</h2>" in html and "Objetivo del PMM</h2>" in html
    assert "Tipo de institución</h2>" in html and "Programa</h2>" in html
    assert 'rel="next"' in html
    # results are titled, never a bare IRI as the link text
    assert not re.search(r">https://w3id\.org/migracion-mx/id/[^<]*</a>", html)
    filtered = web.get("/buscar", params={"q": "migrantes", "document": "pmm-2024"})
    assert "pasaje, líneas" in filtered.text


def test_search_box_suggests_and_its_script_is_same_origin(web: httpx.Client) -> None:
    home = web.get("/").text
    assert '<script src="/static/suggest.js"' in home
    assert "<script>" not in home
    assert web.get("/static/suggest.js").status_code == 200
    items = web.get("/api/suggest", params={"q": "progra"}).json()
    assert items and all(i["label"].lower().startswith("progra") for i in items[:3])
    assert (
        web.get("/api/suggest", params={"q": "Instituto Nacional de Mig"}).json()[0]["id"]
        == BASE + "institucion/inm"
    )


def test_values_block_combines_search_with_sparql(web: httpx.Client) -> None:
    r = web.get("/api/search", params={"q": "COMAR", "kind": "actions", "format": "values"})
    assert r.status_code == 200 and r.text.startswith("VALUES ?s {")
    query = "SELECT ?y (COUNT(?s) AS ?n) WHERE { " + r.text + " ?s mig:year ?y } GROUP BY ?y"
    rows = select(web, query)
    assert {row["y"] for row in rows} <= {"2015", "2018", "2022"}
    assert sum(int(row["n"]) for row in rows) == r.text.count("<")


# Twenty agency names as the sources spell them: (name, agency, where the source says it).
AGENCIES = [
    ("Secretaria de Gobernación", "segob", "pmm-2024-informe-ejecutivo.txt:48"),
    (
        "Unidad de Política Migratoria, Registro e Identidad de Personas",
        "upmrip",
        "pmm-2022-compendio.txt:85",
    ),
    ("Instituto Nacional de Migración", "inm", "pem-2015-acciones.txt:70"),
    ("Comisión Mexicana de Ayuda a Refugiados", "comar", "pem-2015-acciones.txt:173"),
    ("Consejo Nacional de Población", "conapo", "pmm-2018-informe.txt:122"),
    (
        "Comisión Nacional para Prevenir y Erradicar la Violencia contra las Mujeres (CONAVIM)",
        "conavim",
        "pmm-2018-informe.txt:406",
    ),
    (
        "Sistema Nacional de Protección Integral de Niñas, Niños y Adolescentes (SIPINNA)",
        "sipinna",
        "pmm-2018-informe.txt:266",
    ),
    (
        "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública",
        "sesnsp",
        "pmm-2024-informe-ejecutivo.txt:243",
    ),
    ("Instituto de los Mexicanos en el Exterior", "ime", "pmm-2018-informe.txt:91"),
    (
        "Agencia Mexicana de Cooperación Internacional para el Desarrollo (AMEXCID)",
        "amexcid",
        "pmm-2018-informe.txt:679",
    ),
    ("Secretaría de Trabajo y Previsión Social (STPS)", "stps", "pem-2015-acciones.txt:65"),
    ("Instituto Mexicano del Seguro Social", "imss", "pmm-2022-compendio.txt:9208"),
    ("Secretaría de Hacienda y Crédito Público (SHCP)", "shcp", "pmm-2018-informe.txt:462"),
    (
        "Comisión Nacional del Sistema de Ahorro para el Retiro (CONSAR)",
        "consar",
        "pmm-2018-informe.txt:650",
    ),
    ("Procuraduría General de la República", "pgr", "pmm-2018-informe.txt:420"),
    ("Consejo Nacional para Prevenir la Discriminación", "conapred", "pmm-2018-informe.txt:530"),
    ("Sistema Nacional DIF", "sndif", "pmm-2022-compendio.txt:5903"),
    ("Instituto Nacional de las Mujeres", "inmujeres", "pmm-2022-compendio.txt:3567"),
    (
        "Alto Comisionado de las Naciones Unidas para los Refugiados",
        "acnur",
        "pmm-2018-informe.txt:437",
    ),
    (
        "Fondo de las Naciones Unidas para la Infancia (UNICEF)",
        "unicef",
        "pmm-2018-informe.txt:314",
    ),
]


def reconcile(web: httpx.Client, queries: dict) -> httpx.Response:
    # as OpenRefine sends them: a form POST with one field, `queries`, holding JSON
    return web.post(
        "/reconcile",
        data={"queries": json.dumps(queries)},
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )


def test_reconcile_manifest(web: httpx.Client) -> None:
    m = web.get("/reconcile").json()
    assert m["versions"] == ["0.2"]
    assert {t["id"] for t in m["defaultTypes"]} == {
        MIG + "Agency",
        MIG + "Program",
        MIG + "PEMLineOfAction",
        MIG + "GCMObjective",
    }
    assert m["identifierSpace"] == BASE
    preview = m["preview"]["url"].replace("{{id}}", BASE + "institucion/inm")
    page = httpx.get(preview)
    assert page.status_code == 200 and "Instituto Nacional de Migración" in page.text


def test_reconcile_twenty_agencies_as_the_sources_spell_them(web: httpx.Client) -> None:
    queries = {
        f"q{i}": {"query": name, "type": MIG + "Agency", "limit": 3}
        for i, (name, _, _) in enumerate(AGENCIES)
    }
    r = reconcile(web, queries)
    assert r.status_code == 200
    body = r.json()
    for i, (name, slug, cited) in enumerate(AGENCIES):
        first = body[f"q{i}"]["result"][0]
        assert first["id"] == BASE + "institucion/" + slug, (name, cited)
        assert first["match"] is True and first["score"] == 100.0
        assert first["type"] == [{"id": MIG + "Agency", "name": "Institución"}]


def test_reconcile_types_programs_lines_and_objectives(web: httpx.Client) -> None:
    body = reconcile(web, {
        "p": {"query": "Héroes Paisanos", "type": "Program"},  # pmm-2022's name, programs.csv
        "l": {"query": "Analizar y presentar reformas al marco normativo en materia migratoria",
              "type": MIG + "PEMLineOfAction", "limit": 1},  # pem-2015-acciones.txt
        "g": {"query": "Reforzar la respuesta transnacional al tráfico ilícito de migrantes",
              "type": MIG + "GCMObjective"},  # pmm-2024-informe-ejecutivo.txt:227
        "x": {"query": "Instituto Nacional de Migracion", "type": "Agency"},  # no accent
    }).json()  # fmt: skip
    assert body["p"]["result"][0]["id"] == BASE + "programa/programa-paisano"
    assert body["l"]["result"][0]["id"] == BASE + "pem/linea/1.1.1"
    assert body["g"]["result"][0]["id"] == BASE + "gcm/objetivo/9"
    assert body["x"]["result"][0]["id"] == BASE + "institucion/inm"


@pytest.mark.parametrize(
    "raw",
    ["{", "[]", '{"q0": "INM"}', '{"q0": {"query": 5}}', '{"q0": {"query": "x", "limit": 0}}',
     '{"q0": {"query": "x", "type": "Nope"}}', '{"q0": {"query": "x", "limit": true}}'],
)  # fmt: skip
def test_malformed_reconciliation_is_a_400(web: httpx.Client, raw: str) -> None:
    r = web.post("/reconcile", data={"queries": raw})
    assert r.status_code == 400, r.text


def test_reconcile_post_without_queries_is_a_400(web: httpx.Client) -> None:
    assert web.post("/reconcile", data={}).status_code == 400


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(max_size=60)
    | st.sampled_from(
        ['"', '("', "NEAR(", "a OR", "-", "*", '"a" NOT', "^x", "{ident}:x", "a AND OR NOT b*"]
    )
)
def test_whatever_a_person_types_is_a_search(web: httpx.Client, q: str) -> None:
    for path in ("/buscar", "/api/search", "/api/suggest", "/api/actions"):
        r = web.get(path, params={"q": q})
        assert r.status_code in (200, 422), (path, q, r.status_code, r.text[:200])
        if r.status_code == 422:  # only what the parameter's declared limits refuse
            assert (q == "" and path == "/api/actions") or len(q) > 200


def test_index_is_deterministic(corpus_build, tmp_path: Path) -> None:
    from loaders.publishing import search_index

    root = corpus_build.path
    again = search_index.write(tmp_path, (root / "graph.nq").read_bytes(), root / "sources")
    assert again.read_bytes() == (root / "search.sqlite").read_bytes()


# Words common and rare, an acronym, an accent left out, a typo ("pasiano": corrected only
# when nothing in the whole index matches), a phrase and a prefix.
RESTRICTED_QUERIES = [
    "migrantes",
    "frontera",
    "INM",
    "ninez",
    "pasiano",
    '"trata de personas"',
    "repatria*",
]


def test_a_filtered_page_ranks_its_members_as_the_whole_index_does(corpus_build) -> None:
    """`ranked(..., among=members)` (what a filtered page with `q` asks: only the members'
    rows are scored) gives exactly the unrestricted ranking with the others left out, for
    every facet value of the actions."""
    from service.api import snapshot
    from service.search.index import SearchIndex
    from service.search.results import ranked

    snap = snapshot.open_snapshot(corpus_build.path / snapshot.FILE_NAME)
    assert snap is not None
    search = SearchIndex.in_build(corpus_build.path)
    checked = 0
    for q in RESTRICTED_QUERIES:
        everywhere = ranked(search, q)
        for facet, values in sorted(snap.facets["actions"].items()):
            for value in sorted(values):
                members = [snap.members[n] for n in snap.filter("actions", {facet: value})]
                keep = set(members)
                among = ranked(search, q, among=members)
                assert list(among.items()) == [
                    (i, h) for i, h in everywhere.items() if i in keep
                ], (q, facet, value)
                checked += bool(among)
    assert checked > 100  # the queries do find members under many facet values
