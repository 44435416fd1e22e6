"""The search index on a small dataset: analysis, query parsing, ranking, reconciliation
parsing; and whatever a person types (fuzzed) is a search, never an error."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.publishing import search_index
from loaders.search_text import exact, stem
from service.errors import BadRequest
from service.search import reconcile
from service.search.index import SearchIndex
from service.search.query import parse

ID = "https://w3id.org/migracion-mx/id/"
MIG = "https://w3id.org/migracion-mx/def#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
G = f"<{ID}grafo/pem-2015>"


def quad(s: str, p: str, o: str) -> str:
    return f"<{ID}{s}> <{p}> {o} {G} .\n"


NQ = "".join(
    [
        quad("institucion/inm", TYPE, f"<{MIG}Agency>"),
        quad("institucion/inm", SKOS + "prefLabel", '"Instituto Nacional de Migración"@es'),
        quad("institucion/inm", MIG + "acronym", '"INM"'),
        quad("accion/pem-2015/1", TYPE, f"<{MIG}Action>"),
        quad("accion/pem-2015/1", MIG + "description", '"Estudio sobre la inmigración."@es'),
        quad("accion/pem-2015/2", TYPE, f"<{MIG}Action>"),
        quad("accion/pem-2015/2", MIG + "description", '"El Instituto atenderá a niñas."@es'),
        quad("accion/pem-2015/2", MIG + "responsibleAgency", f"<{ID}institucion/inm>"),
        quad("accion/pem-2015/3", TYPE, f"<{MIG}Action>"),
        quad("accion/pem-2015/3", MIG + "description", '"Atención a connacionales."@es'),
    ]
).encode()


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    path = search_index.write(tmp_path_factory.mktemp("search"), NQ, None)
    return SearchIndex(path)


def ids(index: SearchIndex, q: str) -> list[str]:
    return [h.iri.removeprefix(ID) for h in index.search(q).hits]


def test_stems_then_folds() -> None:
    assert stem("migración") == stem("migracion") == "migracion"
    assert stem("Niñas") == stem("ninas") == "nin"
    assert exact("INM") == "inm"


def test_acronym_is_a_whole_word_and_ranks_its_owner_first(index: SearchIndex) -> None:
    # the agency (acronym), then its action (responsible), never "inmigración"
    assert ids(index, "INM") == ["institucion/inm", "accion/pem-2015/2"]
    assert ids(index, "inmigracion") == ["accion/pem-2015/1"]


def test_accents_and_stems(index: SearchIndex) -> None:
    assert ids(index, "ninas") == ids(index, "niña") == ["accion/pem-2015/2"]
    assert ids(index, "NNA") == []  # never "connacionales"


def test_prefix_phrase_exclusion(index: SearchIndex) -> None:
    assert ids(index, "inmigr*") == ["accion/pem-2015/1"]
    # the phrase is in the agency's name, and in its action's related names
    assert ids(index, '"instituto nacional"') == ["institucion/inm", "accion/pem-2015/2"]
    assert ids(index, '"nacional instituto"') == []
    assert ids(index, "instituto") == ["institucion/inm", "accion/pem-2015/2"]
    assert ids(index, "instituto -migración") == []  # the action's agency is the INM too
    assert ids(index, "niñas -connacionales") == ["accion/pem-2015/2"]


def test_operators_are_text() -> None:
    q = parse('a NEAR(b) "c" -d e* OR f ( ) : ^ {x}')
    expr = q.fts()
    assert "NEAR(" not in expr and "^" not in expr and "{x}" not in expr


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_a_search(index: SearchIndex, text: str) -> None:
    index.search(text)
    index.suggest(text, (MIG + "Agency",))
    index.match_any(text, (MIG + "Agency",))


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=80)
    | st.recursive(
        st.none() | st.integers() | st.text(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)
    ).map(str)
)
def test_any_reconciliation_batch_parses_or_is_a_400(text: str) -> None:
    with contextlib.suppress(BadRequest):
        reconcile.parse_batch(text)


def test_index_bytes_are_deterministic(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = search_index.write(tmp_path / "a", NQ, None)
    b = search_index.write(tmp_path / "b", NQ, None)
    assert a.read_bytes() == b.read_bytes()
