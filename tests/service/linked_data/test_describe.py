"""A resource page's model from SPARQL rows, and its source passage (no server)."""

from __future__ import annotations

from pathlib import Path

from service.linked_data.describe import page_model, source_passage

BASE = "https://w3id.org/migracion-mx/id/"
MIG = "https://w3id.org/migracion-mx/def#"
DOC = BASE + "documento/doc-x"
IRI = BASE + "accion/doc-x/1"


def _row(direction: str, p: str, x: dict[str, str], **extra: dict[str, str]) -> dict:
    return {
        "dir": {"type": "literal", "value": direction},
        "p": {"type": "uri", "value": p},
        "x": x,
        "g": {"type": "uri", "value": BASE + "grafo/doc-x"},
        **extra,
    }


def _lit(value: str, lang: str = "") -> dict[str, str]:
    return {"type": "literal", "value": value, **({"xml:lang": lang} if lang else {})}


ROWS = [
    _row(
        "out",
        "http://www.w3.org/ns/prov#wasDerivedFrom",
        {"type": "uri", "value": DOC},
        file=_lit("doc-x.txt"),
    ),
    _row("out", MIG + "sourceLineStart", _lit("2")),
    _row("out", MIG + "sourceLineEnd", _lit("3")),
    _row("out", MIG + "description", _lit("Texto", "es")),
    _row("out", "http://www.w3.org/2004/02/skos/core#prefLabel", _lit("Action", "en")),
    _row("out", "http://www.w3.org/2004/02/skos/core#prefLabel", _lit("Acción", "es")),
    _row("in", MIG + "about", {"type": "uri", "value": BASE + "otro"}, label=_lit("Otro", "es")),
]


def test_page_model_prefers_spanish_and_groups_links() -> None:
    model = page_model(IRI, ROWS, incoming_cap=10)
    assert model.label == "Acción"
    assert model.description == "Texto"
    assert [(x["value"], label) for x, _, label in model.incoming] == [(BASE + "otro", "Otro")]
    assert model.files == {DOC: "doc-x.txt"}


def test_passage_from_the_documents_file_name(tmp_path: Path) -> None:
    (tmp_path / "doc-x.txt").write_text("uno\ndos\ntres\ncuatro\n", "utf-8")
    passage = source_passage(page_model(IRI, ROWS, 10), BASE, tmp_path)
    assert passage is not None
    assert (passage.file, passage.lines) == ("doc-x.txt", [(2, "dos"), (3, "tres")])


def test_file_name_never_leaves_the_sources_dir(tmp_path: Path) -> None:
    rows = [dict(ROWS[0], file=_lit("../secret.txt")), *ROWS[1:]]
    (tmp_path.parent / "secret.txt").write_text("no\nno\nno\n", "utf-8")
    assert source_passage(page_model(IRI, rows, 10), BASE, tmp_path) is None
