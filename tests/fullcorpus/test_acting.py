"""Who acted (issue 14), on the full corpus through the served SPARQL endpoint and API.

Counts of actions with a responsible agency, per document, as this build reads the texts:
- pem-2015 160 of 164 and pem-2018 153 of 159: the plans name their subject ("La SRE
  realizará…"); the rest are impersonal ("se diseñará", pem-2015-acciones.txt:63) or name a
  body the registry lacks;
- pmm-2018 63 of 187 (25 before): the report names the acting body in 63 bullets, in the
  past ("La Secretaría de Relaciones Exteriores en 2013, puso al servicio", line 133), the
  passive ("operado por el Instituto Nacional de Migración (INM)", line 627), as a channel
  ("a través del INM se tiene", line 669) or inverted ("que llevó a cabo el Instituto
  Nacional de Migración", line 221); the other 124 are impersonal ("se cuenta con",
  "se implementó") or name only a country, a programme or a guide;
- pmm-2022 346 of 346: every entry names its reporting body in parentheses.
Actions with collaborators: pem-2015 28, pem-2018 19, pmm-2018 16, pmm-2022 35 (none
before in the compendium; pmm-2018 obj12-02, line 437, names its three "con el apoyo de las
instancias ..., entre ellas" the SNDIF, the COMAR and the ACNUR).
"""

from __future__ import annotations

import httpx
import pytest

from tests.fullcorpus.conftest import BASE, count, local, select

pytestmark = pytest.mark.slow

RESPONSIBLE = {"pem-2015": 160, "pem-2018": 153, "pmm-2018": 63, "pmm-2022": 346}
COLLABORATING = {"pem-2015": 28, "pem-2018": 19, "pmm-2018": 16, "pmm-2022": 35}


def _with(web: httpx.Client, prop: str, document: str) -> int:
    return count(
        web,
        f"""SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{
          ?a a mig:Action ; mig:{prop} ?agency ;
             prov:wasDerivedFrom <{BASE}documento/{document}> }}""",
    )


@pytest.mark.parametrize(("document", "n"), sorted(RESPONSIBLE.items()))
def test_actions_with_a_responsible_agency(web: httpx.Client, document: str, n: int) -> None:
    assert _with(web, "responsibleAgency", document) == n


@pytest.mark.parametrize(("document", "n"), sorted(COLLABORATING.items()))
def test_actions_with_collaborators(web: httpx.Client, document: str, n: int) -> None:
    assert _with(web, "collaboratingAgency", document) == n


def _agencies(web: httpx.Client, action: str, prop: str) -> set[str]:
    rows = select(web, f"SELECT ?g WHERE {{ <{BASE}accion/{action}> mig:{prop} ?g }}")
    return {local(r["g"])[len("institucion/") :] for r in rows}


@pytest.mark.parametrize(
    ("action", "responsible", "collaborators"),
    [
        # pmm-2018-informe.txt:627 "operado por el Instituto Nacional de Migración (INM) y el
        # Departamento de Seguridad Interna de Estados Unidos (DHS, por sus siglas en inglés)"
        ("pmm-2018/obj21-02", {"inm", "dhs"}, set()),
        # :133 "La Secretaría de Relaciones Exteriores en 2013, puso al servicio ..."
        ("pmm-2018/obj03-05", {"sre"}, set()),
        # :669 "a través del INM se tiene un intercambio de experiencias"
        ("pmm-2018/obj23-04", {"inm"}, set()),
        # :352 "el INM fue parte del Proyecto ..., realizado por la Organización Internacional
        # para las Migraciones, la Oficina de las Naciones Unidas contra la Droga y el Delito"
        ("pmm-2018/obj09-01", {"inm"}, {"oim", "unodc"}),
        # :139 the Guía del Viajero is a guide, not a body
        ("pmm-2018/obj03-06", set(), set()),
        # pem-2015-acciones.txt:107 "en coordinación con la Secretaría de Hacienda y el IME"
        ("pem-2015/2.5.2-1", {"bansefi"}, {"shcp", "ime"}),
        # pmm-2022-compendio.txt:548 "grupo interinstitucional, conformado por la PFPNNA, el
        # INM, la COMAR, la UPMRIP y la Dirección de Tecnologías de la Información del SNDIF"
        ("pmm-2022/obj01-12", {"pfpnna"}, {"inm", "comar", "upmrip", "sndif"}),
    ],
)
def test_named_acting_bodies(
    web: httpx.Client, action: str, responsible: set[str], collaborators: set[str]
) -> None:
    assert _agencies(web, action, "responsibleAgency") == responsible
    assert _agencies(web, action, "collaboratingAgency") == collaborators


def test_reasons_are_in_spanish(web: httpx.Client) -> None:
    rows = select(
        web,
        f"SELECT ?r WHERE {{ <{BASE}accion/pmm-2018/obj03-06> mig:noResponsibleAgencyReason ?r "
        'FILTER (LANG(?r) = "es") }',
    )
    assert [r["r"] for r in rows] == [
        "El texto no nombra a ninguna institución que lleve a cabo la acción"
        " (construcción impersonal o nominal)."
    ]


def test_inm_timeline_shows_its_2018_actions(web: httpx.Client) -> None:
    body = web.get("/api/agencies/inm/timeline").json()
    entries = {e["document"]["key"]: e for e in body["entries"]}
    report = entries["pmm-2018"]
    assert report["actionCount"] == 22
    ids = {local(a["id"]) for a in report["actions"]}
    assert {"accion/pmm-2018/obj21-02", "accion/pmm-2018/obj05-02"} <= ids
