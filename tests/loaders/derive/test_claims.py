"""The claims checker on small texts: one test per kind of claim, and the table's errors.

Each text is a few lines written like the reports; the expected verdicts are read from them.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import QB, RDF, XSD

from loaders.derive.claims import Document, evaluate, initials, numbers, spanish_date
from loaders.errors import TableError
from loaders.reference.claims import ClaimRow, parse
from loaders.vocab import MIG, Ids

IDS = Ids()
TEXT = """Informe
Se atendieron 21 personas extranjeras (12 NNA y 9 adultos).
total de 970 mil 467 tarjetas: temporal 601 mil 31, permanente 369 mil 430 (se anexa tabla).
En 2017, se atendió un total de 321,420 llamadas (aprox. 822 llamadas por día).
en 1,178 casos; se evitó la pena de muerte en 1,053 casos: 89.38% de éxito.
en su mayoría por la APF (20), seguido de entidades (7) y finalmente por OCA (9).
Esta red impulsa proyectos en 3 ejes:

- Ciencia;
- Emprendimiento;
- Cultura.

el NAPHSIS verifica registros; consultas en el Sistema de NAPHISIS.
el Sistema de Autorización Electrónica (SAE); Programa Temporal de Regularización Migratoria (PTRM).
el PND, publicado el 20 de mayo de 2013; el PEM, publicado el 30 de abril de 2013.
Como se mencionó en el objetivo 5, la Tarjeta de Visitante Regional.
II. CONFORMACIÓN DEL INFORME
el apartado de Hallazgos generales presenta resultados.
"""


def _graph() -> Graph:
    """Two observations of a cube and one action under GCM objective 5."""
    g = Graph()
    dataset = IDS.dataset("cubo")
    for local, value, line in (("obj01", 36, 2), ("obj07", 46, 3), ("obj15", 37, 4)):
        obs = IDS.observation("cubo", local)
        g.add((obs, RDF.type, QB.Observation))
        g.add((obs, QB.dataSet, dataset))
        g.add((obs, MIG.actionCount, Literal(value, datatype=XSD.integer)))
        g.add((obs, MIG.sourceLineStart, Literal(line, datatype=XSD.integer)))
    action = IDS.action("doc", "obj05-01")
    g.add((action, MIG.contributesTo, IDS.gcm_objective(5)))
    g.add(
        (action, MIG.description, Literal("La Tarjeta de Visitante Regional autoriza", lang="es"))
    )
    return g


DOC = Document("doc", TEXT.splitlines(), _graph(), IDS)


def row(lines: str, kind: str, claim: str) -> ClaimRow:
    (parsed,) = parse(f'document,lines,kind,quote,claim,note\ndoc,{lines},{kind},q,"{claim}",\n')
    return parsed


@pytest.mark.parametrize(
    ("lines", "kind", "claim", "confirmed", "computed"),
    [
        ("2", "suma", "21 = 12 + 9", True, "21"),
        ("3", "suma", "970467 = 601031 + 369430", False, "970461"),
        ("4", "tasa", "822 = 321420 / k(365)", False, "880.6027"),
        ("5", "tasa", "89.38 = 1053 / 1178 * k(100)", True, "89.3888"),  # cut, not rounded
        ("6", "orden", "20 >= 7 >= 9", False, "20 ; 7 ; 9"),
        ("7", "conteo", "3 = items_after(7)", True, "3"),
        ("13", "nombre", '""NAPHSIS"" = ""NAPHISIS""', False, "NAPHSIS ; NAPHISIS"),
        (
            "14",
            "nombre",
            'initials(""Programa Temporal de Regularización Migratoria"") = ""PTRM""',
            True,
            "PTRM",
        ),
        (
            "14",
            "nombre",
            'initials(""Sistema de Autorización Electrónica"") = ""SAE""',
            True,
            "SAE",
        ),
        (
            "15",
            "fecha",
            'date(""20 de mayo de 2013"") <= date(""30 de abril de 2013"")',
            False,
            "2013-05-20 ; 2013-04-30",
        ),
        (
            "16",
            "referencia-cruzada",
            'mentioned(""Tarjeta de Visitante Regional"", 5)',
            True,
            "true",
        ),
        (
            "16",
            "referencia-cruzada",
            'mentioned(""Tarjeta de Visitante Regional"", 1)',
            False,
            "false",
        ),
        ("3", "parte-anunciada", "table_after(3)", False, "false"),
        ("18", "parte-anunciada", 'heading(""Hallazgos generales"")', False, "false"),
        ("17", "parte-anunciada", 'heading(""Conformación del informe"")', True, "true"),
        ("2", "orden", 'rank(""cubo"", ""obj15"") = k(2)', True, "2"),
        ("2", "cifra-repetida", 'k(36) = value(""cubo"", ""obj01"")', True, "36"),
    ],
)
def test_each_kind_of_claim(
    lines: str, kind: str, claim: str, confirmed: bool, computed: str
) -> None:
    check = evaluate(row(lines, kind, claim), DOC)
    assert (check.confirmed, check.computed, check.kind) == (confirmed, computed, kind)
    assert check.es and check.en and check.document == "doc"
    assert int(lines.split("|")[0]) in check.lines


def test_values_are_cited_on_their_lines() -> None:
    check = evaluate(row("3", "suma", "970467 = 601031 + 369430"), DOC)
    assert {(s.line, s.value) for s in check.statements} == {
        (3, "970467"),
        (3, "601031"),
        (3, "369430"),
    }
    observed = evaluate(row("2", "orden", 'rank(""cubo"", ""obj15"") = k(2)'), DOC)
    assert (4, "37") in {(s.line, s.value) for s in observed.statements}  # the figure's line


def test_the_key_depends_on_content_only() -> None:
    a = evaluate(row("2", "suma", "21 = 12 + 9"), DOC)
    b = evaluate(row("2", "suma", "21 = 9 + 12"), DOC)
    c = evaluate(row("2", "suma", "21 = 12 + 9 + k(0)"), DOC)
    assert a.key == b.key == c.key  # same statements, same verdict: the same claim
    assert a.key != evaluate(row("4", "tasa", "822 = 321420 / k(365)"), DOC).key


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ("22 = 12 + 9", "22 is not on line"),  # a figure the text does not state
        ('""NAPHISIS"" = ""X""', "is not on line"),
        ("open(1)", "unknown function"),
        ("21 = 12 +", "does not parse"),
        ('rank(""cubo"", ""obj99"") = k(1)', "no observation"),
    ],
)
def test_a_bad_claim_stops_the_build(claim: str, message: str) -> None:
    with pytest.raises(TableError, match=message):
        evaluate(row("2", "suma", claim), DOC)


def test_table_rows_are_checked() -> None:
    with pytest.raises(TableError, match="kind 'total'"):
        parse("document,lines,kind,quote,claim,note\ndoc,2,total,q,1 = 1,\n")
    with pytest.raises(TableError, match="lines"):
        parse("document,lines,kind,quote,claim,note\ndoc,dos,suma,q,1 = 1,\n")
    (r,) = parse("document,lines,kind,quote,claim,note\ndoc,2-4|9,suma,q,1 = 1,\n")
    assert r.lines == (2, 3, 4, 9)


def test_helpers() -> None:
    assert numbers("970 mil 467; 1,140,001 y 26, 524,933; 89.38%") >= {
        "970467",
        "1140001",
        "26524933",
        "89.38",
    }
    assert initials("Sistema de Autorización Migratoria") == "SAM"
    assert spanish_date("30 de abril de 2013").isoformat() == "2013-04-30"


def test_the_curated_table_reads() -> None:
    from loaders.reference.claims import default_claims

    rows = default_claims()
    assert {r.document for r in rows} == {"pmm-2018", "pmm-2022", "pmm-2024"}
    assert len(rows) == 66
