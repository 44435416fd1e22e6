"""Tests for the PMM 2018 report loader: one fixture per layout quirk, then the corpus.

Fixture cases use the small registries beside them (tests/fixtures/pmm-2018/*.csv). The
corpus counts were read from the text: top-level bullets under each "Objetivo N." heading,
minus list items announced by a colon and "Objetivos a futuro" lines, plus the sub-bullets
the report leaves after its future objectives (lines 509, 636-639).
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
from pyshacl import validate
from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import RDF, SKOS, XSD

from loaders.errors import SourceError
from loaders.model import LoadContext, ParseResult
from loaders.pipeline.manifest import load_manifest
from loaders.reference.agencies import AgencyRegistry
from loaders.reference.programs import ProgramRegistry
from loaders.sources.pmm_2018.loader import parse
from loaders.vocab import MIG, Ids
from tests.conftest import FIXTURES_DIR, make_ctx, source_text
from tests.paths import REPO

CASES_DIR = FIXTURES_DIR / "pmm-2018"
CASES = sorted(p.stem for p in CASES_DIR.glob("*.txt"))
ROOT = REPO
IDS = Ids()
KEY = "pmm-2018"
FILE = "pmm-2018-informe.txt"


def fixture_ctx() -> LoadContext:
    return LoadContext(
        source=load_manifest()[KEY],
        agencies=AgencyRegistry.from_csv_text((CASES_DIR / "agencies.csv").read_text("utf-8")),
        programs=ProgramRegistry.from_csv_text((CASES_DIR / "programs.csv").read_text("utf-8")),
    )


def parse_case(case: str) -> ParseResult:
    return parse((CASES_DIR / f"{case}.txt").read_text("utf-8"), ctx=fixture_ctx(), excerpt=True)


def test_every_quirk_has_a_case() -> None:
    assert len(CASES) >= 4, CASES


@pytest.mark.parametrize("case", CASES)
def test_fixture_graph(case: str) -> None:
    expected = Graph().parse(CASES_DIR / f"{case}.ttl", format="turtle")
    result = parse_case(case)
    if not isomorphic(result.graph, expected):
        _both, missing, extra = graph_diff(expected, result.graph)
        pytest.fail(
            f"missing:\n{missing.serialize(format='nt')}\nextra:\n{extra.serialize(format='nt')}"
        )


@pytest.mark.parametrize("case", CASES)
def test_no_markup_leaks(case: str) -> None:
    for text in parse_case(case).graph.objects(None, MIG.description):
        assert "*" not in text and "⁵" not in text and "⁶" not in text and "  " not in text


def test_page_break_and_footnote_are_joined_out() -> None:
    g = parse_case("continuation-and-footnote").graph
    text = str(g.value(IDS.action(KEY, "obj01-02"), MIG.description))
    assert "integrar, generar y publicar la estadística oficial" in text
    assert "Programa Especial" not in text
    assert text.endswith("se encarga de la sistematización.")
    assert g.value(IDS.action(KEY, "obj01-03"), MIG.responsibleAgency) == IDS.agency("sre")


def test_layout_findings() -> None:
    lists = {(f.line, f.message) for f in parse_case("colon-lists").findings}
    assert (23, "line 23 announces a list that the text omits") in lists
    future = {f.message for f in parse_case("future-then-actions").findings}
    assert "bullet after the future objectives of objective 21: read as an action" in future


def _case_text(case: str) -> str:
    return (CASES_DIR / f"{case}.txt").read_text("utf-8")


def test_excerpt_as_a_whole_document_skips_objectives() -> None:
    text = _case_text("future-then-actions")  # objectives 1 and 21, then the closing section
    with pytest.raises(SourceError) as caught:
        parse(text, ctx=fixture_ctx())
    assert (caught.value.file, caught.value.line) == (FILE, 8)
    assert caught.value.message == "objective 2 is missing before objective 21"


def test_objective_out_of_place() -> None:
    lines = _case_text("future-then-actions").split("\n")
    moved = "\n".join(lines[7:19] + lines[:7] + lines[19:])  # objective 21's block first
    with pytest.raises(SourceError) as caught:
        parse(moved, ctx=fixture_ctx(), excerpt=True)
    assert (caught.value.file, caught.value.line) == (FILE, 13)
    assert (
        caught.value.message == "objective 1 is out of place: it comes after objective 21 (line 1)"
    )


def test_text_ending_before_the_closing_section() -> None:
    lines = source_text(KEY).split("\n")
    closing = lines.index("Retos y Conclusiones") + 1
    with pytest.raises(SourceError) as caught:
        parse("\n".join(lines[: closing - 1]), ctx=make_ctx(KEY))
    assert (caught.value.file, caught.value.line) == (FILE, closing - 2)
    assert caught.value.message == "the text ends after objective 23 before Retos y Conclusiones"


@cache
def corpus() -> ParseResult:
    return parse(source_text(KEY), ctx=make_ctx(KEY))


ACTIONS_PER_OBJECTIVE = {
    1: 11, 2: 5, 3: 21, 4: 11, 5: 8, 6: 7, 7: 20, 8: 6, 9: 2, 10: 12, 11: 6, 12: 4,
    13: 1, 14: 10, 15: 10, 16: 4, 17: 9, 18: 5, 19: 6, 20: 7, 21: 9, 22: 2, 23: 11,
}  # fmt: skip


def test_actions_per_objective() -> None:
    g = corpus().graph
    counts = Counter(
        int(str(g.value(a, MIG.contributesTo)).rsplit("/", 1)[1])
        for a in g.subjects(RDF.type, MIG.Action)
    )
    assert dict(counts) == ACTIONS_PER_OBJECTIVE
    assert sum(counts.values()) == 187


def test_future_objectives() -> None:
    g = corpus().graph
    assert len(set(g.subjects(RDF.type, MIG.FutureObjective))) == 50
    node = IDS.future_objective(KEY, "obj01-5")
    assert (
        str(g.value(node, MIG.text))
        == "Actualizar el Sistema Integral de Protección Consular (SIPC)."
    )
    assert int(g.value(node, MIG.sourceLineStart)) == 104


def test_a_figure_from_the_report() -> None:
    g = corpus().graph
    action = IDS.action(KEY, "obj03-05")  # MiConsulmex, lines 133-137
    downloads = [
        f for f in g.subjects(MIG.statedIn, action) if str(g.value(f, MIG.counts)) == "descargas"
    ]
    assert len(downloads) == 1
    assert g.value(downloads[0], MIG.value) == Literal(377928, datatype=XSD.integer)
    assert int(g.value(downloads[0], MIG.sourceLineStart)) == 137


def test_programs_and_their_mentions() -> None:
    g = corpus().graph
    programs = make_ctx(KEY).programs
    sipc = IDS.program(programs.slug_for("Sistema Integral de Protección Consular"))
    assert (IDS.action(KEY, "obj01-06"), MIG.aboutProgram, sipc) in g
    mentions = set(g.subjects(MIG.mentionOf, sipc))
    assert {int(g.value(m, MIG.sourceLineStart)) for m in mentions} == {89}
    assert (
        IDS.action(KEY, "obj02-01"),
        MIG.aboutProgram,
        IDS.program(programs.slug_for("Programa de Coinversión Social")),
    ) in g


def test_responsible_bodies() -> None:
    g = corpus().graph
    assert g.value(IDS.action(KEY, "obj01-06"), MIG.responsibleAgency) == IDS.agency("sre")
    assert g.value(IDS.action(KEY, "obj01-08"), MIG.responsibleAgency) == IDS.agency("ime")
    reasons = set(g.objects(IDS.action(KEY, "obj01-07"), MIG.noResponsibleAgencyReason))
    assert {r.language for r in reasons if isinstance(r, Literal)} == {"es", "en"}


def test_objective_wordings_are_alt_labels() -> None:
    g = corpus().graph
    assert Literal(
        "Proporcionar información adecuada y oportuna en todas las etapas de la migración",
        lang="es",
    ) in set(g.objects(IDS.gcm_objective(3), SKOS.altLabel))


def test_deterministic() -> None:
    assert isomorphic(parse(source_text(KEY), ctx=make_ctx(KEY)).graph, corpus().graph)


def test_corpus_conforms_to_the_2018_shapes() -> None:
    data = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        data.parse(path)
    data += corpus().graph
    data.add((IDS.document(KEY), RDF.type, MIG.SourceDocument))
    shapes = Graph().parse(ROOT / "shapes" / "pmm-2018.ttl")
    conforms, _, report = validate(data, shacl_graph=shapes, advanced=True)
    assert conforms, report
    data.remove((IDS.future_objective(KEY, "obj01-1"), MIG.forObjective, None))
    conforms, _, _ = validate(data, shacl_graph=Graph().parse(ROOT / "shapes" / "pmm-2018.ttl"))
    assert not conforms
