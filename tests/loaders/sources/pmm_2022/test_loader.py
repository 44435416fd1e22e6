"""Tests for the PMM 2022 compendium loader: one fixture per layout quirk, then the corpus.

Fixture cases use the small registries beside them (tests/fixtures/pmm-2022/*.csv), so
that they do not change when the shipped registries grow; the full-corpus tests use the
shipped ones. Counts were taken from the text with grep/awk, independently of the parser.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import PROV, RDF, SKOS

from loaders.errors import SourceError
from loaders.model import LoadContext, ParseResult
from loaders.pipeline.manifest import load_manifest
from loaders.reference.agencies import AgencyRegistry
from loaders.reference.programs import ProgramRegistry
from loaders.sources.pmm_2022.loader import parse
from loaders.vocab import MIG, Ids
from tests.conftest import FIXTURES_DIR, make_ctx, source_text
from tests.paths import REPO

CASES_DIR = FIXTURES_DIR / "pmm-2022"
CASES = sorted(p.stem for p in CASES_DIR.glob("*.txt"))
SHAPES = REPO / "shapes" / "pmm-2022.ttl"
IDS = Ids()
FILE = "pmm-2022-compendio.txt"


def fixture_ctx() -> LoadContext:
    return LoadContext(
        source=load_manifest()["pmm-2022"],
        agencies=AgencyRegistry.from_csv_text((CASES_DIR / "agencies.csv").read_text("utf-8")),
        programs=ProgramRegistry.from_csv_text((CASES_DIR / "programs.csv").read_text("utf-8")),
    )


def parse_case(case: str) -> ParseResult:
    return parse((CASES_DIR / f"{case}.txt").read_text("utf-8"), ctx=fixture_ctx(), excerpt=True)


def act(local: str) -> URIRef:
    return IDS.action("pmm-2022", local)


def test_every_quirk_has_a_case() -> None:
    assert len(CASES) >= 8, CASES


@pytest.mark.parametrize("case", CASES)
def test_fixture_graph(case: str) -> None:
    result = parse_case(case)
    expected = Graph().parse(CASES_DIR / f"{case}.ttl", format="turtle")
    if not isomorphic(result.graph, expected):
        _both, missing, extra = graph_diff(expected, result.graph)
        pytest.fail(
            f"missing:\n{missing.serialize(format='nt')}\nextra:\n{extra.serialize(format='nt')}"
        )


def _texts(graph: Graph) -> list[str]:
    props = (SKOS.prefLabel, MIG.description, MIG.results, MIG.challenge)
    return [str(o) for p in props for o in graph.objects(None, p)]


@pytest.mark.parametrize("case", CASES)
def test_no_page_furniture_leaks(case: str) -> None:
    for text in _texts(parse_case(case).graph):
        assert "Objetivo " not in text or "Objetivo 3 establece" in text
        assert "•" not in text and "●" not in text and "➔" not in text
        assert "\n\n" not in text and "  " not in text


def test_wrapped_title() -> None:
    g = parse_case("wrapped_title").graph
    assert g.value(act("obj04-4"), SKOS.prefLabel) == Literal(
        "Expedición de documentos migratorios (tarjetas de residente y visitante) para que "
        "las personas extranjeras acrediten su estancia regular en el país como parte del "
        "Nuevo Modelo de Gestión de Trámites Migratorios",
        lang="es",
    )
    assert g.value(act("obj04-4"), MIG.responsibleAgency) == IDS.agency("inm")


def test_page_number_and_header_removed() -> None:
    g = parse_case("page_header_and_number").graph
    description = str(g.value(act("obj10-1"), MIG.description))
    assert "76" not in description and "trata de personas en el contexto" not in description
    assert description.endswith("ampliación de los esquemas de atención, asistencia y protección.")


def test_numbered_sublist_stays_in_description() -> None:
    g = parse_case("numbered_sublist").graph
    assert set(g.subjects(RDF.type, MIG.Action)) == {act("obj17-14")}
    description = str(g.value(act("obj17-14"), MIG.description))
    assert "\n12. Programa Educación para Adultos (INEA)." in description


def test_entry_without_retos() -> None:
    result = parse_case("no_retos")
    g = result.graph
    assert g.value(act("obj14-7"), MIG.noChallengeReported) == Literal(True)
    assert g.value(act("obj14-7"), MIG.results) is None
    assert (FILE, 1, "note") in {(f.file, f.line, f.kind) for f in result.findings}


def test_footnotes_and_markers_removed() -> None:
    g = parse_case("footnotes").graph
    description = str(g.value(act("obj05-1"), MIG.description))
    assert "Schengen." in description and "marzo de 2009." in description
    assert "Pacífico." in description and "Beneficia a rusos" not in description
    assert "https://" not in str(g.value(act("obj05-1"), MIG.results))


def test_heading_printed_late_goes_to_its_own_section() -> None:
    g = parse_case("heading_late").graph
    assert g.value(act("obj09-estatal-1"), MIG.contributesTo) == IDS.gcm_objective(9)
    assert g.value(act("obj10-estatal-2"), MIG.contributesTo) == IDS.gcm_objective(10)
    assert g.value(act("obj10-estatal-1"), MIG.reportSection) == MIG.stateGovernmentPart


def test_state_entry_and_unresolved_body() -> None:
    result = parse_case("state_entries")
    g = result.graph
    assert g.value(act("obj01-estatal-3"), MIG.responsibleAgency) == IDS.agency("gobierno-sinaloa")
    late = parse_case("heading_late")
    assert (11824 - 11685 + 1, "unresolved-agency") in {(f.line, f.kind) for f in late.findings}
    assert late.graph.value(act("obj10-estatal-4"), MIG.noResponsibleAgencyReason) is not None


def test_programme_links() -> None:
    g = parse_case("bullets").graph
    assert g.value(act("obj08-10"), MIG.aboutProgram) == IDS.program("grupos-beta")
    assert (IDS.program("grupos-beta"), PROV.wasDerivedFrom, IDS.document("pmm-2022")) in g


@pytest.mark.parametrize("case", CASES)
def test_fixture_conforms_to_shapes(case: str) -> None:
    conforms, _g, text = validate(
        parse_case(case).graph,
        shacl_graph=Graph().parse(SHAPES),
        inference="none",
        advanced=True,
    )
    assert conforms, text


# --- damaged input -----------------------------------------------------------------------


def _case_text(case: str) -> str:
    return (CASES_DIR / f"{case}.txt").read_text("utf-8")


def test_out_of_sequence_number_is_an_error() -> None:
    text = _case_text("state_entries").replace("4. Contacto vía telefónica", "2. Contacto vía")
    with pytest.raises(SourceError) as err:
        parse(text, ctx=fixture_ctx(), excerpt=True)
    assert err.value.line == 9686 - 9599 + 1


def test_numbering_gap_is_a_finding() -> None:
    text = _case_text("state_entries").replace("4. Contacto vía telefónica", "6. Contacto vía")
    result = parse(text, ctx=fixture_ctx(), excerpt=True)
    assert (9686 - 9599 + 1, "inconsistency") in {(f.line, f.kind) for f in result.findings}
    assert (act("obj01-estatal-6"), RDF.type, MIG.Action) in result.graph


def test_missing_heading_is_an_error() -> None:
    text = _case_text("heading_late").replace("Objetivo 10. Prevenir", "Prevenir")
    with pytest.raises(SourceError, match="heading"):
        parse(text, ctx=fixture_ctx(), excerpt=True)


def test_text_ending_inside_an_entry_is_an_error() -> None:
    text = "\n".join(_case_text("bullets").split("\n")[:10])
    text += "\nObjetivo 8. Salvar vidas y emprender iniciativas\n"
    with pytest.raises(SourceError, match="ends inside entry 10"):
        parse(text, ctx=fixture_ctx(), excerpt=True)


def test_excerpt_as_a_whole_document_skips_objectives() -> None:
    with pytest.raises(SourceError) as caught:
        parse(_case_text("heading_late"), ctx=fixture_ctx())
    assert (caught.value.file, caught.value.line) == (FILE, 1)
    assert caught.value.message == (
        "objective 1 (federal part) is missing before objective 9 (federal part)"
    )


def test_text_ending_before_anexos() -> None:
    lines = source_text("pmm-2022").split("\n")
    anexos = lines.index(" ANEXOS ") + 1
    with pytest.raises(SourceError) as caught:
        parse("\n".join(lines[: anexos - 1]), ctx=make_ctx("pmm-2022"))
    assert (caught.value.file, caught.value.line) == (FILE, anexos - 1)
    assert caught.value.message == "the text ends after objective 23 (state part) before ANEXOS"


def test_state_part_missing_before_anexos() -> None:
    lines = source_text("pmm-2022").split("\n")
    state = 9599  # " 1. Dirigir estudios e investigaciones ...", the state part's first entry
    assert lines[state - 1].startswith(" 1. Dirigir estudios")
    with pytest.raises(SourceError) as caught:
        parse("\n".join([*lines[: state - 1], " ANEXOS "]), ctx=make_ctx("pmm-2022"))
    assert (caught.value.file, caught.value.line) == (FILE, state)
    assert caught.value.message == "objective 1 (state part) is missing before ANEXOS"


# --- the whole document ------------------------------------------------------------------

FEDERAL = {
    1: 19, 2: 2, 3: 13, 4: 9, 5: 8, 6: 6, 7: 33, 8: 10, 9: 3, 10: 12, 11: 8, 12: 9,
    13: 5, 14: 8, 15: 18, 16: 15, 17: 17, 18: 5, 19: 4, 20: 8, 21: 8, 22: 4, 23: 4,
}  # fmt: skip
STATE = {
    1: 4, 2: 2, 3: 14, 4: 17, 5: 2, 6: 7, 7: 13, 8: 6, 9: 1, 10: 4, 14: 1, 15: 15,
    16: 4, 17: 7, 18: 5, 19: 1, 20: 2, 21: 6, 22: 2, 23: 5,
}  # fmt: skip


@cache
def corpus() -> ParseResult:
    return parse(source_text("pmm-2022"), ctx=make_ctx("pmm-2022"))


def _counts(part: URIRef) -> Counter:
    g = corpus().graph
    counts: Counter = Counter()
    for action in g.subjects(MIG.reportSection, part):
        objective = g.value(action, MIG.contributesTo)
        counts[int(str(objective).rsplit("/", 1)[1])] += 1
    return counts


def test_corpus_counts_per_objective_and_part() -> None:
    assert dict(_counts(MIG.federalGovernmentPart)) == FEDERAL
    assert dict(_counts(MIG.stateGovernmentPart)) == STATE
    assert sum(FEDERAL.values()) == 228 and sum(STATE.values()) == 118
    assert len(set(corpus().graph.subjects(RDF.type, MIG.Action))) == 346


def test_corpus_named_facts() -> None:
    g = corpus().graph
    first = act("obj01-1")
    assert g.value(first, SKOS.prefLabel) == Literal(
        "Elaborar estudios, diagnósticos, investigaciones y notas informativas sobre "
        "movilidad, migración internacional, refugio, asilo y protección complementaria en "
        "México, orientados a sustentar las políticas públicas en la materia",
        lang="es",
    )
    assert g.value(first, MIG.responsibleAgency) == IDS.agency("upmrip")
    assert int(g.value(first, MIG.sourceLineStart)) == 58
    guanajuato = act("obj01-estatal-1")
    assert g.value(guanajuato, MIG.reportSection) == MIG.stateGovernmentPart
    agency = make_ctx("pmm-2022").agencies.resolve("Guanajuato")
    if agency is not None:
        assert g.value(guanajuato, MIG.responsibleAgency) == IDS.agency(agency.slug)
    else:
        assert (9599, "unresolved-agency") in {(f.line, f.kind) for f in corpus().findings}
    assert g.value(act("obj23-estatal-5"), SKOS.prefLabel) == Literal(
        "Encuentro Binacional Transfronterizo", lang="es"
    )
    assert (IDS.gcm_objective(6), SKOS.altLabel, Literal(
        "Facilitar la contratación equitativa y garantizar el trabajo decente", lang="es"
    )) in g  # fmt: skip


def test_corpus_programmes() -> None:
    g = corpus().graph
    paisano = {a for a in g.subjects(MIG.aboutProgram, IDS.program("programa-paisano"))}
    assert {act("obj03-13"), act("obj07-33")} <= paisano
    cndh = IDS.program("programa-de-atencion-a-personas-migrantes")
    assert {act("obj01-10"), act("obj01-14"), act("obj07-13"), act("obj09-3")} <= set(
        g.subjects(MIG.aboutProgram, cndh)
    )


def test_corpus_findings() -> None:
    notes = {(f.line, f.kind) for f in corpus().findings}
    assert {(11859, "note"), (11869, "note"), (11879, "note")} <= notes
    assert (6163, "note") in notes and (2653, "warning") in notes


def test_corpus_conforms_to_shapes() -> None:
    conforms, _g, text = validate(
        corpus().graph, shacl_graph=Graph().parse(SHAPES), inference="none", advanced=True
    )
    assert conforms, text


def test_corpus_is_deterministic() -> None:
    again = parse(source_text("pmm-2022"), ctx=make_ctx("pmm-2022"))
    assert isomorphic(again.graph, corpus().graph)
    assert again.findings == corpus().findings
