"""Subject extraction on the sentence shapes the PEM documents use (loaders.responsibility)."""

from __future__ import annotations

import pytest

from loaders.responsibility import attribute
from tests.loaders.sources.pem.support import fixed_registry


@pytest.mark.parametrize(
    ("text", "responsible", "collaborators"),
    [
        ("La SRE realizará una campaña.", ["sre"], []),
        ("El INM, en coordinación con la COMAR, implementará un protocolo.", ["inm"], ["comar"]),
        ("La SFP a través del OIC del INM, analizará proyectos.", ["sfp"], []),
        (
            "La UPM, el CONAPO, la STPS y El COLEF llevarán a cabo la encuesta.",
            ["upm", "conapo", "stps", "colef"],
            [],
        ),
        (
            "Se generarán materiales: a) la SS producirá guías y, b) el INM generará folletos.",
            ["ss", "inm"],
            [],
        ),
        ("En el marco del Programa Paisano, SEDESOL realizará acciones.", ["sedesol"], []),
        (
            "La Cámara de Diputados asignó recursos. La SEDESOL tiene como meta 2,300 proyectos.",
            ["sedesol"],
            [],
        ),
        ("En dicho esfuerzo colaboran la UPM y el CONAPO.", [], ["upm", "conapo"]),
    ],
)
def test_subjects(text: str, responsible: list[str], collaborators: list[str]) -> None:
    who = attribute(text, fixed_registry())
    assert [a.slug for a in who.responsible] == responsible
    assert [a.slug for a in who.collaborators] == collaborators


def test_unknown_acting_body_is_reported_not_guessed() -> None:
    who = attribute("El INMI difundirá una campaña.", fixed_registry())
    assert who.responsible == [] and who.unresolved == ["INMI"]
    assert who.reason is not None and "'INMI'" in who.reason


def test_impersonal_text_has_a_reason() -> None:
    who = attribute("Se realizará el Primer Encuentro de Becarios CONACYT.", fixed_registry())
    assert who.responsible == [] and who.unresolved == []
    assert who.reason == "The text names no acting body (impersonal or nominal construction)."
