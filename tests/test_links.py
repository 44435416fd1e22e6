"""Full-corpus tests of programme identity, passing mentions and the graded PEM-GCM crosswalk.

Counts are exact: each follows from the sources and the rules in loaders/derive/; a change
that moves one must say why. The named facts were read in the source files (file:line).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox

from loaders.text import fold
from loaders.vocab import Ids
from tests.test_identity import PREFIX, ask, named

IDS = Ids()
OWL = "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
_NOISE = {"de", "del", "la", "las", "los", "el", "para", "y", "en", "a", "sobre"}
_HEADS = {"programa", "proyecto", "piloto", "estrategia"}


def rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    result = store.query(PREFIX + OWL + query)
    names = [v.value for v in result.variables]
    return [{n: r[n].value for n in names if r[n] is not None} for r in result]


def _normalised(label: str) -> str:
    """A label without accents, case, connectives, generic heads or plural endings."""
    words = re.findall(r"\w+", fold(label))
    return " ".join(w.rstrip("s") for w in words if w not in _NOISE | _HEADS)


def test_no_programme_has_two_iris(corpus_store: ox.Store) -> None:
    labels = rows(
        corpus_store,
        "SELECT DISTINCT ?p ?l WHERE { ?p a mig:Program . "
        "{ ?p skos:prefLabel ?l } UNION { ?p skos:altLabel ?l } }",
    )
    by_label: dict[str, set[str]] = defaultdict(set)
    for r in labels:
        by_label[_normalised(r["l"])].add(r["p"])
    assert len(by_label) > 100
    assert {k: v for k, v in by_label.items() if len(v) > 1} == {}


def test_retired_iris_are_same_as_the_kept_ones(corpus_store: ox.Store) -> None:
    # pmm-2018:163 "Ventanillas de Atención Integral para la Mujer", :519 "la Ventanilla ...
    # (VAIM) descrita previamente"; pem-2018:52 "Proyecto Piloto Municipios Fronterizos de
    # Derechos Humanos", pmm-2018:534 "el programa piloto: Municipios Fronterizos ..."
    pairs = rows(corpus_store, "SELECT ?r ?k WHERE { ?r owl:sameAs ?k }")
    assert {(r["r"], r["k"]) for r in pairs} == {
        (
            str(IDS.program("ventanillas-de-atencion-integral-para-la-mujer")),
            str(IDS.program("ventanilla-de-atencion-integral-para-la-mujer")),
        ),
        (
            str(IDS.program("municipios-fronterizos-de-derechos-humanos")),
            str(IDS.program("proyecto-piloto-municipios-fronterizos")),
        ),
    }
    for r in pairs:
        assert not ask(corpus_store, f"ASK {{ <{r['r']}> a mig:Program }}")
    vaim = IDS.program("ventanilla-de-atencion-integral-para-la-mujer")
    for action in ("pmm-2018/obj03-14", "pem-2018/1.4.7-1", "pmm-2022/obj16-2"):
        doc, local = action.split("/")
        assert ask(corpus_store, f"ASK {{ <{IDS.action(doc, local)}> mig:aboutProgram <{vaim}> }}")


def test_a_generic_name_links_and_mints_nothing(corpus_store: ox.Store) -> None:
    # pmm-2018:235 "han participado 1,876 trabajadores ... en el Mecanismo de Movilidad Laboral"
    assert not ask(corpus_store, "ASK { ?p a mig:Program ; skos:prefLabel ?l "
                   "FILTER(STR(?l) = 'Mecanismo de Movilidad Laboral') }")  # fmt: skip
    # pmm-2022:2356 the SNE's "Mecanismo Movilidad Laboral Externa para Trabajadores no Agrícolas"
    mml = IDS.program("mecanismo-movilidad-laboral")
    assert not ask(corpus_store, f"ASK {{ <{IDS.action('pmm-2022', 'obj06-5')}> ?rel <{mml}> }}")
    action = IDS.action("pmm-2018", "obj05-07")
    assert ask(corpus_store, f"ASK {{ <{action}> mig:aboutProgram <{mml}> }}")


def test_passing_mentions_are_apart(corpus_store: ox.Store) -> None:
    found = rows(corpus_store, "SELECT ?a ?p WHERE { ?a mig:mentionsProgram ?p }")
    assert len(found) == 18
    assert not ask(corpus_store, "ASK { ?a mig:mentionsProgram ?p ; mig:aboutProgram ?p }")
    # pmm-2022:5447-5476: consular outreach "Conforme a los resultados obtenidos ... en la
    # Encuesta sobre Migración en la Frontera Norte de México (EMIF Norte)": results only
    action, emif = IDS.action("pmm-2022", "obj12-1"), IDS.program("emif-norte")
    assert ask(corpus_store, f"ASK {{ <{action}> mig:mentionsProgram <{emif}> }}")
    # pem-2018:4513 "el Programa OASISS, con la participación de PGR, INM, Grupo BETA": co-actor
    action, beta = IDS.action("pem-2018", "5.3.4-1"), IDS.program("grupos-beta")
    assert ask(corpus_store, f"ASK {{ <{action}> mig:mentionsProgram <{beta}> }}")
    assert len(rows(corpus_store, "SELECT ?a ?p WHERE { ?a mig:aboutProgram ?p }")) == 235


def test_programmes_named_in_the_2024_report(corpus_store: ox.Store) -> None:
    found = rows(
        corpus_store,
        "SELECT ?p ?o ?line WHERE { ?m mig:mentionOf ?p ; mig:mentionedUnder ?o ; "
        "mig:sourceLineStart ?line }",
    )
    assert {(r["p"].rsplit("/", 1)[1], r["o"].rsplit("/", 1)[1], r["line"]) for r in found} == {
        ("ptat", "6", "199"),  # "el Programa de Trabajadores Agrícolas Temporales (PTAT)"
        ("mecanismo-movilidad-laboral", "6", "199"),  # "el Mecanismo ... con Canadá"
        ("tarjeta-visitante-trabajador-fronterizo", "4", "167"),
        ("tarjeta-visitante-razones-humanitarias", "4", "167"),
        ("jovenes-construyendo-el-futuro", "2", "145"),
    }  # fmt: skip


# --- the crosswalk -------------------------------------------------------------------------


def test_published_and_candidate_counts(corpus_store: ox.Store) -> None:
    counts = rows(
        corpus_store,
        "SELECT ?pub (COUNT(?c) AS ?n) WHERE { ?c a mig:Correspondence ; mig:published ?pub } "
        "GROUP BY ?pub",
    )
    # 277 candidates since who acted reads more responsible agencies: two more pairs have the
    # same agency doing similar work (the published 23 are unchanged)
    assert {r["pub"]: int(r["n"]) for r in counts} == {"true": 23, "false": 277}
    links = rows(
        corpus_store, "SELECT ?l ?o WHERE { ?l a mig:PEMLineOfAction ; skos:relatedMatch ?o }"
    )
    assert len(links) == 23  # fmt: skip
    # both directions, and a candidate is never a published link
    assert not ask(corpus_store, "ASK { ?l a mig:PEMLineOfAction ; skos:relatedMatch ?o . "
                   "FILTER NOT EXISTS { ?o skos:relatedMatch ?l } }")  # fmt: skip
    assert not ask(corpus_store, "ASK { ?l mig:candidateMatch ?o ; skos:relatedMatch ?o }")


def test_a_published_link_read_in_the_sources(corpus_store: ox.Store) -> None:
    # pem-2018:3529 "Impulsar acuerdos para el reconocimiento y portabilidad de los beneficios de
    # seguridad social" continues GCM objective 22 (pmm-2024:377 "Establecer mecanismos para la
    # portabilidad de la seguridad social y las prestaciones adquiridas")
    line, objective = IDS.pem_line("4.5.1"), IDS.gcm_objective(22)
    assert ask(corpus_store, f"ASK {{ <{line}> skos:relatedMatch <{objective}> }}")
    node = IDS.correspondence("4.5.1", "22")
    found = rows(corpus_store, f"SELECT ?s ?k WHERE {{ <{node}> mig:correspondenceScore ?s ; "
                 "mig:evidenceKind ?k }")  # fmt: skip
    assert float(found[0]["s"]) >= 0.51
    assert {r["k"].split("#")[1] for r in found} >= {"PurposeEvidence", "TextEvidence"}


def test_the_issue_s_wrong_links_are_not_published(corpus_store: ox.Store) -> None:
    # pem-2018:3565 labour complaints vs objective 11 (border management); pem-2018:41 law
    # harmonisation vs objective 23 (international cooperation)
    for code, objective in (("4.5.3", 11), ("1.1.2", 23)):
        line, obj = IDS.pem_line(code), IDS.gcm_objective(objective)
        assert not ask(corpus_store, f"ASK {{ <{line}> skos:relatedMatch <{obj}> }}")


def test_predecessors_query_ranks_by_score(corpus_store: ox.Store) -> None:
    found = named(corpus_store, "crosswalk_pem_predecessors_for_gcm", gcm=IDS.gcm_objective(20))
    scores = [float(r["score"]) for r in found]
    assert scores == sorted(scores, reverse=True) and len(found) >= 3
    published = [r["lineNotation"] for r in found if r["published"] == "true"]
    assert published == ["2.5.2", "2.5.5", "2.5.1", "2.5.3"]  # remittances, financial inclusion
