"""Issue 3's "done when": one SPARQL query lists, for each GCM objective, its actions in 2018
and 2022 with their agencies, and its 2024 figures.

Per-objective counts are the loaders' full-corpus counts (tests/loaders/test_pmm_2018.py,
test_pmm_2022.py); the 2024 totals are section III of pmm-2024-informe-ejecutivo.txt ("El
objetivo 1 está conformado por 36 acciones", line 127; "El objetivo 5 consta de 15
acciones", line 183; ...), which add up to 383.
"""

from __future__ import annotations

from collections import defaultdict

import httpx
import pytest

from tests.fullcorpus.conftest import BASE, local, select
from tests.loaders.sources.pmm_2018.test_loader import ACTIONS_PER_OBJECTIVE as PMM_2018
from tests.loaders.sources.pmm_2022.test_loader import FEDERAL, STATE

pytestmark = pytest.mark.slow

TOTALS_2024 = {
    1: 36, 2: 18, 3: 28, 4: 39, 5: 15, 6: 8, 7: 46, 8: 12, 9: 7, 10: 32, 11: 4, 12: 4,
    13: 11, 14: 13, 15: 37, 16: 14, 17: 18, 18: 5, 19: 5, 20: 4, 21: 13, 22: 6, 23: 8,
}  # fmt: skip

PER_OBJECTIVE = f"""
SELECT ?n ?year ?action ?agency ?reason ?total ?kind ?count WHERE {{
  ?o a mig:GCMObjective ; skos:notation ?n .
  {{
    ?action a mig:Action ; mig:contributesTo ?o ; mig:year ?year .
    OPTIONAL {{ ?action mig:responsibleAgency ?agency }}
    OPTIONAL {{ ?action mig:noResponsibleAgencyReason ?reason }}
  }} UNION {{
    ?obs mig:gcmObjective ?o ; mig:actionCount ?total ;
         qb:dataSet <{BASE}indicador/pmm-2024-acciones-por-objetivo> .
  }} UNION {{
    ?obs mig:gcmObjective ?o ; mig:agencyKind ?kind ; mig:actionCount ?count ;
         qb:dataSet <{BASE}indicador/pmm-2024-acciones-por-objetivo-y-tipo> .
  }}
}}
"""


@pytest.fixture(scope="module")
def per_objective(web: httpx.Client) -> dict[int, dict]:
    out: dict[int, dict] = defaultdict(
        lambda: {"actions": defaultdict(set), "agencies": defaultdict(set), "split": {}}
    )
    for row in select(web, PER_OBJECTIVE):
        o = out[int(row["n"])]
        if "action" in row:
            o["actions"][row["year"]].add(row["action"])
            o["agencies"][row["action"]].update(
                v for k, v in row.items() if k in ("agency", "reason")
            )
        elif "kind" in row:
            o["split"][local(row["kind"])] = int(row["count"])
        else:
            o["total"] = int(row["total"])
    return out


def test_every_objective_is_listed(per_objective: dict[int, dict]) -> None:
    assert sorted(per_objective) == list(range(1, 24))


@pytest.mark.parametrize("n", range(1, 24))
def test_objective(per_objective: dict[int, dict], n: int) -> None:
    o = per_objective[n]
    assert set(o["actions"]) <= {"2018", "2022"}
    assert len(o["actions"]["2018"]) == PMM_2018[n]
    assert len(o["actions"]["2022"]) == FEDERAL.get(n, 0) + STATE.get(n, 0)
    assert all(a.startswith(BASE + "accion/pmm-2018/") for a in o["actions"]["2018"])
    assert all(a.startswith(BASE + "accion/pmm-2022/") for a in o["actions"]["2022"])
    # every action names its agencies, or says why the source names none
    assert all(o["agencies"][a] for a in o["actions"]["2018"] | o["actions"]["2022"])
    # every 2022 entry names its reporting body in the parentheses of its title
    assert all(
        any(v.startswith(BASE + "institucion/") for v in o["agencies"][a])
        for a in o["actions"]["2022"]
    )
    assert o["total"] == TOTALS_2024[n]
    assert o["split"], "each objective has its split by kind of reporting body"


def test_2024_totals_and_objective_1_split(per_objective: dict[int, dict]) -> None:
    assert sum(TOTALS_2024.values()) == 383
    assert per_objective[1]["split"] == {
        "tipo-institucion/administracion-publica-federal": 20,
        "tipo-institucion/gobierno-estatal": 7,
        "tipo-institucion/organismo-constitucional-autonomo": 9,
    }


def test_named_2018_and_2022_agencies(per_objective: dict[int, dict]) -> None:
    # pmm-2018:123 "el Instituto Nacional de Migración (INM) cuenta con los *Grupos Beta ...*"
    assert per_objective[3]["agencies"][BASE + "accion/pmm-2018/obj03-02"] == {
        BASE + "institucion/inm"
    }
    # pmm-2018:89 "la Secretaría de Relaciones Exteriores opera el Sistema Integral de
    # Protección Consular (SIPC)"
    assert per_objective[1]["agencies"][BASE + "accion/pmm-2018/obj01-06"] == {
        BASE + "institucion/sre"
    }
    # pmm-2022:420 "8.  Migración y Salud (CONAPO)"
    assert per_objective[1]["agencies"][BASE + "accion/pmm-2022/obj01-8"] == {
        BASE + "institucion/conapo"
    }
