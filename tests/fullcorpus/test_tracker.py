"""Issue 18, the commitment tracker, over the full corpus and a real server.

The PEM statuses are checked against the PEM files read here independently of the loaders
(a row per line of action in `pem-2015-acciones.txt`; "Se / No se realizarán acciones en
2018" in `pem-2018-acciones.txt`, with or without action text after it). The two questions
of the issue are asked of the page, the API and SPARQL, and must get the same answer:
which lines have no reported follow-up in any GCM report, and what changed for the
Programa Paisano between the 2018 and 2022 reports (renamed Héroes Paisanos:
pmm-2022-compendio.txt:5179-5180 "Programa Paisano, ahora denominado «Héroes Paisano»").
"""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest

from tests.conftest import source_text
from tests.fullcorpus.conftest import BASE, select

pytestmark = pytest.mark.slow

DOCS = ("pem-2015", "pem-2018", "pmm-2018", "pmm-2022", "pmm-2024")
STATUS = BASE + "seguimiento/"


def pem_2015_lines() -> set[str]:
    """The lines of action the 2015 programme lists (a table row each)."""
    text = source_text("pem-2015")
    return set(re.findall(r"^(?:<p>)?(\d+\.\d+\.\d+) ", text, flags=re.M))


def pem_2018_statuses() -> dict[str, str]:
    """Each line of action's 2018 status as the file says it: the status line, then any
    action text before the next block's objective heading (`N. title`)."""
    out: dict[str, str] = {}
    code, said, text, done = "", "", False, False
    for line in source_text("pem-2018").splitlines():
        heading = re.match(r"^\s*(\d+\.\d+\.\d+)\.\s", line)
        if heading:
            code, said, text, done = heading.group(1), "", False, False
            continue
        status = re.match(r"^\s*(No se|Se) realizarán\s*$", line)
        if status and code:
            said = status.group(1)
            continue
        if not said or done:
            continue
        if re.match(r"^\s*[1-5]\.\s+\S", line):  # the next block begins
            done = True
            continue
        if re.sub(r"^\s*acciones en 2018\b", "", line).strip():
            text = True
        no = said == "No se"
        out[code] = ("contradictory" if text else "not-planned") if no else "planned"
    return out


def statuses(web: httpx.Client, doc: str) -> dict[str, str]:
    rows = select(
        web,
        f"""SELECT ?code ?value WHERE {{
          ?s a mig:TrackerStatus ; mig:trackedSubject ?l ; mig:inDocument <{BASE}documento/{doc}> ;
             mig:trackerStatus ?v . ?l a mig:PEMLineOfAction ; skos:notation ?code .
          ?v skos:notation ?value }}""",
    )
    return {r["code"]: r["value"] for r in rows}


def test_every_line_has_one_status_per_document(web: httpx.Client) -> None:
    rows = select(
        web,
        """SELECT ?l ?d (COUNT(DISTINCT ?v) AS ?n) WHERE {
          ?s a mig:TrackerStatus ; mig:trackedSubject ?l ; mig:inDocument ?d ;
             mig:trackerStatus ?v . ?l a mig:PEMLineOfAction } GROUP BY ?l ?d""",
    )
    assert len(rows) == 195 * 5
    assert {r["n"] for r in rows} == {"1"}
    assert {r["d"].removeprefix(BASE + "documento/") for r in rows} == set(DOCS)
    assert len({r["l"] for r in rows}) == 195


def test_2015_statuses_are_what_the_file_says(web: httpx.Client) -> None:
    listed = pem_2015_lines()
    found = statuses(web, "pem-2015")
    assert len(listed) == 123
    assert {c for c, v in found.items() if v == "planned"} == listed
    assert {c for c, v in found.items() if v == "not-in-document"} == set(found) - listed
    assert len(found) == 195


def test_2018_statuses_are_what_the_file_says(web: httpx.Client) -> None:
    said = pem_2018_statuses()
    assert len(said) == 195
    assert statuses(web, "pem-2018") == said
    counts = {v: sum(1 for x in said.values() if x == v) for v in set(said.values())}
    assert counts == {"planned": 90, "not-planned": 101, "contradictory": 4}
    # the four blocks that say no action and still describe one (pem-2018:337, 579, 1486, 4543)
    assert sorted(c for c, v in said.items() if v == "contradictory") == [
        "1.2.6", "1.3.5", "2.4.1", "5.3.5",
    ]  # fmt: skip


def test_report_statuses_rest_on_evidence_of_their_document(web: httpx.Client) -> None:
    rows = select(
        web,
        """SELECT ?s ?d ?v ?e ?ed WHERE {
          ?s a mig:TrackerStatus ; mig:trackedSubject ?l ; mig:inDocument ?d ;
             mig:trackerStatus ?v . ?l a mig:PEMLineOfAction .
          FILTER(?v IN (mig:TrackStrongEvidence, mig:TrackWeakEvidence, mig:TrackNoEvidence))
          OPTIONAL { ?s mig:statusEvidence ?e . ?e prov:wasDerivedFrom ?ed } }""",
    )
    assert {r["d"].rsplit("/", 1)[-1] for r in rows} == {"pmm-2018", "pmm-2022", "pmm-2024"}
    for r in rows:
        if r["v"].endswith("NoEvidence"):
            assert "e" not in r, r
        else:
            assert r.get("ed") == r["d"], r  # evidence comes from the report graded


def test_programme_identity_is_strong_evidence(web: httpx.Client) -> None:
    # PEM 1.2.1 plans the Programa Paisano's commission meetings (pem-2015-acciones.txt:22);
    # the 2018 report describes the programme (pmm-2018-informe.txt:127), the 2022 compendium
    # the renamed Programa Héroes Paisanos (pmm-2022-compendio.txt:1365).
    rows = select(
        web,
        f"""SELECT ?d ?v ?e WHERE {{
          ?s mig:trackedSubject <{BASE}pem/linea/1.2.1> ; mig:inDocument ?d ;
             mig:trackerStatus ?v ; mig:viaProgram <{BASE}programa/programa-paisano> ;
             mig:statusEvidence ?e }}""",
    )
    by_doc = {(r["d"].rsplit("/", 1)[-1], r["e"].removeprefix(BASE)) for r in rows}
    assert ("pmm-2018", "accion/pmm-2018/obj03-03") in by_doc
    assert ("pmm-2022", "accion/pmm-2022/obj03-13") in by_doc
    assert {r["v"].rsplit("#", 1)[-1] for r in rows} == {"TrackStrongEvidence"}


def _page_lines(html: str) -> set[str]:
    return set(re.findall(r'href="[^"]*/id/pem/linea/([0-9.]+)"', html))


def test_lines_without_follow_up_page_api_and_sparql_agree(web: httpx.Client) -> None:
    page = web.get("/seguimiento", params={"rows": "lineas", "follow_up": "none", "pem": ""})
    assert page.status_code == 200
    from_page = _page_lines(page.text)
    api = web.get("/api/tracker/statuses", params={"follow_up": "none", "document": "pmm-2022"})
    assert api.status_code == 200
    body = api.json()
    from_api = {m["trackedSubject"].rsplit("/", 1)[-1] for m in body["member"]}
    assert {m["statusCode"] for m in body["member"]} == {"none"}
    named = web.get("/api/queries/tracker_lines_without_follow_up",
                    headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    assert named.status_code == 200
    from_sparql = {b["notation"]["value"] for b in named.json()["results"]["bindings"]}
    assert from_page == from_api == from_sparql
    assert from_page and len(from_page) < 195
    # each cell links to its status, whose page shows what it rests on (or that nothing does)
    line = sorted(from_page)[0]
    assert f"/id/seguimiento/linea/{line}/pmm-2022" in page.text
    status = web.get(f"/id/seguimiento/linea/{line}/pmm-2022", headers={"Accept": "text/html"})
    assert status.status_code == 200
    assert "TrackNoEvidence" in status.text or "sin evidencia" in status.text


def test_what_changed_for_paisano_page_api_and_sparql_agree(web: httpx.Client) -> None:
    page = web.get("/seguimiento", params={"rows": "programas", "program": "programa-paisano"})
    assert page.status_code == 200
    assert "«Programa Paisano» → «Programa Héroes Paisanos»" in page.text
    # the evidence is one click away: the 2022 action, with its lines
    assert 'href="/id/accion/pmm-2022/obj03-13"' in page.text
    assert "pmm-2022-compendio.txt:1365-1429" in page.text
    api = web.get("/api/tracker/changes",
                  params={"program": "programa-paisano", "document": "pmm-2022"})  # fmt: skip
    members = api.json()["member"]
    assert {(m["changeCode"], m.get("nameAfter")) for m in members} == {
        ("continued", None), ("renamed", "Programa Héroes Paisanos"),
    }  # fmt: skip
    assert all(m["fromDocument"].endswith("/pmm-2018") for m in members)
    assert "pmm-2022-compendio.txt:1365-1429" in members[0]["sourceLines"]
    named = web.get(
        "/api/queries/tracker_program_changes",
        params={"program": "programa-paisano", "before": "pmm-2018"},
        headers={"Accept": "application/sparql-results+json"},
    )
    bindings = named.json()["results"]["bindings"]
    assert {(b["type"]["value"], b.get("nameAfter", {}).get("value")) for b in bindings} == {
        ("continued", None), ("renamed", "Programa Héroes Paisanos"),
    }  # fmt: skip
    cited = {(b["evidence"]["value"].removeprefix(BASE), b["start"]["value"]) for b in bindings}
    assert ("accion/pmm-2022/obj03-13", "1365") in cited


def test_csv_export_and_api_csv(web: httpx.Client) -> None:
    reply = web.get("/seguimiento.csv", params={"rows": "lineas", "pem": "1", "gcm": ""})
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    lines = {r["subject"] for r in rows}
    assert all("/pem/linea/1." in line for line in lines)
    assert len(rows) == 5 * len(lines)
    api = web.get("/api/tracker/statuses", params={"rows": "lineas", "document": "pem-2018"},
                  headers={"Accept": "text/csv"})  # fmt: skip
    assert api.headers["content-type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(api.text)))) == 195


def test_bad_filters_are_clear_errors(web: httpx.Client) -> None:
    page = web.get("/seguimiento", params={"gcm": "99"})
    assert page.status_code == 400
    assert "text/html" in page.headers["content-type"]
    assert "Filtro no válido" in page.text
    api = web.get("/api/tracker/statuses", params={"status": "maybe"})
    assert api.status_code == 422
    assert api.json()["detail"][0]["loc"] == ["query", "status"]


def test_tallies_flag_the_2024_discrepancies(web: httpx.Client) -> None:
    # objective 12, state governments: section III gives 1 action (pmm-2024:263), section V
    # 0 (line 581); the tally keeps section III's figure and links the discrepancy
    reply = web.get("/api/tracker/tallies", params={"gcm": "12"})
    members = reply.json()["member"]
    state = [
        m for m in members if m["year"] == "2024" and m["agencyKind"].endswith("/gobierno-estatal")
    ]
    assert len(state) == 1
    assert state[0]["tallyCount"] == 1 and state[0]["hasDiscrepancy"]
    assert {m["year"] for m in members} == {"2018", "2022", "2024"}


def test_page_has_definitions_summaries_and_a_local_chart(web: httpx.Client) -> None:
    page = web.get("/seguimiento").text
    assert "no prueba que no se hiciera nada" in page
    assert "Resumen por objetivo del PEM" in page
    assert "Resumen por objetivo del Pacto Mundial" in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "Continuidad" in svg and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert '<a href="/seguimiento">Seguimiento</a>' in page
