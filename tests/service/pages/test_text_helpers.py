"""The pages' pure helpers on real source lines: quotes, forms, titles, collation, errors."""

from __future__ import annotations

from loaders.pipeline.manifest import SOURCES_DIR
from service.pages import collation, quotes, titles
from service.pages.errors import spanish_validation
from service.pages.forms import without_empty

PEM_2015 = (SOURCES_DIR / "pem-2015-acciones.txt").read_text("utf-8").splitlines()


def test_a_row_is_narrowed_to_the_cell_the_action_is() -> None:
    row = PEM_2015[11]
    _line_of_action, _upm, renapo = row.split("\t")
    quoted = quotes.excerpt([(12, row)], [renapo[:80]])
    assert quoted == [(12, renapo.strip())]
    assert quotes.excerpt([(12, row)], []) == [(12, " ".join(row.split()))]


def test_markup_is_dropped() -> None:
    row = PEM_2015[15]
    assert row.startswith("<p>1.1.5 ")
    cells = [c for _, c in quotes.excerpt([(16, row)], ["La UPM revisará y hará comentarios"])]
    assert len(cells) == 1 and cells[0].startswith("La UPM revisará") and "<p>" not in cells[0]
    assert quotes.clean("el *Observatorio de Migración Internacional*, el cual") == (
        "el Observatorio de Migración Internacional, el cual"
    )


def test_paragraphs_join_a_pdfs_lines() -> None:
    lines = [(1, "Con el objetivo de"), (2, "que se incluyan"), (3, " "), (4, "Resultados")]
    assert quotes.paragraphs(lines) == [
        (1, "Con el objetivo de que se incluyan"),
        (4, "Resultados"),
    ]


def test_empty_form_fields_are_dropped() -> None:
    assert without_empty(b"year=&gcm=&q=ni%C3%B1as+x&agency=+") == b"q=ni%C3%B1as+x"
    assert without_empty(b"q=a&page=2") == b"q=a&page=2"


def test_titles_cut_at_a_word() -> None:
    text = "El RENAPO y la Secretaría General del CONAPO, en coordinación con la Unidad General"
    assert titles.cut(text, 40) == "El RENAPO y la Secretaría General del…"
    assert titles.cut("corto", 40) == "corto"


def test_spanish_order_ignores_accents_and_case() -> None:
    names = ["Órgano Interno", "oficina", "Secretaría", "Academia", "Área de Auditoría"]
    assert collation.sorted_by(names, str) == [
        "Academia", "Área de Auditoría", "oficina", "Órgano Interno", "Secretaría",
    ]  # fmt: skip


def test_validation_errors_in_spanish() -> None:
    errors = [{"type": "int_parsing", "loc": ("query", "year"), "input": "abc"},
              {"type": "less_than_equal", "loc": ("query", "gcm"), "input": "40",
               "ctx": {"le": 23}}]  # fmt: skip
    assert spanish_validation(errors) == (
        "El parámetro «year» debe ser un número entero (se recibió «abc»). "
        "El parámetro «gcm» debe ser como mucho 23 (se recibió «40»)."
    )
