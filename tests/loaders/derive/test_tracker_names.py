"""When a programme's name in a later document is a new name, not a new spelling
(`loaders.derive.tracker.presence`): the names are the registry's aliases as the sources
write them (`loaders/reference/programs.csv`)."""

from __future__ import annotations

import pytest

from loaders.derive.tracker.presence import _is_acronym, _names_used, _new_name


@pytest.mark.parametrize(
    ("name", "earlier", "new"),
    [
        # pmm-2022-compendio.txt:5179-5180 "Programa Paisano, ahora denominado «Héroes Paisano»"
        ("Programa Héroes Paisanos", ["Programa Paisano", "Guía Paisano"], True),
        # inclusive wording of one programme (pmm-2018-informe.txt:509)
        ("Programa 3x1 para personas Migrantes", ["Programa 3x1 para Migrantes"], False),
        ("Programa 3X1 para migrantes", ["Programa 3x1 para Migrantes"], False),
        ("Grupos Beta", ["Grupos Beta de Protección a Migrantes"], False),
        ("Programa Paisano", ["Programa Paisano"], False),
        ("Programa Paisano", [], False),  # a first appearance is no rename
    ],
)
def test_new_name(name: str, earlier: list[str], new: bool) -> None:
    assert _new_name(name, earlier) is new


def test_acronyms_are_not_names() -> None:
    assert _is_acronym("MAEBI") and _is_acronym("PTAT")
    assert not _is_acronym("Programa Paisano")


def test_names_are_counted_longest_first_accents_and_case_aside() -> None:
    used = _names_used(
        {"Héroes Paisanos", "Programa Héroes Paisanos", "Programa Paisano"},
        ["El PROGRAMA HEROES PAISANOS y los Héroes Paisanos; el Programa Paisano, ahora"],
    )
    assert used == {"Programa Héroes Paisanos": 1, "Héroes Paisanos": 1, "Programa Paisano": 1}
