"""Tests for the PMM 2024 executive report loader: fixtures per quirk, then the corpus.

Fixture cases use the small registries beside them (tests/fixtures/pmm-2024/*.csv). The
corpus figures were read from the text by hand (section III, lines 125-400): the 23
objectives' totals add up to 383, while lines 103 and 411 state 379.
"""

from __future__ import annotations

from functools import cache

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import RDF, SKOS, XSD

from loaders.errors import SourceError
from loaders.model import LoadContext, ParseResult
from loaders.pipeline.manifest import load_manifest
from loaders.reference.agencies import AgencyRegistry
from loaders.reference.programs import ProgramRegistry
from loaders.sources.pmm_2024.loader import parse
from loaders.vocab import MIG, Ids
from tests.conftest import FIXTURES_DIR, make_ctx, source_text
from tests.paths import REPO

CASES_DIR = FIXTURES_DIR / "pmm-2024"
CASES = sorted(p.stem for p in CASES_DIR.glob("*.txt"))
ROOT = REPO
IDS = Ids()
QB = "http://purl.org/linked-data/cube#"
FILE = "pmm-2024-informe-ejecutivo.txt"


def fixture_ctx() -> LoadContext:
    return LoadContext(
        source=load_manifest()["pmm-2024"],
        agencies=AgencyRegistry.from_csv_text((CASES_DIR / "agencies.csv").read_text("utf-8")),
        programs=ProgramRegistry.from_csv_text((CASES_DIR / "programs.csv").read_text("utf-8")),
    )


def test_every_quirk_has_a_case() -> None:
    assert len(CASES) >= 4, CASES


@pytest.mark.parametrize("case", CASES)
def test_fixture_graph(case: str) -> None:
    result = parse((CASES_DIR / f"{case}.txt").read_text("utf-8"), ctx=fixture_ctx(), excerpt=True)
    expected = Graph().parse(CASES_DIR / f"{case}.ttl", format="turtle")
    if not isomorphic(result.graph, expected):
        _both, missing, extra = graph_diff(expected, result.graph)
        pytest.fail(
            f"missing:\n{missing.serialize(format='nt')}\nextra:\n{extra.serialize(format='nt')}"
        )


def test_fixture_contradictions_name_both_places() -> None:
    text = (CASES_DIR / "contradictions.txt").read_text("utf-8")
    found = [
        f
        for f in parse(text, ctx=fixture_ctx(), excerpt=True).findings
        if f.kind == "contradiction"
    ]
    messages = {f.line: f.message for f in found}
    assert "adds up to 19, not to the stated total 18" in messages[5]
    assert "objective 19 3 actions; section III (line 9) gives 5" in messages[17]
    assert len(found) == 4


def _case_lines(case: str) -> list[str]:
    return (CASES_DIR / f"{case}.txt").read_text("utf-8").split("\n")


def test_excerpt_as_a_whole_document_lacks_sections() -> None:
    with pytest.raises(SourceError) as caught:
        parse("\n".join(_case_lines("shares-and-challenges")), ctx=fixture_ctx())
    assert (caught.value.file, caught.value.line) == (FILE, 1)
    assert caught.value.message == "section I is missing before section III"


def test_objective_out_of_place() -> None:
    lines = _case_lines("split-in-prose")
    swapped = "\n".join(lines[:2] + lines[6:10] + lines[2:6] + lines[10:])  # 9 before 7
    with pytest.raises(SourceError) as caught:
        parse(swapped, ctx=fixture_ctx(), excerpt=True)
    assert (caught.value.file, caught.value.line) == (FILE, 7)
    assert (
        caught.value.message == "objective 7 is out of place: it comes after objective 9 (line 3)"
    )


def test_glossary_category_without_definition() -> None:
    lines = _case_lines("shares-and-challenges")
    assert lines[26].startswith("Son las dificultades")
    del lines[26]  # the definition of "Barreras culturales y de idioma" (line 25)
    with pytest.raises(SourceError) as caught:
        parse("\n".join(lines), ctx=fixture_ctx(), excerpt=True)
    # titles and definitions now pair off one line late: the last definition is left alone
    assert (caught.value.file, caught.value.line) == (FILE, 30)
    assert caught.value.message == "glossary category without its definition"


def test_text_ending_before_the_closing_page() -> None:
    lines = source_text("pmm-2024").split("\n")
    closing = lines.index("Informe Ejecutivo 2024") + 1
    with pytest.raises(SourceError) as caught:
        parse("\n".join(lines[: closing - 1]), ctx=make_ctx("pmm-2024"))
    assert caught.value.file == FILE
    assert caught.value.line == max(n for n, t in enumerate(lines[: closing - 1], 1) if t.strip())
    assert caught.value.message == "the text ends after section VI before the closing page"


@cache
def corpus() -> ParseResult:
    return parse(source_text("pmm-2024"), ctx=make_ctx("pmm-2024"))


def obs(dataset: str, local: str) -> URIRef:
    return IDS.observation(dataset, local)


def value(node: URIRef, measure: URIRef) -> Literal | None:
    return corpus().graph.value(node, measure)


def test_objective_1_is_36_actions_split_20_7_9() -> None:
    assert value(obs("pmm-2024-acciones-por-objetivo", "obj01"), MIG.actionCount) == Literal(
        36, datatype=XSD.integer
    )
    split = {
        "administracion-publica-federal": 20,
        "gobierno-estatal": 7,
        "organismo-constitucional-autonomo": 9,
    }
    for kind, count in split.items():
        node = obs("pmm-2024-acciones-por-objetivo-y-tipo", f"obj01-{kind}")
        assert int(value(node, MIG.actionCount)) == count
        assert corpus().graph.value(node, MIG.sourceLineStart).toPython() == 127


def test_every_objective_has_its_total_and_the_totals_add_to_383() -> None:
    g = corpus().graph
    dataset = IDS.dataset("pmm-2024-acciones-por-objetivo")
    nodes = set(g.subjects(URIRef(QB + "dataSet"), dataset))
    assert len(nodes) == 23
    assert sum(int(g.value(n, MIG.actionCount)) for n in nodes) == 383
    split = set(
        g.subjects(URIRef(QB + "dataSet"), IDS.dataset("pmm-2024-acciones-por-objetivo-y-tipo"))
    )
    assert len(split) == 64
    assert sum(int(g.value(n, MIG.actionCount)) for n in split) == 383


def test_challenges_326_and_twenty_categories() -> None:
    g = corpus().graph
    assert int(value(obs("pmm-2024-retos-total", "total"), MIG.actionCount)) == 326
    concepts = set(g.subjects(SKOS.inScheme, IDS.challenge_category_scheme()))
    assert len(concepts) == 20
    assert all(g.value(c, SKOS.definition) is not None for c in concepts)
    resources = IDS.challenge_category(
        "falta-de-recursos-financieros-materiales-humanos-y-tecnologicos"
    )
    node = obs("pmm-2024-retos-por-categoria", str(resources).rsplit("/", 1)[1])
    assert int(value(node, MIG.actionCount)) == 58


def test_shares() -> None:
    node = obs("pmm-2024-poblacion-atendida", "ForeignMigrants")
    assert value(node, MIG.percentage) == Literal("54.0", datatype=XSD.decimal)
    assert float(value(obs("pmm-2024-enfoque-genero", "total"), MIG.percentage)) == 25
    assert float(value(obs("pmm-2024-atencion-discapacidad", "total"), MIG.percentage)) == 64


def test_participants_of_objective_20() -> None:
    node = obs("pmm-2024-acciones-por-objetivo", "obj20")
    found = {
        str(a).rsplit("/", 1)[1] for a in corpus().graph.objects(node, MIG.participatingAgency)
    }
    assert found == {"banco-bienestar", "finabien", "gobierno-guerrero", "sict", "sre"}


# Each contradiction read in the text: (line of the restatement, words of the message).
CONTRADICTIONS = [
    (103, "379 actions for all bodies; section III's per-objective figures add up to 383"),
    (411, "379 actions for all bodies; section III's per-objective figures add up to 383"),
    (
        413,
        "183 actions for administracion publica federal; section III's per-objective figures "
        "add up to 175",
    ),
    (413, "151 actions for gobierno estatal; section III's per-objective figures add up to 162"),
    (413, "7 actions for poder judicial; section III's per-objective figures add up to 11"),
    (413, "6 actions for poder legislativo; section III's per-objective figures add up to 0"),
    (
        413,
        "13 actions for organismo constitucional autonomo; section III's per-objective figures "
        "add up to 15",
    ),
    (
        413,
        "6 actions for organizacion sociedad civil; section III's per-objective figures "
        "add up to 20",
    ),
    (413, "add up to 366, not to the 379 actions of line 411"),
    (424, "objective 18 4 actions; section III (line 339) gives 5"),
    (424, "objective 19 3 actions; section III (line 345) gives 5"),
    (424, "objective 22 4 actions; section III (line 379) gives 6"),
    (
        441,
        "objective 18 1 actions by administracion publica federal; section III (line 339) gives 0",
    ),
    (456, "objective 20 0 actions by gobierno estatal; section III (line 355) gives 1"),
    (
        480,
        "14 actions for organismo constitucional autonomo; section III's per-objective figures "
        "add up to 15",
    ),
    (480, "14 actions for organismo-constitucional-autonomo; line 413 (IV) gives 13"),
    (480, "under 6 objectives; section III gives them actions under 7 (1, 4, 7, 9, 10, 16, 19)"),
    (
        491,
        "21 actions for organizacion sociedad civil; section III's per-objective figures "
        "add up to 20",
    ),
    (491, "21 actions for organizacion-sociedad-civil; line 413 (IV) gives 6"),
    (491, "5 participating bodies for organizacion-sociedad-civil; line 411 (IV) gives 4"),
    (541, "14 categories; the glossary (section VI, from line 593) defines 20"),
    (567, "objective 15 more than 40 actions; section III (line 291) gives 37"),
    (567, "objective 2 at most 4 actions; section III (line 139) gives 18"),
    (567, "objective 9 at most 4 actions; section III (line 229) gives 7"),
    (
        573,
        "objective 6 0 actions by administracion publica federal; section III (line 197) gives 4",
    ),
    (581, "objective 9 0 actions by gobierno estatal; section III (line 229) gives 2"),
    (581, "objective 12 0 actions by gobierno estatal; section III (line 263) gives 1"),
]


def test_every_contradiction_found() -> None:
    found = [f for f in corpus().findings if f.kind == "contradiction"]
    for line, words in CONTRADICTIONS:
        assert any(f.line == line and words in f.message for f in found), (line, words)
    assert len(found) == len(CONTRADICTIONS)


def test_conflicting_figures_are_all_kept() -> None:
    assert (
        int(value(obs("pmm-2024-acciones-por-objetivo-seccion-iv", "obj19"), MIG.actionCount)) == 3
    )
    assert int(value(obs("pmm-2024-acciones-por-objetivo", "obj19"), MIG.actionCount)) == 5
    node = obs("pmm-2024-acciones-por-tipo", "organizacion-sociedad-civil")
    assert int(value(node, MIG.actionCount)) == 6
    node = obs("pmm-2024-acciones-por-tipo-subapartados", "organizacion-sociedad-civil")
    assert int(value(node, MIG.actionCount)) == 21


def test_deterministic() -> None:
    again = parse(source_text("pmm-2024"), ctx=make_ctx("pmm-2024"))
    assert isomorphic(again.graph, corpus().graph)


def shapes_graph() -> Graph:
    return Graph().parse(ROOT / "shapes" / "indicators.ttl")


def data_graph() -> Graph:
    data = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        data.parse(path)
    data += corpus().graph
    data.add((IDS.document("pmm-2024"), RDF.type, MIG.SourceDocument))
    return data


def test_corpus_conforms_to_the_indicator_shapes() -> None:
    conforms, _, report = validate(data_graph(), shacl_graph=shapes_graph(), advanced=True)
    assert conforms, report


def test_indicator_shape_catches_a_missing_dimension() -> None:
    data = data_graph()
    data.remove((obs("pmm-2024-acciones-por-objetivo", "obj05"), MIG.gcmObjective, None))
    conforms, _, _ = validate(data, shacl_graph=shapes_graph(), advanced=True)
    assert not conforms
