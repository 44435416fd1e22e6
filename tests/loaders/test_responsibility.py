"""Subject extraction on the sentence shapes the PEM documents use (loaders.responsibility)."""

from __future__ import annotations

import pytest

from loaders.reference.agencies import default_registry
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


# --- a report of past actions (issue 14): every tense names who acted ----------------------


@pytest.mark.parametrize(
    ("text", "responsible", "collaborators"),
    [
        # pmm-2018-informe.txt:627
        (
            "Con este mismo propósito funciona el Procedimiento de Repatriación al Interior de"
            " México (PRIM) que es operado por el Instituto Nacional de Migración (INM).",
            ["inm"],
            [],
        ),
        # :133
        (
            "La Secretaría de Relaciones Exteriores en 2013, puso al servicio la aplicación.",
            ["sre"],
            [],
        ),
        # :669
        ("Además, a través del INM se tiene un intercambio de experiencias.", ["inm"], []),
        # :221
        (
            "Otra de las acciones que llevó a cabo el Instituto Nacional de Migración fue…",
            ["inm"],
            [],
        ),
        # :127
        ("También el INM cuenta con el Programa Paisano.", ["inm"], []),
        (
            "En 2012, la SRE y el INM colaboraron para determinar los estándares.",
            ["sre", "inm"],
            [],
        ),
        ("El INM, en coordinación con la COMAR, elaboró un protocolo.", ["inm"], ["comar"]),
        ("Un grupo conformado por la COMAR y la STPS revisó los casos.", [], ["comar", "stps"]),
        ("El INM colabora con la COMAR en el marco del Protocolo.", ["inm"], ["comar"]),
    ],
)
def test_report_readings(text: str, responsible: list[str], collaborators: list[str]) -> None:
    who = attribute(text, fixed_registry(), report=True)
    assert [a.slug for a in who.responsible] == responsible
    assert [a.slug for a in who.collaborators] == collaborators


def test_bodies_a_generic_head_stands_for() -> None:
    # pmm-2018-informe.txt:437 "con el apoyo de las instancias ..., entre ellas" and names
    # without articles (the shipped registry: the fixture one lacks these bodies)
    text = (
        "la formación de los OPI se realiza con el apoyo de las instancias nacionales e "
        "internacionales que participan en la atención de NNA, entre ellas el Sistema "
        "Nacional para el Desarrollo Integral de la Familia, Comisión Mexicana de Ayuda a "
        "Refugiados, Oficina del Alto Comisionado de las Naciones Unidas para los "
        "Refugiados, entre otros."
    )
    who = attribute(text, default_registry(), report=True)
    assert [a.slug for a in who.collaborators] == ["sndif", "comar", "acnur"]


def test_a_past_act_in_a_plan_is_context() -> None:
    who = attribute("La SRE realizó en 2014 una campaña.", fixed_registry())
    assert who.responsible == [] and who.past_subjects == ["SRE"]
    assert attribute("La SRE realizó una campaña.", fixed_registry(), report=True).responsible


@pytest.mark.parametrize(
    "text",
    [
        "Además, se cuenta con la Guía del Viajero. La Guía tiene como objetivo informar.",
        "La Semana de Educación Financiera es una estrategia. Históricamente la SEF ha beneficiado"
        " a más de 450,000 personas.",
    ],
)
def test_things_that_are_not_bodies(text: str) -> None:
    who = attribute(text, fixed_registry(), report=True)
    assert who.responsible == [] and who.unresolved == []
    assert who.reason_es == (
        "El texto no nombra a ninguna institución que lleve a cabo la acción"
        " (construcción impersonal o nominal)."
    )


def test_unknown_body_reason_in_spanish() -> None:
    who = attribute("El INMI difundirá una campaña.", fixed_registry())
    assert who.reason_es == (
        "La institución que el texto nombra como responsable («INMI») no está en el registro"
        " de instituciones."
    )
