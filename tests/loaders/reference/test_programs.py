"""The program registry: integrity of programs.csv, exact and fuzzy matching, mentions."""

from __future__ import annotations

from collections import Counter

import pytest

from loaders.reference.agencies import default_registry
from loaders.reference.programs import ProgramRegistry, default_programs, program_slug
from loaders.text import fold
from tests.conftest import source_text


@pytest.fixture(scope="module")
def programs() -> ProgramRegistry:
    return default_programs()


def test_counts_and_integrity(programs: ProgramRegistry) -> None:
    assert len(programs.programs) == 38  # + the VAIM (pmm-2018:163, :519)
    agencies = default_registry().agencies
    names: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    for program in programs.programs.values():
        assert program.slug == program_slug(program.slug)
        assert program.agencies, program.slug
        assert program.agency == program.agencies[0]
        assert all(slug in agencies for slug in program.agencies), program.slug
        for name in program.names:
            assert names.setdefault(fold(name), program.slug) == program.slug, name
        for acronym in program.acronyms:
            assert acronyms.setdefault(acronym, program.slug) == program.slug, acronym


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("Programa Paisano", "programa-paisano"),
        ("Programa Héroes Paisanos", "programa-paisano"),
        ("HEROES PAISANOS", "programa-paisano"),
        ("Programa Operativo “Héroes Paisano”", "programa-paisano"),
        ("Grupos Beta", "grupos-beta"),
        ("PTAT", "ptat"),
        ("Programa de Trabajadores Agricolas Temporales", "ptat"),
        ("PRIM", "prim"),
        ("Ventanillas de Salud (VDS)", "ventanillas-de-salud"),
        ("Estrategia “Somos Mexicanos”", "somos-mexicanos"),
        ("Tarjeta de Visitante por Razones Humanitarias", "tarjeta-visitante-razones-humanitarias"),
    ],
)
def test_exact(programs: ProgramRegistry, written: str, slug: str) -> None:
    result = programs.match(written)
    assert result.program is not None and result.program.slug == slug
    assert result.score == 100.0


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("Programa Heroes Paisano 2022", "programa-paisano"),
        ("Grupos Beta de Protección a Migrantes del INM", "grupos-beta"),
        ("Programa 3 x 1 para Migrantes", "programa-3x1-para-migrantes"),
        ("Tarjeta Visitante Regional", "tarjeta-visitante-regional"),
        ("Programa Sembrando Vida 2023", "sembrando-vida"),
    ],
)
def test_fuzzy_accepts(programs: ProgramRegistry, written: str, slug: str) -> None:
    result = programs.match(written)
    assert result.program is not None and result.program.slug == slug
    assert 92 <= result.score <= 100


def test_fuzzy_unsure_returns_candidates(programs: ProgramRegistry) -> None:
    result = programs.match("Programa de Repatriación")
    assert result.program is None and result.unsure
    assert {p.slug for p, _ in result.candidates} == {
        "programa-repatriacion-digna",
        "programa-repatriacion-humana",
    }
    emif = programs.match("Encuesta EMIF Norte")
    assert emif.program is None and [p.slug for p, _ in emif.candidates] == ["emif-norte"]


def test_fuzzy_rejects_unrelated(programs: ProgramRegistry) -> None:
    result = programs.match("Programa de Atención a Migrantes")
    assert result.program is None and not result.unsure
    assert programs.slug_for("Programa de Atención a Migrantes") == (
        "programa-de-atencion-a-migrantes"
    )


def test_mentions_in_text(programs: ProgramRegistry) -> None:
    line = source_text("pem-2015").splitlines()[36]
    assert [m.program.slug for m in programs.find_mentions(line)] == [
        "ventanillas-de-salud",
        "seguro-popular",
        "observatorio-migracion-internacional",
        "emif-norte",
        "emif-sur",
    ]


def test_paisano_mentions_in_pmm_2022(programs: ProgramRegistry) -> None:
    """grep: Programa Héroes Paisanos 4, Guía Héroes Paisanos 2, Programa Héroes Paisano 3
    (one wrapped), Héroes Paisano(s) alone 4, Programa Paisano 3 (two wrapped); Giro Paisano
    3 is another service and "Remesa Paisano" none."""
    found = Counter(m.program.slug for m in programs.find_mentions(source_text("pmm-2022")))
    assert found["programa-paisano"] == 16
    assert found["giro-paisano"] == 3
