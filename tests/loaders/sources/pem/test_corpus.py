"""Both PEM documents parsed in full: exact counts, named facts read from the sources,
the reconciled scheme, and the SHACL shapes on the result."""

from __future__ import annotations

import pytest
from pyshacl import validate
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS, XSD

from loaders.model import ParseResult
from loaders.sources.pem import pem_2015, pem_2018
from loaders.sources.pem import scheme as pem_scheme
from loaders.vocab import MIG, Ids
from tests.conftest import make_ctx, source_text
from tests.loaders.sources.pem.support import pem_ctx
from tests.paths import REPO

SHAPES = REPO / "shapes" / "pem.ttl"
IDS = Ids()


@pytest.fixture(scope="module")
def parsed() -> tuple[ParseResult, ParseResult]:
    return (
        pem_2015.parse(source_text("pem-2015"), ctx=pem_ctx("pem-2015")),
        pem_2018.parse(source_text("pem-2018"), ctx=pem_ctx("pem-2018")),
    )


@pytest.fixture(scope="module")
def reconciled() -> tuple[Graph, Graph, list]:
    a = pem_2015.parse(source_text("pem-2015"), ctx=pem_ctx("pem-2015"))
    b = pem_2018.parse(source_text("pem-2018"), ctx=pem_ctx("pem-2018"))
    findings = pem_scheme.reconcile(a.graph, b.graph, ids=IDS)
    return a.graph, b.graph, findings


def count(graph: Graph, cls) -> int:  # type: ignore[no-untyped-def]
    return len(set(graph.subjects(RDF.type, cls)))


def action(key: str, local_id: str):  # type: ignore[no-untyped-def]
    return IDS.action(key, local_id)


def agencies(graph: Graph, iri, prop=MIG.responsibleAgency) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(a).rsplit("/", 1)[1] for a in graph.objects(iri, prop)}


def lines(graph: Graph, iri) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return int(graph.value(iri, MIG.sourceLineStart)), int(graph.value(iri, MIG.sourceLineEnd))


# --- counts -------------------------------------------------------------------------------


def test_2018_states_the_whole_scheme(parsed) -> None:  # type: ignore[no-untyped-def]
    g = parsed[1].graph
    assert (count(g, MIG.PEMObjective), count(g, MIG.PEMStrategy)) == (5, 26)
    assert count(g, MIG.PEMLineOfAction) == 195


def test_2015_counts(parsed) -> None:  # type: ignore[no-untyped-def]
    g = parsed[0].graph
    assert (count(g, MIG.PEMObjective), count(g, MIG.PEMStrategy)) == (5, 26)
    assert count(g, MIG.PEMLineOfAction) == 123
    # 163 non-empty action cells, one of which (5.1.2) holds two <p> paragraphs
    assert count(g, MIG.Action) == 164


def test_2018_counts(parsed) -> None:  # type: ignore[no-untyped-def]
    g = parsed[1].graph
    assert count(g, MIG.Action) == 159
    # 90 blocks say "Se realizarán", 105 "No se realizarán"
    assert len(set(g.subject_objects(MIG.noActionPlannedIn))) == 105


def test_counts_do_not_depend_on_the_registry() -> None:
    a = pem_2015.parse(source_text("pem-2015"), ctx=make_ctx("pem-2015"))
    b = pem_2018.parse(source_text("pem-2018"), ctx=make_ctx("pem-2018"))
    assert (count(a.graph, MIG.Action), count(b.graph, MIG.Action)) == (164, 159)


# --- named facts --------------------------------------------------------------------------


def test_titles(parsed) -> None:  # type: ignore[no-untyped-def]
    g15, g18 = parsed[0].graph, parsed[1].graph
    assert g15.value(IDS.pem_line("1.1.1"), SKOS.prefLabel) == Literal(
        "Analizar y presentar reformas al marco normativo en materia migratoria con criterios"
        " de integralidad, transversalidad y multisectorialidad",
        lang="es",
    )
    # 2018 title rebuilt from five wrapped lines (1462-1467)
    assert str(g18.value(IDS.pem_line("2.3.7"), SKOS.prefLabel)).startswith(
        "Promover una alianza Estados Unidos México Centroamérica para fomentar"
    )
    assert g18.value(IDS.pem_line("4.1.10"), SKOS.broader) == IDS.pem_strategy("4.1")


def test_2015_agencies(parsed) -> None:  # type: ignore[no-untyped-def]
    g = parsed[0].graph
    one_two_one = action(
        "pem-2015", "1.2.1-1"
    )  # "La SEDATU, en colaboración con el IME, la PA y el RAN"
    assert agencies(g, one_two_one) == {"sedatu"}
    assert agencies(g, one_two_one, MIG.collaboratingAgency) == {"ime", "pa", "ran"}
    # lettered subjects: "a) la SS producirá …, b) el INM generará …"
    assert agencies(g, action("pem-2015", "1.3.1-1")) == {"ss", "inm"}
    assert agencies(g, action("pem-2015", "1.5.7-1")) == {
        "upm", "conapo", "stps", "sre", "conapred", "colef",
    }  # fmt: skip
    # the preterite "La Cámara de Diputados asignó" is a fact, not the actor
    assert agencies(g, action("pem-2015", "2.4.7-1")) == {"sedesol"}


def test_2015_page_break_rejoined(parsed) -> None:  # type: ignore[no-untyped-def]
    g = parsed[0].graph
    first = action("pem-2015", "1.3.1-1")
    assert lines(g, first) == (37, 39)
    assert str(g.value(first, MIG.description)).endswith(
        "entre los connacionales de los beneficios de Programa Paisano, Grupos Beta y OPI'S."
    )
    assert lines(g, action("pem-2015", "4.6.3-1")) == (230, 232)


def test_2015_action_without_subject(parsed) -> None:  # type: ignore[no-untyped-def]
    g = parsed[0].graph
    purge = action("pem-2015", "3.6.8-1")  # "Depuración de la plantilla de personal del INM, …"
    assert not agencies(g, purge)
    assert g.value(purge, MIG.noResponsibleAgencyReason) is not None


def test_2018_blocks(parsed) -> None:  # type: ignore[no-untyped-def]
    g = parsed[1].graph
    gyear = Literal("2018", datatype=XSD.gYear)
    assert (IDS.pem_line("1.1.3"), MIG.noActionPlannedIn, gyear) in g
    assert (IDS.pem_line("1.1.1"), MIG.noActionPlannedIn, gyear) not in g
    # text begun on the status line and continued after a blank line
    sndif = action("pem-2018", "1.2.9-1")
    assert lines(g, sndif) == (432, 438)
    assert "coordinador del Grupo Trabajo de Niñas, Niños y Adolescentes" in str(
        g.value(sndif, MIG.description)
    )
    assert (action("pem-2018", "1.2.9-2"), RDF.type, MIG.Action) not in g
    # "La SFP a través del OIC del INM, analizará …"
    assert agencies(g, action("pem-2018", "1.1.1-1")) == {"sfp"}
    # says no action is planned and still describes one: both kept
    assert (IDS.pem_line("5.3.5"), MIG.noActionPlannedIn, gyear) in g
    assert agencies(g, action("pem-2018", "5.3.5-1")) == {"pgr"}


def test_2018_findings(parsed) -> None:  # type: ignore[no-untyped-def]
    found = parsed[1].findings
    said_no = sorted(f.line for f in found if "says no action is planned" in f.message)
    assert said_no == [337, 579, 1486, 4543]
    order = sorted(f.line for f in found if "out of numeric order" in f.message)
    assert order == [855, 2480, 2928, 4225]
    cut = [f for f in found if "cut short" in f.message]
    assert [(f.line, "4.1.10" in f.message) for f in cut] == [(2913, True)]
    assert any(f.kind == "unresolved-agency" and "OIC del INM" in f.message for f in found)


def test_2015_findings(parsed) -> None:  # type: ignore[no-untyped-def]
    found = parsed[0].findings
    inmi = sorted(f.line for f in found if f.kind == "unresolved-agency" and "'INMI'" in f.message)
    assert inmi == [121, 160, 187]
    assert [f.line for f in found if f.kind == "note"] == [244]


# --- the reconciled scheme ----------------------------------------------------------------


def test_reconcile_findings(reconciled) -> None:  # type: ignore[no-untyped-def]
    _g15, _g18, findings = reconciled
    assert [(f.file, f.line) for f in findings] == [
        ("pem-2015-acciones.txt", 94),
        ("pem-2015-acciones.txt", 144),
    ]
    assert "pem-2018-acciones.txt:1462" in findings[0].message
    assert "pem-2018-acciones.txt:2217" in findings[1].message


def test_reconcile_keeps_one_preflabel(reconciled) -> None:  # type: ignore[no-untyped-def]
    g15, g18, _ = reconciled
    union = g15 + g18
    concepts = set(union.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 226
    assert all(len(set(union.objects(c, SKOS.prefLabel))) == 1 for c in concepts)
    line = IDS.pem_line("2.3.7")
    assert "Unidos-México-Centroamérica" in str(union.value(line, SKOS.prefLabel))
    assert "Unidos México Centroamérica" in str(g18.value(line, SKOS.altLabel))


def test_shapes_accept_the_reconciled_scheme(reconciled) -> None:  # type: ignore[no-untyped-def]
    g15, g18, _ = reconciled
    conforms, _, text = validate(
        g15 + g18, shacl_graph=Graph().parse(SHAPES), inference="none", advanced=True
    )
    assert conforms, text


def test_shapes_reject_a_broken_scheme(reconciled) -> None:  # type: ignore[no-untyped-def]
    g15, g18, _ = reconciled
    broken = g15 + g18
    line = IDS.pem_line("1.1.1")
    broken.add((line, SKOS.broader, IDS.pem_strategy("1.2")))  # two parents
    broken.remove((IDS.pem_strategy("5.4"), None, None))  # 25 strategies
    orphan = action("pem-2018", "1.1.1-1")
    broken.remove((orphan, MIG.responsibleAgency, None))  # neither agency nor reason
    broken.set((IDS.pem_line("1.1.2"), SKOS.notation, Literal("1.1.9")))  # IRI says 1.1.2
    conforms, _, text = validate(
        broken, shacl_graph=Graph().parse(SHAPES), inference="none", advanced=True
    )
    assert not conforms
    assert "exactly one skos:broader" in text
    assert "has 25 strategies" in text
    assert "mig:responsibleAgency or a mig:noResponsibleAgencyReason" in text
    assert "does not end in /pem/" in text
