"""Damaged PEM sources stop the parse with SourceError naming file and line."""

from __future__ import annotations

import pytest

from loaders.errors import SourceError
from loaders.sources.pem import pem_2015, pem_2018
from tests.conftest import source_text
from tests.loaders.sources.pem.support import FIXTURES, pem_ctx

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


# --- structure: the PEM's order and shape (loaders/sources/pem/shape.py) --------------------------


def _fixture(key: str, case: str) -> str:
    return (FIXTURES / key / f"{case}.txt").read_text("utf-8")


def test_2015_excerpt_as_a_whole_document_ends_too_soon() -> None:
    text = _fixture("pem-2015", "separator")  # objective 1, strategy 1.4, two rows
    with pytest.raises(SourceError) as caught:
        pem_2015.parse(text, ctx=pem_ctx("pem-2015"))
    assert (caught.value.file, caught.value.line) == ("pem-2015-acciones.txt", 3)
    assert caught.value.message == "strategy 1.1 is missing before strategy 1.4"
    assert pem_2015.parse(text, ctx=pem_ctx("pem-2015"), excerpt=True).graph


def test_2015_strategy_out_of_place() -> None:
    text = _fixture("pem-2015", "separator")
    later = text.replace("ESTRATEGIA 1.4 ", "ESTRATEGIA 1.3 ").replace("1.4.", "1.3.")
    with pytest.raises(SourceError) as caught:
        pem_2015.parse(text + "\n" + later, ctx=pem_ctx("pem-2015"), excerpt=True)
    assert caught.value.line == text.count("\n") + 2  # the second OBJETIVO 1 heading
    assert caught.value.message == "objective 1 appears again (first at line 1)"
    with pytest.raises(SourceError) as caught:
        pem_2015.parse(text + "\n" + later.split("\n", 2)[2], ctx=pem_ctx("pem-2015"), excerpt=True)
    assert caught.value.line == text.count("\n") + 2  # the ESTRATEGIA 1.3 heading
    assert "strategy 1.3 is out of place: it comes after strategy 1.4 (line 3)" in str(caught.value)


def test_2015_strategy_without_rows_at_the_end() -> None:
    lines = source_text("pem-2015").split("\n")
    cut = next(n for n, line in enumerate(lines, 1) if line.startswith("ESTRATEGIA 5.4"))
    text = "\n".join(lines[: cut + 2])  # the heading, a blank line, the table's header row
    with pytest.raises(SourceError) as caught:
        pem_2015.parse(text, ctx=pem_ctx("pem-2015"))
    assert (caught.value.file, caught.value.line) == ("pem-2015-acciones.txt", cut + 2)
    assert caught.value.message == "strategy 5.4 ends here without a table row"


def test_2018_excerpt_as_a_whole_document_lacks_lines_of_action() -> None:
    text = _fixture("pem-2018", "no-action")  # the block of 1.1.3 only
    with pytest.raises(SourceError) as caught:
        pem_2018.parse(text, ctx=pem_ctx("pem-2018"))
    assert caught.value.file == "pem-2018-acciones.txt"
    assert caught.value.line == len(text.rstrip().split("\n"))
    assert caught.value.message == "line of action 1.1.1 is missing: the text ends"


def test_2018_strategy_blocks_apart_are_an_error_lines_out_of_order_a_finding() -> None:
    block = _fixture("pem-2018", "no-action")
    other = _fixture("pem-2018", "out-of-order")  # 1.5.10 then 1.5.2: a Finding
    result = pem_2018.parse(block + "\n" + other, ctx=pem_ctx("pem-2018"), excerpt=True)
    assert any("out of numeric order" in f.message for f in result.findings)
    with pytest.raises(SourceError) as caught:
        pem_2018.parse(other + "\n" + block, ctx=pem_ctx("pem-2018"), excerpt=True)
    assert caught.value.line == other.count("\n") + 2  # the first heading of block 1.1.3
    assert caught.value.message.startswith("strategy 1.1 is out of place")
    with pytest.raises(SourceError) as caught:
        pem_2018.parse(block + other + block, ctx=pem_ctx("pem-2018"), excerpt=True)
    assert caught.value.message.startswith("strategy 1.1 appears again (first at line 1)")


def test_2018_truncated_at_a_block_boundary() -> None:
    text = source_text("pem-2018")
    lines = text.split("\n")
    start = next(n for n, line in enumerate(lines, 1) if line.startswith("3.2.7. "))
    head = next(n for n in range(start, 0, -1) if lines[n - 1].startswith("3. "))
    with pytest.raises(SourceError) as caught:
        pem_2018.parse("\n".join(lines[: head - 1]), ctx=pem_ctx("pem-2018"))
    assert caught.value.line == head - 2  # the last line of block 3.2.6
    assert caught.value.message == "line of action 3.2.7 is missing: the text ends"
