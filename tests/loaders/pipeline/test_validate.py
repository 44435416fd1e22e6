"""The build's SHACL check: pySHACL plus SPARQL constraints evaluated on pyoxigraph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph

from loaders.errors import ValidationFailed
from loaders.pipeline.validate import check, load_shapes, take_sparql_constraints
from tests.paths import REPO

SHAPES_DIR = REPO / "shapes"

DOC = """
@prefix mig: <https://w3id.org/migracion-mx/def#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/migracion-mx/id/> .
id:x prov:wasDerivedFrom id:documento\\/d ;
    mig:sourceLineStart 5 ; mig:sourceLineEnd {end} .
"""


def _store(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _focus_lines_shapes(tmp_path: Path) -> Path:
    """Only the source-lines shape of core.ttl, so that the example needs nothing else."""
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    text = (SHAPES_DIR / "core.ttl").read_text("utf-8")
    (shapes / "core.ttl").write_text(text, "utf-8")
    return shapes


def test_sparql_constraints_are_taken_out_of_the_shapes_graph() -> None:
    shapes = load_shapes(SHAPES_DIR)
    constraints = take_sparql_constraints(shapes)
    assert constraints, "the shapes have SPARQL constraints"
    assert all(c.targets for c in constraints), "each constraint has focus nodes to check"
    from rdflib.namespace import SH

    remaining = [
        s for s, _ in shapes.subject_objects(SH.sparql) if (s, SH.path, None) not in shapes
    ]
    assert remaining == []


def test_a_start_line_after_the_end_line_is_a_violation() -> None:
    broken = Graph().parse(data=DOC.replace("{end}", "3"), format="turtle")
    shapes = load_shapes(SHAPES_DIR)
    constraints = [c for c in take_sparql_constraints(shapes) if "sourceLineStart" in c.query]
    assert constraints
    from loaders.pipeline.validate import sparql_violations

    found = list(sparql_violations(_store(broken), constraints))
    assert len(found) == 1
    assert found[0].startswith("https://w3id.org/migracion-mx/id/x: ")
    assert "5" in found[0]


def test_our_evaluation_agrees_with_pyshacl_on_the_same_graph() -> None:
    broken = Graph().parse(data=DOC.replace("{end}", "3"), format="turtle")
    whole = load_shapes(SHAPES_DIR)
    _, report_graph, _ = validate(broken, shacl_graph=whole, inference="none", advanced=True)
    from rdflib.namespace import SH

    pyshacl_sparql = {
        str(focus)
        for result in report_graph.subjects(
            SH.sourceConstraintComponent, SH.SPARQLConstraintComponent
        )
        for focus in report_graph.objects(result, SH.focusNode)
    }
    shapes = load_shapes(SHAPES_DIR)
    from loaders.pipeline.validate import sparql_violations

    ours = {
        line.split(": ", 1)[0]
        for line in sparql_violations(_store(broken), take_sparql_constraints(shapes))
    }
    assert ours == pyshacl_sparql


def test_check_raises_with_a_readable_report() -> None:
    broken = Graph().parse(data=DOC.replace("{end}", "3"), format="turtle")
    with pytest.raises(ValidationFailed) as caught:
        check(broken, _store(broken), SHAPES_DIR)
    assert "has no mig:sourceLineEnd at or after it" in caught.value.report
