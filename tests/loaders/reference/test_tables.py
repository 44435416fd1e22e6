"""The one reader of the curated tables: a bad row is `file:line: message`, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import loaders.reference as reference
from loaders.derive.program_links import read_decisions
from loaders.errors import TableError
from loaders.reference import read_rows
from loaders.reference.agencies import default_registry
from loaders.reference.explained import read_explanations
from service.cli import app

TABLE = "# a comment\nslug,label,note\n# another\n\na,Alpha,\nb,Beta,x\n"


def test_rows_keep_their_line_and_skip_comments() -> None:
    rows = read_rows(TABLE, "t.csv")
    assert [(r.line, r["slug"], r.text("label")) for r in rows] == [
        (5, "a", "Alpha"),
        (6, "b", "Beta"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("slug,label\na,Alpha\nb\n", "t.csv:3: 1 cells, the header has 2"),
        ("slug,label\n# c\na,Alpha,extra\n", "t.csv:3: 3 cells, the header has 2"),
    ],
)
def test_a_row_that_does_not_fit_the_header(text: str, message: str) -> None:
    with pytest.raises(TableError) as caught:
        read_rows(text, "t.csv")
    assert str(caught.value) == message


def test_a_missing_column_names_the_row() -> None:
    row = read_rows("slug\na\n", "t.csv")[0]
    with pytest.raises(TableError, match=r"^t\.csv:2: no column 'label'$"):
        row["label"]


def test_curation_decision_of_an_unknown_kind() -> None:
    text = "document,action,program,decision,note\npmm-2022,obj01-1,paisano,maybe,\n"
    with pytest.raises(TableError) as caught:
        read_decisions(text)
    assert str(caught.value) == (
        "program-curation.csv:2: decision 'maybe' for obj01-1: expected link or reject"
    )


def test_explanation_line_must_be_an_integer() -> None:
    text = "file,line,text,reason\npem-2018-acciones.txt,12a,SEGOB,why\n"
    with pytest.raises(TableError) as caught:
        read_explanations(text)
    assert str(caught.value) == "unresolved-explained.csv:2: column 'line' is not an integer: '12a'"


def test_build_with_a_damaged_table_says_file_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = tmp_path / "reference"
    shutil.copytree(reference.REFERENCE_DIR, tables, ignore=shutil.ignore_patterns("*.py"))
    agencies = tables / "agencies.csv"
    lines = agencies.read_text("utf-8").splitlines()
    first_row = next(i for i, line in enumerate(lines) if not line.startswith("#")) + 1
    lines[first_row] = "inm,Instituto"  # too few cells
    agencies.write_text("\n".join(lines) + "\n", "utf-8")
    monkeypatch.setattr(reference, "REFERENCE_DIR", tables)
    default_registry.cache_clear()
    try:
        result = CliRunner().invoke(app, ["build", "--build-dir", str(tmp_path / "build")])
    finally:
        default_registry.cache_clear()
    assert result.exit_code == 1
    assert f"agencies.csv:{first_row + 1}: 2 cells, the header has" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "build" / "current").exists()
