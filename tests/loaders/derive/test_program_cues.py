"""Passing places of a programme's name, on sentences quoted from the sources."""

from __future__ import annotations

import pytest

from loaders.derive.program_cues import counted, passing_cue, places

CASES = [
    # pem-2015:107 a venue
    (
        "La CONDUSEF elaborará 20, 000 ejemplares de un cuadernillo con información básica "
        "sobre remesas que difundirá en los diferentes eventos de la Semana Nacional de "
        "Educación Financiera 2015.",
        "Semana Nacional de Educación Financiera",
        "cue",
    ),
    # pmm-2018:492 the last of a list of venues, far from "durante las"
    (
        "Estas acciones se realizan dentro de las unidades de salud, durante las *Ferias de la "
        "Salud para la Comunidad Migrante*, la *Semana Nacional de Migración*, la *Semana "
        "Binacional de Salud* (México-Estados Unidos).",
        "Semana Binacional de Salud",
        "cue",
    ),
    # pmm-2018:98 a data source
    (
        "se cuenta con una Base de datos (Rapid FTR) que recaba la información derivada de la "
        "aplicación de Protocolo para la Atención Consular de Niñas, Niños y Adolescentes "
        "Migrantes no Acompañados elaborado en colaboración con UNICEF México.",
        "Protocolo para la Atención Consular de Niñas, Niños y Adolescentes Migrantes No "
        "Acompañados",
        "cue",
    ),
    # pem-2018:949 an aside
    (
        "Para 2018 se estima atender a 62,555 personas (la suma de las movilidades, "
        "repatriados, PTAT y MML).",
        "MML",
        "aside",
    ),
    # pem-2018:2281 one item of a list of services
    (
        "la SS otorgará servicios de orientaciones, consejería, detección oportuna, "
        "referencias a servicios de salud, consultas médicas y afiliaciones al Seguro Popular.",
        "Seguro Popular",
        "item",
    ),
    # pmm-2018:677 one activity of another programme's list
    (
        "A través de este Programa de Cooperación se capacitó a un total de 197 personas y se "
        "realizaron las siguientes actividades: Cursos de capacitación para Oficiales de "
        "Protección a la Infancia (OPIS) del INM.",
        "Oficiales de Protección a la Infancia",
        "listed-activity",
    ),
    # pmm-2022:9137 a place where another programme operates
    (
        "a través de los puntos de Repatriación establecidos en los Acuerdos Locales de "
        "Repatriación y en los aeropuertos internacionales en los que opera el Procedimiento "
        "de Repatriación al Interior de México (PRIM).",
        "Procedimiento de Repatriación al Interior de México",
        "cue",
    ),
    # pmm-2018:679 a model
    (
        "para desarrollar un mecanismo destinado a que los países del Triángulo Norte "
        "fortalezcan sus capacidades operativas, tomando como referencia la Estrategia Somos "
        "Mexicanos.",
        "Somos Mexicanos",
        "cue",
    ),
    # pmm-2018:170 a sentence opening with "besides" governs its introductory clause
    (
        "Adicionalmente a la labor que se realiza de manera sistemática mediante los programas "
        "de Ventanillas de Salud, Oportunidades Educativas y Asesoría Financiera, personal "
        "consular participa de manera regular en eventos comunitarios.",
        "Ventanillas de Salud",
        "cue",
    ),
    # pmm-2022:7949 one of the programmes a social audit covers
    (
        "En los siguientes programas federales: 1. Programa Sembrando Vida; 2. Programa de "
        "Becas de Educación Básica para el Bienestar Benito Juárez; 4. Jóvenes Construyendo el "
        "Futuro; 5. IMSS-BIENESTAR;",
        "Jóvenes Construyendo el Futuro",
        "listed-activity",
    ),
    # not passing: pem-2015:39 the programmes are the items themselves
    ("los beneficios de Programa Paisano, Grupos Beta y OPI'S.", "Grupos Beta", None),
    # not passing: an acronym glossing the name before it
    ("el Programa de Trabajadores Agrícolas Temporales (PTAT) operará", "PTAT", None),
    # not passing: pmm-2018:128 a colon opens the list of campaigns the INM took part in
    (
        "el INM participó en campañas de información en colaboración con Organizaciones de la "
        "Sociedad Civil y Organismos Internacionales: “Negocio Mortal”, realizada con la UNODC",
        "Negocio Mortal",
        None,
    ),
    # not passing: pem-2015:64 the new version is the action's work (names before, not work)
    (
        "en la automatización y expansión del Centro de Información y Asistencia a Mexicanos "
        "(CIAM), y en una nueva versión del Sistema Integral de Protección Consular (SIPC).",
        "Sistema Integral de Protección Consular",
        None,
    ),
]


@pytest.mark.parametrize(("text", "name", "kind"), CASES)
def test_passing_places(text: str, name: str, kind: str | None) -> None:
    found = places(text, [name])
    assert found, name
    assert passing_cue(text, found[-1]) == kind


def test_cases_are_all_there() -> None:
    assert len(CASES) == 14


def test_results_that_count_the_programme_s_items() -> None:
    # pmm-2022:2642 the entry's own product, counted
    results = "Desde 2014 se han expedido 249,496 Tarjetas de Visitante por Razones Humanitarias"
    assert counted(results, ["Tarjetas de Visitante por Razones Humanitarias"])
    # pmm-2022:7253 a programme's figure after its name is no count of its items
    other = "las Ventanillas de Asesoría Financiera (VAF) beneficiaron a 347,748 personas."
    assert not counted(other, ["Ventanillas de Asesoría Financiera"])
