"""The ontology documentation names every class and property with an anchor."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from loaders.publishing.ontology_doc import load_ontology_files
from loaders.vocab import MIG
from tests.publishing.small import ONTOLOGY_DIR, SmallBuild


def test_every_term_has_an_anchor(small: SmallBuild) -> None:
    html = (small.work / "ontology.html").read_text("utf-8")
    graph: Graph = load_ontology_files(ONTOLOGY_DIR)
    terms = {
        str(s).removeprefix(str(MIG))
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in graph.subjects(RDF.type, kind)
        if str(s).startswith(str(MIG))
    }
    assert len(terms) >= 30
    for name in terms:
        assert f'id="{name}"' in html, name


def test_labels_in_both_languages_and_schemes(small: SmallBuild) -> None:
    html = (small.work / "ontology.html").read_text("utf-8")
    assert "acción" in html and "(action)" in html
    assert "https://w3id.org/migracion-mx/id/tipo-institucion" in html
    assert '<a href="http://www.w3.org/ns/prov#Activity"><code>prov:Activity</code></a>' in html
