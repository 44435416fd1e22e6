"""Damaged PEM sources stop the parse with SourceError naming file and line."""

from __future__ import annotations

import pytest

from loaders import pem_2015, pem_2018
from loaders.errors import SourceError
from tests.conftest import source_text
from tests.loaders.pem_support import FIXTURES, pem_ctx

OBJ = "OBJETIVO 1. Fomentar una cultura de la legalidad\n\n"
STR = "ESTRATEGIA 1.1 Adecuar y armonizar el marco normativo\n\n"
ROW = "1.1.1 Analizar y presentar reformas\tLa UPM realizará un análisis.\t\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (OBJ + ROW, 3, "before any ESTRATEGIA"),
        (OBJ + STR + ROW.replace("1.1.1", "1.2.1"), 5, "under strategy 1.1"),
        (OBJ + "ESTRATEGIA 2.1 Otra\n", 3, "not under objective 1"),
        (OBJ + STR + "\tcontinuación sin fila\t\n", 5, "no table row"),
        (OBJ + STR + "Texto suelto fuera de la tabla\n", 5, "unrecognised line"),
    ],
)
def test_damaged_2015(text: str, line: int, words: str) -> None:
    with pytest.raises(SourceError) as caught:
        pem_2015.parse(text, ctx=pem_ctx("pem-2015"))
    assert (caught.value.file, caught.value.line) == ("pem-2015-acciones.txt", line)
    assert words in caught.value.message


def _block() -> str:
    return (FIXTURES / "pem-2018" / "no-action.txt").read_text("utf-8")


@pytest.mark.parametrize(
    ("edit", "line", "words"),
    [
        (lambda t: t.replace("1.1.3. Reformar", "1.2.3. Reformar"), 12, "not under 1.1"),
        (
            lambda t: t.replace("No se realizarán\nacciones en 2018", "No se realizarán"),
            19,
            "status not followed",
        ),
        (lambda t: t.split("No se realizarán")[0], 18, "before its status line"),
        (lambda t: t.replace("1.1. Adecuar", "Adecuar"), 6, "strategy heading"),
    ],
)
def test_damaged_2018(edit, line: int, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SourceError) as caught:
        pem_2018.parse(edit(_block()), ctx=pem_ctx("pem-2018"))
    assert (caught.value.file, caught.value.line) == ("pem-2018-acciones.txt", line)
    assert words in caught.value.message


def test_truncated_2018_as_the_build_test_cuts_it() -> None:
    lines = source_text("pem-2018").split("\n")
    text = "\n".join(lines[: len(lines) // 2]) + "\nSe realizarán\n"
    with pytest.raises(SourceError) as caught:
        pem_2018.parse(text, ctx=pem_ctx("pem-2018"))
    assert caught.value.file == "pem-2018-acciones.txt"
    assert caught.value.line is not None and caught.value.line > 2000
