"""Names we supplied are marked as ours, names the sources state are not (issue 14, item 5).

The check against the texts here is written apart from `loaders.reference.supplied`: a
regular expression over each whole text with accents and case dropped, line breaks as
spaces, where the module searches with `str.find` and checks word boundaries itself.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS
from rdflib.term import URIRef

from loaders.reference.agencies import default_registry
from loaders.reference.graph import reference_graph
from loaders.reference.programs import default_programs
from loaders.reference.supplied import SourceNames, supplied_names
from loaders.vocab import MIG, Ids
from tests.paths import REPO

SOURCES = REPO / "data" / "sources"
IDS = Ids()

IDS = Ids()


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return " ".join(
        "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower().split()
    )


@cache
def texts() -> tuple[str, ...]:
    return tuple(p.read_text("utf-8") for p in sorted(SOURCES.glob("*.txt")))


@cache
def plain_texts() -> tuple[str, ...]:
    return tuple(_plain(t) for t in texts())


def written(name: str, *, acronym: bool) -> bool:
    if acronym:
        return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", t) for t in texts())
    pattern = rf"(?<!\w){re.escape(_plain(name))}(?!\w)"
    return any(re.search(pattern, t) for t in plain_texts())


@cache
def marks() -> Graph:
    reference = reference_graph(IDS, default_registry(), default_programs())
    return supplied_names(reference, SourceNames(texts()), IDS)


def marked() -> set[tuple[str, URIRef, str]]:
    g = marks()
    out = set()
    for node in g.subjects(RDF.type, RDF.Statement):
        assert (node, MIG.nameSource, MIG.PublicKnowledge) in g
        subject, prop, name = (g.value(node, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        assert isinstance(prop, URIRef)
        out.add((str(subject).rsplit("/", 1)[1], prop, str(name)))
    return out


def test_marked_names_are_not_in_the_sources() -> None:
    found = marked()
    assert len(found) == 145
    for slug, prop, name in found:
        assert not written(name, acronym=prop == MIG.acronym), (slug, name)


def test_every_unwritten_agency_name_is_marked() -> None:
    found = marked()
    for agency in default_registry().agencies.values():
        names = [
            (SKOS.prefLabel, agency.pref_label),
            *((SKOS.altLabel, n) for n in agency.alt_labels),
        ]
        names += [(MIG.acronym, a) for a in agency.acronyms]
        for prop, name in names:
            if not written(name, acronym=prop == MIG.acronym):
                assert (agency.slug, prop, name) in found, (agency.slug, name)


@pytest.mark.parametrize(
    ("slug", "prop", "name"),
    [
        ("inm", SKOS.prefLabel, "Instituto Nacional de Migración"),  # pem-2015-acciones.txt:70
        ("inm", MIG.acronym, "INM"),
        ("sre", SKOS.altLabel, "Cancillería"),  # pmm-2018-informe.txt:461
        ("shcp", SKOS.altLabel, "Secretaría de Hacienda"),  # pem-2015-acciones.txt:107
        ("inmujeres", SKOS.altLabel, "Instituto Nacional de la Mujeres"),  # pmm-2018:508
        ("gobierno-guanajuato", SKOS.hiddenLabel, "Guanajuato"),
        ("sg-conapo", SKOS.prefLabel, "Secretaría General del Consejo Nacional de Población"),
        ("programa-paisano", SKOS.prefLabel, "Programa Paisano"),
    ],
)
def test_names_the_sources_state_are_not_marked(slug: str, prop: URIRef, name: str) -> None:
    assert written(name, acronym=prop == MIG.acronym)
    assert (slug, prop, name) not in marked()


@pytest.mark.parametrize(
    ("slug", "prop", "name"),
    [
        ("cns", SKOS.prefLabel, "Comisión Nacional de Seguridad"),
        ("gobierno-nayarit", SKOS.altLabel, "Gobierno Estatal de Nayarit"),
        ("sagarpa", MIG.acronym, "SAGARPA"),
    ],
)
def test_supplied_names_are_marked(slug: str, prop: URIRef, name: str) -> None:
    assert (slug, prop, name) in marked()


def test_node_level_name_source_agrees_with_the_texts() -> None:
    """An agency whose full name is marked public knowledge has no source writing it."""
    for agency in default_registry().agencies.values():
        if agency.name_from_public_knowledge:
            assert not written(agency.pref_label, acronym=False), agency.slug


def test_the_mark_names_the_statement_it_marks() -> None:
    g = marks()
    node = next(iter(g.subjects(RDF.object, Literal("Comisión Nacional de Seguridad", lang="es"))))
    assert g.value(node, RDF.subject) == IDS.agency("cns")
    assert g.value(node, RDF.predicate) == SKOS.prefLabel
    assert str(node).startswith(IDS.base + "nombre-suministrado/")


def test_source_names_word_boundaries() -> None:
    names = SourceNames(["La UPMRIP-SEGOB y el INMUJERES. Secretaría de\nGobernación"])
    assert names.states("SEGOB", acronym=True)
    assert not names.states("INM", acronym=True)
    assert names.states("secretaria de gobernacion")
    assert not names.states("Gobernación Federal")
