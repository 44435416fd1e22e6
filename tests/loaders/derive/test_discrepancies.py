"""Findings become structured checks; checks become resources linked from their figures."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import QB, RDF, XSD

from loaders.checks import Check, Stated
from loaders.derive.discrepancies import emit, iri_of
from loaders.derive.finding_checks import check_of, checks_from
from loaders.model import Finding
from loaders.vocab import MIG, Ids

IDS = Ids()
F24 = "pmm-2024-informe-ejecutivo.txt"


def finding(line: int, message: str, kind: str = "contradiction", file: str = F24) -> Finding:
    return Finding(file, line, kind, message)  # type: ignore[arg-type]


# One message per template the loaders write, with the check it must give.
CASES = [
    (finding(127, "objective 1: the split by kind of body (a 20, b 7) adds up to 27, not to the "
                  "stated total 36 (line 127)"),
     "suma", {(127, "36")}, "27", 1, None),
    (finding(424, "line 424 (IV.a) gives objective 18 4 actions; section III (line 339) gives 5"),
     "cifra-repetida", {(424, "4"), (339, "5")}, "5", 18, None),
    (finding(567, "line 567 (V) gives objective 15 more than 40 actions; section III (line 291) "
                  "gives 37"),
     "orden", {(567, "more than 40"), (291, "37")}, "37", 15, None),
    (finding(441, "line 441 (IV.a.1) gives objective 18 1 actions by administracion publica "
                  "federal; section III (line 339) gives 0"),
     "cifra-repetida", {(441, "1"), (339, "0")}, "0", 18, "administracion-publica-federal"),
    (finding(413, "line 413 (IV) gives 7 actions for poder judicial; section III's per-objective "
                  "figures add up to 11"),
     "suma", {(413, "7")}, "11", None, "poder-judicial"),
    (finding(491, "line 491 (IV.a.5) gives 5 participating bodies for organizacion-sociedad-civil;"
                  " line 411 (IV) gives 4"),
     "cifra-repetida", {(491, "5"), (411, "4")}, "", None, "organizacion-sociedad-civil"),
    (finding(480, "line 480 (IV.a.4) says organismo constitucional autonomo reported actions under"
                  " 6 objectives; section III gives them actions under 7 (1, 4, 7, 9, 10, 16, 19)"),
     "conteo", {(480, "6")}, "7", None, "organismo-constitucional-autonomo"),
    (finding(413, "the actions per kind of body on line 413 add up to 366, not to the 379 actions "
                  "of line 411"),
     "suma", {(413, ""), (411, "379")}, "366", None, None),
    (finding(541, "line 541 says the challenges fall into 14 categories; the glossary (section VI,"
                  " from line 593) defines 20"),
     "conteo", {(541, "14"), (593, "")}, "20", None, None),
    (finding(855, "block 1.5.2 comes after block 1.5.10: out of numeric order", "inconsistency",
             "pem-2018-acciones.txt"),
     "numeracion", {(855, "1.5.2")}, "1.5.10", None, None),
    (finding(337, "line of action 1.2.6: says no action is planned for 2018 but describes 3; both "
                  "are kept", "inconsistency", "pem-2018-acciones.txt"),
     "conteo", {(337, "0")}, "3", None, None),
    (finding(2913, "title of 4.1.10 looks cut short: it ends in 'reciben protección', which "
                   "elsewhere is followed by 'complementaria'", "inconsistency",
             "pem-2018-acciones.txt"),
     "nombre", {(2913, "reciben protección")}, "reciben protección complementaria", None, None),
]  # fmt: skip


@pytest.mark.parametrize(("f", "kind", "stated", "computed", "objective", "agency"), CASES)
def test_each_finding_template(
    f: Finding, kind: str, stated: set[tuple[int, str]], computed: str,
    objective: int | None, agency: str | None,
) -> None:  # fmt: skip
    check = check_of(f, "doc")
    assert check is not None
    assert (check.kind, check.computed, check.objective, check.agency_kind) == (
        kind, computed, objective, agency
    )  # fmt: skip
    assert {(s.line, s.value) for s in check.statements} == stated
    assert not check.confirmed and check.en == f.message and check.es


def test_cross_document_wording_cites_both_documents() -> None:
    f = finding(94, "PEM 2.3.7: pem-2015-acciones.txt:94 reads 'A-B', pem-2018-acciones.txt:1462 "
                    "reads 'A B'; the 2015 wording is skos:prefLabel", "inconsistency",
                "pem-2015-acciones.txt")  # fmt: skip
    check = check_of(f, "pem-2015")
    assert check is not None and check.kind == "nombre"
    assert set(check.statements) == {Stated(94, "A-B"), Stated(1462, "A B", "pem-2018")}


def test_unmatched_and_other_findings() -> None:
    odd = finding(1, "something new")
    warning = finding(2, "objective 3 has no text", "warning")
    checks, unmatched = checks_from([odd, warning, CASES[0][0]], {F24: "pmm-2024"})
    assert unmatched == [odd] and len(checks) == 1 and checks[0].document == "pmm-2024"


def _figures() -> dict[str, Graph]:
    g = Graph()
    for local, objective, value in (("obj18", 18, 5), ("obj19", 19, 5)):
        obs = IDS.observation("cubo", local)
        g.add((obs, RDF.type, QB.Observation))
        g.add((obs, MIG.gcmObjective, IDS.gcm_objective(objective)))
        g.add((obs, MIG.actionCount, Literal(value, datatype=XSD.integer)))
        g.add((obs, MIG.sourceLineStart, Literal(339, datatype=XSD.integer)))
        g.add((obs, MIG.sourceLineEnd, Literal(339, datatype=XSD.integer)))
    return {"pmm-2024": g}


def test_a_discrepancy_is_a_resource_its_figure_links_to() -> None:
    graphs = _figures()
    check = check_of(CASES[1][0], "pmm-2024")
    assert check is not None
    emit(check, graphs, IDS)
    g, node = graphs["pmm-2024"], iri_of(check, IDS)
    assert str(node).startswith(IDS.base + "discrepancia/pmm-2024/")
    assert (node, RDF.type, MIG.Discrepancy) in g
    assert (node, MIG.discrepancyKind, IDS.check_kind("cifra-repetida")) in g
    # the objective 18 figure links to it; the objective 19 figure on the same line does not
    assert (IDS.observation("cubo", "obj18"), MIG.hasDiscrepancy, node) in g
    assert (IDS.observation("cubo", "obj19"), MIG.hasDiscrepancy, node) not in g
    cited = {int(g.value(s, MIG.sourceLineStart)) for s in g.objects(node, MIG.citesStatement)}
    assert cited == {339, 424}
    assert {lit.language for lit in g.objects(node, MIG.explanation)} == {"es", "en"}


def test_a_confirmed_claim_is_a_claim() -> None:
    graphs = {"doc": Graph()}
    check = Check("doc", "suma", True, (Stated(2, "21"),), "21", "es", "en")
    emit(check, graphs, IDS)
    node = iri_of(check, IDS)
    assert str(node).startswith(IDS.base + "afirmacion/doc/")
    assert (node, RDF.type, MIG.Claim) in graphs["doc"]
